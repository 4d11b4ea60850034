import { z } from "zod";

import type { Prisma } from "~/generated/prisma/client";
import type { CertificateData } from "~/models/certificate-pdf.server";
import { audit } from "~/utils/audit.server";
import { prisma } from "~/utils/db.server";
import { conflict, forbidden, notFound } from "~/utils/http.server";
import { userCan } from "~/utils/permissions.server";
import { imageType, readUpload, saveUpload } from "~/utils/uploads.server";
import { getSessionUser, type SessionUser } from "~/utils/session.server";

/**
 * Award programmes, their categories, awards and recipients, and the embargo that keeps winners secret until the
 * announcement (ADR 010). Every read that anyone but an award organizer can reach goes through `announcedWhere`:
 * a programme is public once it is ANNOUNCED, or SCHEDULED with its time come. Nothing else decides it, so a
 * scheduled announcement goes public at its minute without anyone (or any timer) doing anything.
 */
export function announcedWhere(now = new Date()): Prisma.AwardProgrammeWhereInput {
  return { OR: [{ status: "ANNOUNCED" }, { status: "SCHEDULED", announceAt: { lte: now } }] };
}

export function isAnnounced(programme: { status: string; announceAt: Date | null }, now = new Date()) {
  return programme.status === "ANNOUNCED" || (programme.status === "SCHEDULED" && programme.announceAt !== null && programme.announceAt <= now);
}

/**
 * Who runs a programme: admins and award organizers (any programme), and the organizers of the ceremony event it
 * belongs to. Everyone else sees it only once it is announced.
 */
export async function canManageProgramme(user: SessionUser | null, programme: { eventId: string | null }) {
  if (!user) return false;
  return userCan(user, "update:award", programme.eventId ? { eventId: programme.eventId } : {});
}

const programmeSelect = {
  id: true,
  slug: true,
  year: true,
  nameZh: true,
  nameEn: true,
  descriptionZh: true,
  descriptionEn: true,
  status: true,
  announceAt: true,
  announcedAt: true,
  announceAsRevealed: true,
  eventId: true,
  agendaItemId: true,
  event: { select: { slug: true, titleZh: true, titleEn: true, timeZone: true } },
  agendaItem: { select: { titleZh: true, titleEn: true, startsAt: true } },
  announcedBy: { select: { nameZh: true, nameEn: true } },
} satisfies Prisma.AwardProgrammeSelect;

/**
 * A programme for the person asking: its managers always see it; anyone else (signed in or not) only once it is
 * announced. An embargoed programme is a 404 to them, exactly like one that does not exist, so not even its
 * existence leaks.
 */
export async function requireProgramme(request: Request, slug: string | undefined, options: { manage?: boolean } = {}) {
  const programme = slug ? await prisma.awardProgramme.findUnique({ where: { slug }, select: programmeSelect }) : null;
  if (!programme) throw notFound("awards.notFound");
  const user = await getSessionUser(request);
  const canManage = await canManageProgramme(user, programme);
  if (options.manage && !canManage) {
    // a signed-in person who may not manage it learns nothing more than a stranger: 404 while embargoed
    if (!isAnnounced(programme)) throw notFound("awards.notFound");
    throw forbidden();
  }
  if (!canManage && !isAnnounced(programme)) throw notFound("awards.notFound");
  return { programme, user, canManage };
}

const recipientSelect = {
  id: true,
  kind: true,
  displayNameZh: true,
  displayNameEn: true,
  position: true,
  userId: true,
  teamId: true,
  departmentId: true,
  user: { select: { nameZh: true, nameEn: true, deletedAt: true, profile: { select: { department: { select: { nameZh: true, nameEn: true } } } } } },
  team: { select: { nameZh: true, nameEn: true, members: { orderBy: [{ isLead: "desc" }, { position: "asc" }], select: { isLead: true, user: { select: { id: true, nameZh: true, nameEn: true } } } } } },
  department: { select: { nameZh: true, nameEn: true } },
} satisfies Prisma.AwardRecipientSelect;

/** The categories, awards and recipients of a programme, in order. */
export async function programmeContents(programmeId: string) {
  return prisma.awardCategory.findMany({
    where: { programmeId },
    orderBy: { position: "asc" },
    select: {
      id: true,
      nameZh: true,
      nameEn: true,
      levelZh: true,
      levelEn: true,
      position: true,
      awards: {
        orderBy: { position: "asc" },
        select: { id: true, citationZh: true, citationEn: true, photoUrl: true, position: true, recipients: { orderBy: { position: "asc" }, select: recipientSelect } },
      },
    },
  });
}
export type ProgrammeContents = Awaited<ReturnType<typeof programmeContents>>;

/** Programmes a person may see: all of them for award organizers, only announced ones for everyone else. */
export async function listProgrammes(user: SessionUser | null, now = new Date()) {
  const all = user ? await userCan(user, "read:award") : false;
  const rows = await prisma.awardProgramme.findMany({
    where: all ? {} : announcedWhere(now),
    orderBy: [{ year: "desc" }, { slug: "asc" }],
    select: { ...programmeSelect, _count: { select: { categories: true } } },
  });
  if (all || !user) return rows;
  // organizers of a ceremony event also see that event's programmes before the announcement
  const own = await prisma.awardProgramme.findMany({
    where: { NOT: announcedWhere(now), event: { eventRoles: { some: { userId: user.id, role: { permissions: { some: { action: "update", entity: "award", access: "own" } } } } } } },
    orderBy: [{ year: "desc" }, { slug: "asc" }],
    select: { ...programmeSelect, _count: { select: { categories: true } } },
  });
  return [...own, ...rows].sort((a, b) => b.year - a.year || a.slug.localeCompare(b.slug));
}

// ───────────────────────── status ─────────────────────────

export const statusActionSchema = z.discriminatedUnion("to", [
  z.object({ to: z.literal("APPROVED") }),
  z.object({ to: z.literal("DRAFT") }),
  z.object({ to: z.literal("ANNOUNCED") }),
  z.object({ to: z.literal("SCHEDULED"), announceAt: z.date() }),
]);
export type StatusAction = z.infer<typeof statusActionSchema>;

const ALLOWED: Record<string, string[]> = {
  DRAFT: ["APPROVED", "ANNOUNCED"],
  APPROVED: ["DRAFT", "SCHEDULED", "ANNOUNCED"],
  SCHEDULED: ["DRAFT", "APPROVED", "SCHEDULED", "ANNOUNCED"],
  ANNOUNCED: [],
};

/**
 * Moves a programme along draft → approved → scheduled, or straight to announced. Announcing records who and when;
 * scheduling records who scheduled it, and the announcement takes that person and the scheduled time when it
 * comes. An announcement is final: taking winners back is a correction, not an un-announcement (409).
 */
export async function changeProgrammeStatus(actorId: string, programmeId: string, action: StatusAction, now = new Date()) {
  return prisma.$transaction(async (tx) => {
    const programme = await tx.awardProgramme.findUniqueOrThrow({ where: { id: programmeId }, select: { status: true, announceAt: true } });
    const current = isAnnounced(programme, now) ? "ANNOUNCED" : programme.status;
    if (!ALLOWED[current]!.includes(action.to)) throw conflict("awards.status.notAllowed");
    if (action.to === "SCHEDULED" && action.announceAt <= now) throw conflict("awards.status.pastTime");
    const data: Prisma.AwardProgrammeUpdateInput =
      action.to === "ANNOUNCED"
        ? { status: "ANNOUNCED", announcedAt: now, announcedBy: { connect: { id: actorId } }, announceAt: null }
        : action.to === "SCHEDULED"
          ? { status: "SCHEDULED", announceAt: action.announceAt, announcedBy: { connect: { id: actorId } }, announcedAt: null }
          : { status: action.to, announceAt: null, announcedBy: { disconnect: true }, announcedAt: null };
    await tx.awardProgramme.update({ where: { id: programmeId }, data });
    if (action.to === "ANNOUNCED") await giveAwardeeRibbons(tx, programmeId);
    await audit({ actorId, action: `award.${action.to.toLowerCase()}`, entityType: "AwardProgramme", entityId: programmeId, metadata: action.to === "SCHEDULED" ? { announceAt: action.announceAt.toISOString() } : {} }, tx);
  });
}

/**
 * Once a programme is announced, the winners' badges for its ceremony say so: individual winners and members of
 * winning teams whose badge carries only the staff or new-hire ribbon get the awardee ribbon (organizers and
 * speakers keep theirs). Before the announcement no badge may tell.
 */
async function giveAwardeeRibbons(tx: Prisma.TransactionClient, programmeId: string) {
  const programme = await tx.awardProgramme.findUniqueOrThrow({ where: { id: programmeId }, select: { eventId: true } });
  if (!programme.eventId) return;
  const recipients = await tx.awardRecipient.findMany({
    where: { award: { category: { programmeId } } },
    select: { userId: true, team: { select: { members: { select: { userId: true } } } } },
  });
  const userIds = [...new Set(recipients.flatMap((recipient) => [recipient.userId, ...(recipient.team?.members.map((member) => member.userId) ?? [])]).filter((id): id is string => Boolean(id)))];
  await tx.badge.updateMany({ where: { eventId: programme.eventId, userId: { in: userIds }, revokedAt: null, ribbon: { in: ["STAFF", "NEW_HIRE"] } }, data: { ribbon: "AWARDEE" } });
}

/**
 * Writes down scheduled announcements whose time has come (status ANNOUNCED, announced at the scheduled time).
 * Visibility does not wait for this: `announcedWhere` already treats them as announced. It keeps the stored
 * status honest for exports and the audit trail, and is run on reads of the awards pages.
 */
export async function settleScheduledAnnouncements(now = new Date()) {
  const due = await prisma.awardProgramme.findMany({ where: { status: "SCHEDULED", announceAt: { lte: now } }, select: { id: true, announceAt: true, announcedById: true } });
  for (const programme of due) {
    await prisma.$transaction(async (tx) => {
      const { count } = await tx.awardProgramme.updateMany({ where: { id: programme.id, status: "SCHEDULED" }, data: { status: "ANNOUNCED", announcedAt: programme.announceAt } });
      if (count) await giveAwardeeRibbons(tx, programme.id);
      if (count) await audit({ actorId: programme.announcedById, action: "award.announced-on-schedule", entityType: "AwardProgramme", entityId: programme.id }, tx);
    });
  }
  return due.length;
}

// ───────────────────────── building a programme ─────────────────────────

const text = (max: number) => z.string().trim().max(max, { message: "form.tooLong" });
const required = (max: number) => text(max).min(1, { message: "form.required" });

export const programmeSchema = z.object({
  year: z.coerce.number({ message: "form.required" }).int().min(2000, { message: "awards.form.year" }).max(2100, { message: "awards.form.year" }),
  slug: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9][a-z0-9-]{2,60}$/, { message: "awards.form.slug" })
    // the names of pages under /awards/
    .refine((slug) => !["new", "honours", "photo"].includes(slug), { message: "awards.form.slugTaken" }),
  nameZh: required(120),
  nameEn: required(160),
  descriptionZh: text(2000).default(""),
  descriptionEn: text(3000).default(""),
  eventSlug: text(120).default(""),
});

/** A new programme, a draft, linked to its ceremony event (and that event's award segment, when it has one). */
export async function createProgramme(actorId: string, input: z.infer<typeof programmeSchema>) {
  return prisma.$transaction(async (tx) => {
    if (await tx.awardProgramme.findUnique({ where: { slug: input.slug }, select: { id: true } })) throw conflict("awards.form.slugTaken");
    const event = input.eventSlug ? await tx.event.findUnique({ where: { slug: input.eventSlug }, select: { id: true } }) : null;
    if (input.eventSlug && !event) throw notFound("event.notFound");
    const segment = event ? await tx.agendaItem.findFirst({ where: { eventId: event.id, kind: "AWARD_SEGMENT" }, orderBy: { startsAt: "asc" }, select: { id: true } }) : null;
    const programme = await tx.awardProgramme.create({
      data: {
        slug: input.slug,
        year: input.year,
        nameZh: input.nameZh,
        nameEn: input.nameEn,
        descriptionZh: input.descriptionZh,
        descriptionEn: input.descriptionEn,
        eventId: event?.id ?? null,
        agendaItemId: segment?.id ?? null,
      },
      select: { id: true, slug: true },
    });
    await audit({ actorId, action: "award.programme.create", entityType: "AwardProgramme", entityId: programme.id, eventId: event?.id ?? null }, tx);
    return programme;
  });
}

export const categorySchema = z.object({ nameZh: required(80), nameEn: required(120), levelZh: text(40).default(""), levelEn: text(60).default("") });

export async function addCategory(actorId: string, programmeId: string, input: z.infer<typeof categorySchema>) {
  return prisma.$transaction(async (tx) => {
    const last = await tx.awardCategory.findFirst({ where: { programmeId }, orderBy: { position: "desc" }, select: { position: true } });
    const category = await tx.awardCategory.create({ data: { ...input, programmeId, position: (last?.position ?? -1) + 1 }, select: { id: true } });
    await audit({ actorId, action: "award.category.create", entityType: "AwardCategory", entityId: category.id }, tx);
    return category;
  });
}

/**
 * One award as entered by an organizer. Recipients are named the way people know them: staff by employee number
 * or email; a team by its name and its members (the first is the lead); a department by its id.
 */
export const awardSchema = z
  .object({
    categoryId: z.string().min(1),
    citationZh: text(2000).default(""),
    citationEn: text(3000).default(""),
    kind: z.enum(["INDIVIDUAL", "TEAM", "DEPARTMENT"]),
    people: text(4000).default(""),
    teamNameZh: text(120).default(""),
    teamNameEn: text(160).default(""),
    departmentId: text(40).default(""),
  })
  .superRefine((value, ctx) => {
    if (value.kind === "DEPARTMENT" && !value.departmentId) ctx.addIssue({ code: "custom", path: ["departmentId"], message: "form.required" });
    if (value.kind !== "DEPARTMENT" && !value.people.trim()) ctx.addIssue({ code: "custom", path: ["people"], message: "form.required" });
    if (value.kind === "TEAM" && !value.teamNameZh) ctx.addIssue({ code: "custom", path: ["teamNameZh"], message: "form.required" });
    if (value.kind === "TEAM" && !value.teamNameEn) ctx.addIssue({ code: "custom", path: ["teamNameEn"], message: "form.required" });
  });
export type AwardInput = z.infer<typeof awardSchema>;

export type AwardOutcome = { ok: true; awardId: string } | { ok: false; field: "people" | "departmentId"; messageKey: "awards.form.unknownPeople" | "awards.form.unknownDepartment"; unknown: string[] };

/** Adds an award with its recipients, all or nothing: one unknown person and nothing is written. */
export async function addAward(actorId: string, programmeId: string, input: AwardInput): Promise<AwardOutcome> {
  return prisma.$transaction(async (tx) => {
    const category = await tx.awardCategory.findFirst({ where: { id: input.categoryId, programmeId }, select: { id: true } });
    if (!category) throw notFound("awards.notFound");
    const identifiers = input.people
      .split(/[\n,;，；、]+/)
      .map((value) => value.trim())
      .filter(Boolean);
    const people = [];
    const unknown = [];
    for (const identifier of identifiers) {
      const user = await tx.user.findFirst({
        where: { deletedAt: null, kind: "STAFF", OR: [{ email: identifier.toLowerCase() }, { profile: { employeeNo: identifier } }] },
        select: { id: true, nameZh: true, nameEn: true },
      });
      if (user) people.push(user);
      else unknown.push(identifier);
    }
    if (unknown.length) return { ok: false as const, field: "people" as const, messageKey: "awards.form.unknownPeople" as const, unknown };

    const last = await tx.award.findFirst({ where: { categoryId: category.id }, orderBy: { position: "desc" }, select: { position: true } });
    let recipients: Prisma.AwardRecipientCreateWithoutAwardInput[];
    if (input.kind === "DEPARTMENT") {
      const department = await tx.department.findUnique({ where: { id: input.departmentId }, select: { id: true, nameZh: true, nameEn: true } });
      if (!department) return { ok: false as const, field: "departmentId" as const, messageKey: "awards.form.unknownDepartment" as const, unknown: [input.departmentId] };
      recipients = [{ kind: "DEPARTMENT", department: { connect: { id: department.id } }, displayNameZh: department.nameZh, displayNameEn: department.nameEn }];
    } else if (input.kind === "TEAM") {
      const unique = [...new Map(people.map((person) => [person.id, person])).values()];
      const team = await tx.team.create({
        data: { nameZh: input.teamNameZh, nameEn: input.teamNameEn, members: { create: unique.map((person, i) => ({ userId: person.id, isLead: i === 0, position: i })) } },
        select: { id: true },
      });
      recipients = [{ kind: "TEAM", team: { connect: { id: team.id } }, displayNameZh: input.teamNameZh, displayNameEn: input.teamNameEn }];
    } else {
      recipients = people.map((person, position) => ({ kind: "INDIVIDUAL" as const, user: { connect: { id: person.id } }, displayNameZh: person.nameZh, displayNameEn: person.nameEn, position }));
    }
    const award = await tx.award.create({
      data: { categoryId: category.id, citationZh: input.citationZh, citationEn: input.citationEn, position: (last?.position ?? -1) + 1, recipients: { create: recipients } },
      select: { id: true },
    });
    await audit({ actorId, action: "award.create", entityType: "Award", entityId: award.id }, tx);
    return { ok: true as const, awardId: award.id };
  });
}

export async function removeAward(actorId: string, programmeId: string, awardId: string) {
  return prisma.$transaction(async (tx) => {
    const award = await tx.award.findFirst({ where: { id: awardId, category: { programmeId } }, select: { id: true } });
    if (!award) return false;
    await tx.award.delete({ where: { id: award.id } });
    await audit({ actorId, action: "award.delete", entityType: "Award", entityId: award.id }, tx);
    return true;
  });
}

export async function setAnnounceAsRevealed(actorId: string, programmeId: string, value: boolean) {
  await prisma.awardProgramme.update({ where: { id: programmeId }, data: { announceAsRevealed: value } });
  await audit({ actorId, action: "award.announce-as-revealed", entityType: "AwardProgramme", entityId: programmeId, metadata: { value } });
}

// ───────────────────────── certificates ─────────────────────────

type Programme = Awaited<ReturnType<typeof requireProgramme>>["programme"];

/**
 * One certificate per recipient line, in programme order, everything in both languages. Dated the day of the
 * announcement (or, before it, the ceremony segment's day), in the ceremony's time zone; numbered
 * `<year>-<programme initials>-<nnn>` in that order, so a reprint carries the same number.
 */
export type Certificate = CertificateData & { recipientId: string; userIds: string[] };

export function certificatesOf(programme: Programme, contents: ProgrammeContents, issuer: { zh: string; en: string }, now = new Date()): Certificate[] {
  const initials = programme.nameEn.replace(/[^A-Za-z ]/g, "").split(/\s+/).filter((word) => /^[A-Z]/.test(word) && !/^Zhejiang$|^Lab$/.test(word)).map((word) => word[0]).join("") || "AW";
  const issuedOn = programme.announcedAt ?? programme.announceAt ?? programme.agendaItem?.startsAt ?? now;
  const list: Certificate[] = [];
  for (const category of contents) {
    for (const award of category.awards) {
      for (const recipient of award.recipients) {
        const members = recipient.team?.members ?? [];
        list.push({
          recipientId: recipient.id,
          userIds: [recipient.userId, ...members.map((member) => member.user.id)].filter((id): id is string => Boolean(id)),
          programmeZh: programme.nameZh,
          programmeEn: programme.nameEn,
          year: programme.year,
          categoryZh: category.nameZh,
          categoryEn: category.nameEn,
          levelZh: category.levelZh,
          levelEn: category.levelEn,
          citationZh: award.citationZh,
          citationEn: award.citationEn,
          recipient: {
            kind: recipient.kind,
            nameZh: recipient.displayNameZh,
            nameEn: recipient.displayNameEn,
            departmentZh: recipient.user?.profile?.department?.nameZh ?? null,
            departmentEn: recipient.user?.profile?.department?.nameEn ?? null,
            members: members.map((member) => ({ nameZh: member.user.nameZh, nameEn: member.user.nameEn, isLead: member.isLead })),
          },
          issuedOn,
          timeZone: programme.event?.timeZone ?? "Asia/Shanghai",
          issuerZh: issuer.zh,
          issuerEn: issuer.en,
          serial: `${programme.year}-${initials}-${String(list.length + 1).padStart(3, "0")}`,
        });
      }
    }
  }
  return list;
}

// ───────────────────────── photos ─────────────────────────

export const MAX_PHOTO_BYTES = 5 * 1024 * 1024;

/** An award's photo: a JPEG, PNG or WebP of at most 5 MB, kept beside the database and served under the embargo. */
export async function setAwardPhoto(actorId: string, programmeId: string, awardId: string, bytes: Uint8Array) {
  const award = await prisma.award.findFirst({ where: { id: awardId, category: { programmeId } }, select: { id: true } });
  if (!award) return "missing" as const;
  if (!imageType(bytes) || bytes.length > MAX_PHOTO_BYTES) return "invalid" as const;
  await saveUpload("award-photos", award.id, bytes);
  await prisma.award.update({ where: { id: award.id }, data: { photoUrl: `/awards/photo/${award.id}?v=${Date.now()}` } });
  await audit({ actorId, action: "award.photo", entityType: "Award", entityId: award.id });
  return "saved" as const;
}

/** The photo of an award, for a reader who may see the programme (announced, or one of the people running it). */
export async function awardPhoto(request: Request, awardId: string) {
  const award = await prisma.award.findUnique({ where: { id: awardId }, select: { photoUrl: true, category: { select: { programme: { select: { status: true, announceAt: true, eventId: true } } } } } });
  if (!award?.photoUrl) return null;
  const programme = award.category.programme;
  if (!isAnnounced(programme) && !(await canManageProgramme(await getSessionUser(request), programme))) return null;
  return readUpload("award-photos", awardId);
}
