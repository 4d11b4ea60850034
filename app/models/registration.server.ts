import { z } from "zod";

import type { Prisma, RegistrationStatus } from "~/generated/prisma/client";
import { visibleEventsWhere, type Viewer } from "~/models/event.server";
import { matchingUserIds } from "~/models/user.server";
import { audit } from "~/utils/audit.server";
import { prisma } from "~/utils/db.server";
import { optionalText } from "~/utils/form-fields";
import type { MessageKey } from "~/utils/i18n";
import { parseZonedInput } from "~/utils/zoned-time.server";

type Tx = Prisma.TransactionClient;

/** Registrations that hold or wait for a seat; CANCELLED and DECLINED ones do not count. */
const ACTIVE: RegistrationStatus[] = ["CONFIRMED", "WAITLISTED", "PENDING"];

/**
 * Takes SQLite's write lock before reading anything, like BEGIN IMMEDIATE: from here until commit no other
 * connection or process can write, so the seat count read next cannot go stale before the insert that depends
 * on it. A second registrant waits on busy_timeout instead of failing or overbooking.
 */
export async function lockForWrite(tx: Tx, eventId: string) {
  await tx.$executeRaw`UPDATE "Event" SET "id" = "id" WHERE "id" = ${eventId}`;
}

async function confirmedCount(tx: Tx, eventId: string) {
  return tx.registration.count({ where: { eventId, status: "CONFIRMED" } });
}

export type RegistrationFailure = { ok: false; status: 403 | 404 | 409; messageKey: MessageKey };
export type RegistrationResult =
  | { ok: true; created: boolean; registration: { id: string; status: RegistrationStatus } }
  | RegistrationFailure;

const fail = (status: 403 | 404 | 409, messageKey: MessageKey): RegistrationFailure => ({ ok: false, status, messageKey });

/**
 * Why a registrant may not register now, or null when they may: the event must be visible to them (audience
 * rules), published, and inside its registration window.
 */
export async function registrationBlock(viewer: Viewer, eventId: string, now: Date): Promise<RegistrationFailure | null> {
  const event = await prisma.event.findFirst({
    where: { AND: [visibleEventsWhere({ ...viewer, seesEverything: false }), { id: eventId }] },
    select: { status: true, registrationOpensAt: true, registrationClosesAt: true, endsAt: true },
  });
  if (!event) return fail(404, "event.notFound");
  if (event.status !== "PUBLISHED") return fail(409, "registration.eventNotOpen");
  if (event.registrationOpensAt && now < event.registrationOpensAt) return fail(409, "registration.notYetOpen");
  if ((event.registrationClosesAt && now > event.registrationClosesAt) || now > event.endsAt) return fail(409, "registration.closed");
  return null;
}

/**
 * Registers someone for an event: confirmed while seats remain, then first-in-first-out on the waiting list,
 * or pending when the event needs approval. Registering again returns the existing registration. The seat
 * count and the insert happen in one write-locked transaction, so a burst can never overbook.
 *
 * `registeredById` is set when an organizer or assistant registers someone else.
 */
export async function register(
  viewer: Viewer,
  eventId: string,
  options: { answers?: Record<string, string>; registeredById?: string | null; now?: Date } = {},
): Promise<RegistrationResult> {
  const now = options.now ?? new Date();
  const blocked = await registrationBlock(viewer, eventId, now);
  if (blocked) return blocked;
  const userId = viewer.id;

  return prisma.$transaction(async (tx) => {
    await lockForWrite(tx, eventId);
    const existing = await tx.registration.findUnique({ where: { eventId_userId: { eventId, userId } }, select: { id: true, status: true } });
    if (existing && ACTIVE.includes(existing.status)) return { ok: true as const, created: false, registration: existing };
    if (existing?.status === "DECLINED") return fail(409, "registration.declined");

    const event = await tx.event.findUniqueOrThrow({ where: { id: eventId }, select: { capacity: true, requiresApproval: true } });
    const status: RegistrationStatus = event.requiresApproval
      ? "PENDING"
      : event.capacity === null || (await confirmedCount(tx, eventId)) < event.capacity
        ? "CONFIRMED"
        : "WAITLISTED";
    const fields = {
      status,
      answers: JSON.stringify(options.answers ?? {}),
      registeredById: options.registeredById ?? null,
      waitlistedAt: status === "WAITLISTED" ? now : null,
      promotedAt: null,
      cancelledAt: null,
      decidedAt: null,
      declineReason: null,
    };
    // A cancelled registration is reused, so one person has one row per event (and one badge history).
    const registration = existing
      ? await tx.registration.update({ where: { id: existing.id }, data: fields, select: { id: true, status: true } })
      : await tx.registration.create({ data: { ...fields, eventId, userId }, select: { id: true, status: true } });
    await audit(
      {
        actorId: options.registeredById ?? userId,
        action: "registration.create",
        entityType: "Registration",
        entityId: registration.id,
        eventId,
        metadata: { status, onBehalf: Boolean(options.registeredById) },
      },
      tx,
    );
    return { ok: true as const, created: true, registration };
  });
}

/**
 * Moves people from the waiting list into free seats, oldest first, inside the caller's write-locked
 * transaction. Each promotion is recorded and the person is told in the app.
 */
async function promoteFromWaitlist(tx: Tx, eventId: string, actorId: string | null, now: Date) {
  const event = await tx.event.findUniqueOrThrow({ where: { id: eventId }, select: { capacity: true, status: true, endsAt: true } });
  // Nobody is moved up for an event that is not happening or is over: a seat there means nothing.
  if (event.status !== "PUBLISHED" || event.endsAt < now) return [];
  const free = event.capacity === null ? Number.MAX_SAFE_INTEGER : event.capacity - (await confirmedCount(tx, eventId));
  if (free <= 0) return [];
  const waiting = await tx.registration.findMany({
    where: { eventId, status: "WAITLISTED" },
    orderBy: [{ waitlistedAt: "asc" }, { createdAt: "asc" }, { id: "asc" }],
    take: Math.min(free, 10_000),
    select: { id: true, userId: true },
  });
  for (const registration of waiting) {
    await tx.registration.update({ where: { id: registration.id }, data: { status: "CONFIRMED", promotedAt: now } });
    await tx.notification.create({
      data: { userId: registration.userId, kind: "WAITLIST_PROMOTED", payload: JSON.stringify({ eventId, registrationId: registration.id }) },
    });
    await audit({ actorId, action: "registration.promote", entityType: "Registration", entityId: registration.id, eventId }, tx);
  }
  return waiting.map((registration) => registration.id);
}

/** Cancels a registration (the registrant's own, or by an organizer) and promotes the next person waiting. */
export async function cancelRegistration(actorId: string, registrationId: string, now = new Date()) {
  const registration = await prisma.registration.findUnique({ where: { id: registrationId }, select: { eventId: true } });
  if (!registration) return { ok: false as const, status: 404 as const };
  const promoted = await prisma.$transaction(async (tx) => {
    await lockForWrite(tx, registration.eventId);
    const { count } = await tx.registration.updateMany({
      where: { id: registrationId, status: { in: ACTIVE } },
      data: { status: "CANCELLED", cancelledAt: now, waitlistedAt: null },
    });
    if (count === 0) return null;
    await audit({ actorId, action: "registration.cancel", entityType: "Registration", entityId: registrationId, eventId: registration.eventId }, tx);
    return promoteFromWaitlist(tx, registration.eventId, actorId, now);
  });
  return promoted === null ? { ok: false as const, status: 409 as const } : { ok: true as const, promoted };
}

/** Changes an event's capacity; raising it promotes people from the waiting list, in order. */
export async function setCapacity(actorId: string, eventId: string, capacity: number | null, now = new Date()) {
  return prisma.$transaction(async (tx) => {
    await lockForWrite(tx, eventId);
    const { count } = await tx.event.updateMany({ where: { id: eventId }, data: { capacity } });
    if (count === 0) return { ok: false as const, status: 404 as const };
    await audit({ actorId, action: "event.capacity", entityType: "Event", entityId: eventId, eventId, metadata: { capacity } }, tx);
    return { ok: true as const, promoted: await promoteFromWaitlist(tx, eventId, actorId, now) };
  });
}

/** One person's registration for an event, with their place in the queue when waiting. */
export async function getMyRegistration(eventId: string, userId: string) {
  const registration = await prisma.registration.findUnique({
    where: { eventId_userId: { eventId, userId } },
    select: { id: true, status: true, waitlistedAt: true, createdAt: true, promotedAt: true, declineReason: true, answers: true },
  });
  if (!registration) return null;
  let position: number | null = null;
  if (registration.status === "WAITLISTED" && registration.waitlistedAt) {
    const ahead = await prisma.registration.count({
      where: {
        eventId,
        status: "WAITLISTED",
        OR: [
          { waitlistedAt: { lt: registration.waitlistedAt } },
          { waitlistedAt: registration.waitlistedAt, createdAt: { lt: registration.createdAt } },
          { waitlistedAt: registration.waitlistedAt, createdAt: registration.createdAt, id: { lt: registration.id } },
        ],
      },
    });
    position = ahead + 1;
  }
  return { ...registration, position };
}

export async function registrationCounts(eventId: string) {
  const groups = await prisma.registration.groupBy({ by: ["status"], where: { eventId }, _count: { _all: true } });
  const counts: Record<RegistrationStatus, number> = { CONFIRMED: 0, WAITLISTED: 0, PENDING: 0, DECLINED: 0, CANCELLED: 0 };
  for (const group of groups) counts[group.status] = group._count._all;
  return counts;
}

export const REGISTRATION_STATUSES: RegistrationStatus[] = ["CONFIRMED", "WAITLISTED", "PENDING", "CANCELLED", "DECLINED"];

/** The organizer's filters from a query string; anything unreadable is ignored rather than refused. */
export const RegistrantFilterSchema = z.object({
  q: z.string().trim().max(100).catch(""),
  status: z.enum(["CONFIRMED", "WAITLISTED", "PENDING", "CANCELLED", "DECLINED"]).optional().catch(undefined),
  department: z.string().max(40).optional().catch(undefined),
});

export type RegistrantFilter = { query?: string; status?: RegistrationStatus; departmentId?: string };

/** The organizer's list: searchable by name, pinyin, email or employee number; waiting list in queue order. */
export async function listRegistrations(eventId: string, filter: RegistrantFilter = {}, take = 5_000) {
  const query = filter.query?.trim();
  const userIds = query ? await matchingUserIds(query) : null;
  return prisma.registration.findMany({
    where: {
      eventId,
      ...(filter.status ? { status: filter.status } : {}),
      ...(userIds ? { userId: { in: userIds } } : {}),
      ...(filter.departmentId ? { user: { profile: { departmentId: filter.departmentId } } } : {}),
    },
    orderBy: [{ status: "asc" }, { waitlistedAt: "asc" }, { createdAt: "asc" }],
    take,
    select: {
      id: true,
      status: true,
      createdAt: true,
      waitlistedAt: true,
      user: {
        select: {
          nameZh: true,
          nameEn: true,
          email: true,
          profile: { select: { employeeNo: true, recruitmentBatch: true, department: { select: { nameZh: true, nameEn: true } } } },
        },
      },
      registeredBy: { select: { nameZh: true, nameEn: true } },
      answers: true,
    },
  });
}

// ───────────────────────────── settings, questions, answers ─────────────────────────────

export const QUESTION_KINDS = ["TEXT", "CHOICE", "YES_NO"] as const;

export const QuestionSchema = z
  .object({
    kind: z.enum(QUESTION_KINDS, { message: "form.invalidChoice" }),
    labelZh: optionalText(200),
    labelEn: optionalText(200),
    required: z.preprocess((v) => v === "on" || v === "true" || v === true, z.boolean()).default(false),
    // one choice per line, "中文 | English"
    choices: optionalText(2000),
  })
  .refine((q) => q.labelZh || q.labelEn, { message: "registration.question.labelRequired", path: ["labelZh"] })
  .refine((q) => q.kind !== "CHOICE" || q.choices.split("\n").filter((line) => line.trim()).length >= 2, {
    message: "registration.question.choicesRequired",
    path: ["choices"],
  });

export type QuestionOption = { value: string; labelZh: string; labelEn: string };

function parseChoices(text: string): QuestionOption[] {
  return text
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line, index) => {
      const [zh = "", en = ""] = line.split("|").map((part) => part.trim());
      return { value: `c${index + 1}`, labelZh: zh || en, labelEn: en || zh };
    });
}

export async function addQuestion(actorId: string, eventId: string, input: z.infer<typeof QuestionSchema>) {
  return prisma.$transaction(async (tx) => {
    const position = await tx.registrationQuestion.count({ where: { eventId } });
    const question = await tx.registrationQuestion.create({
      data: {
        eventId,
        kind: input.kind,
        labelZh: input.labelZh || input.labelEn,
        labelEn: input.labelEn || input.labelZh,
        required: input.required,
        options: JSON.stringify(input.kind === "CHOICE" ? parseChoices(input.choices) : []),
        position,
      },
      select: { id: true },
    });
    await audit({ actorId, action: "registration.question.add", entityType: "RegistrationQuestion", entityId: question.id, eventId }, tx);
    return question;
  });
}

export async function deleteQuestion(actorId: string, eventId: string, questionId: string) {
  return prisma.$transaction(async (tx) => {
    const { count } = await tx.registrationQuestion.deleteMany({ where: { id: questionId, eventId } });
    if (count) await audit({ actorId, action: "registration.question.delete", entityType: "RegistrationQuestion", entityId: questionId, eventId }, tx);
    return count > 0;
  });
}

export async function listQuestions(eventId: string) {
  const questions = await prisma.registrationQuestion.findMany({
    where: { eventId },
    orderBy: { position: "asc" },
    select: { id: true, kind: true, labelZh: true, labelEn: true, required: true, options: true },
  });
  return questions.map((q) => ({ ...q, kind: q.kind as (typeof QUESTION_KINDS)[number], options: JSON.parse(q.options) as QuestionOption[] }));
}
export type Question = Awaited<ReturnType<typeof listQuestions>>[number];

/**
 * Reads a registrant's answers from a form (fields `answer.<questionId>`), checking required ones, choices
 * against the offered options, yes/no as yes or no. Errors come back per question as catalog keys.
 */
export function readAnswers(questions: Question[], form: FormData) {
  const answers: Record<string, string> = {};
  const errors: Record<string, MessageKey> = {};
  for (const question of questions) {
    const raw = form.get(`answer.${question.id}`);
    const value = typeof raw === "string" ? raw.trim() : "";
    if (!value) {
      if (question.required) errors[question.id] = "form.required";
      continue;
    }
    if (question.kind === "TEXT" && value.length > 1000) errors[question.id] = "form.tooLong";
    else if (question.kind === "YES_NO" && value !== "yes" && value !== "no") errors[question.id] = "form.invalidChoice";
    else if (question.kind === "CHOICE" && !question.options.some((option) => option.value === value)) errors[question.id] = "form.invalidChoice";
    else answers[question.id] = value;
  }
  return Object.keys(errors).length ? { ok: false as const, errors, answers } : { ok: true as const, answers };
}

/** Changes one's answers while registration is open; after the window closes they are fixed. */
export async function updateAnswers(viewer: Viewer, eventId: string, answers: Record<string, string>, now = new Date()) {
  const blocked = await registrationBlock(viewer, eventId, now);
  if (blocked) return blocked;
  const { count } = await prisma.registration.updateMany({
    where: { eventId, userId: viewer.id, status: { in: ACTIVE } },
    data: { answers: JSON.stringify(answers) },
  });
  return count ? { ok: true as const } : fail(409, "registration.notCancellable");
}

export const RegistrationSettingsSchema = z.object({
  capacity: z
    .string()
    .trim()
    .default("")
    .transform((v) => (v === "" ? null : Number(v)))
    .refine((v) => v === null || (Number.isInteger(v) && v >= 0 && v <= 100_000), { message: "registrations.capacityInvalid" }),
  opensAt: z.string().trim().default(""),
  closesAt: z.string().trim().default(""),
  requiresApproval: z.preprocess((v) => v === "on" || v === "true" || v === true, z.boolean()).default(false),
});

/**
 * Capacity, window and approval in one save. The window is read in the event's zone; raising the capacity
 * promotes from the waiting list in the same transaction.
 */
export async function updateRegistrationSettings(actorId: string, eventId: string, input: z.infer<typeof RegistrationSettingsSchema>, now = new Date()) {
  const event = await prisma.event.findUnique({ where: { id: eventId }, select: { timeZone: true } });
  if (!event) return { ok: false as const, status: 404 as const, fieldErrors: {} };
  const fieldErrors: Partial<Record<"opensAt" | "closesAt", MessageKey[]>> = {};
  const opensAt = input.opensAt ? parseZonedInput(input.opensAt, event.timeZone) : null;
  const closesAt = input.closesAt ? parseZonedInput(input.closesAt, event.timeZone) : null;
  if (input.opensAt && !opensAt) fieldErrors.opensAt = ["agenda.timeInvalid"];
  if (input.closesAt && !closesAt) fieldErrors.closesAt = ["agenda.timeInvalid"];
  if (opensAt && closesAt && closesAt <= opensAt) fieldErrors.closesAt = ["agenda.endBeforeStart"];
  if (Object.keys(fieldErrors).length) return { ok: false as const, status: 400 as const, fieldErrors };
  const promoted = await prisma.$transaction(async (tx) => {
    await lockForWrite(tx, eventId);
    await tx.event.update({
      where: { id: eventId },
      data: { capacity: input.capacity, registrationOpensAt: opensAt, registrationClosesAt: closesAt, requiresApproval: input.requiresApproval },
    });
    await audit({ actorId, action: "registration.settings", entityType: "Event", entityId: eventId, eventId, metadata: { capacity: input.capacity, requiresApproval: input.requiresApproval } }, tx);
    return promoteFromWaitlist(tx, eventId, actorId, now);
  });
  return { ok: true as const, promoted };
}

// ───────────────────────────── approval ─────────────────────────────

export const DecisionSchema = z
  .object({
    registrationId: z.string().min(1),
    decision: z.enum(["approve", "decline"], { message: "form.invalidChoice" }),
    reason: z.string().trim().max(500, { message: "form.tooLong" }).default(""),
  })
  .refine((d) => d.decision === "approve" || d.reason.length > 0, { message: "registration.declineReasonRequired", path: ["reason"] });

/**
 * An organizer's decision on a pending registration. Approval takes a seat if one is free, else a place on the
 * waiting list; a decline needs a reason, which the registrant sees.
 */
export async function decideRegistration(actorId: string, eventId: string, input: z.infer<typeof DecisionSchema>, now = new Date()) {
  return prisma.$transaction(async (tx) => {
    await lockForWrite(tx, eventId);
    const registration = await tx.registration.findFirst({ where: { id: input.registrationId, eventId }, select: { status: true, userId: true } });
    if (!registration) return { ok: false as const, status: 404 as const };
    if (registration.status !== "PENDING") return { ok: false as const, status: 409 as const };
    let status: RegistrationStatus = "DECLINED";
    if (input.decision === "approve") {
      const event = await tx.event.findUniqueOrThrow({ where: { id: eventId }, select: { capacity: true } });
      status = event.capacity === null || (await confirmedCount(tx, eventId)) < event.capacity ? "CONFIRMED" : "WAITLISTED";
    }
    await tx.registration.update({
      where: { id: input.registrationId },
      data: { status, decidedAt: now, declineReason: status === "DECLINED" ? input.reason : null, waitlistedAt: status === "WAITLISTED" ? now : null },
    });
    await tx.notification.create({
      data: { userId: registration.userId, kind: `REGISTRATION_${status}`, payload: JSON.stringify({ eventId, reason: input.reason }) },
    });
    await audit({ actorId, action: `registration.${input.decision}`, entityType: "Registration", entityId: input.registrationId, eventId, metadata: { status } }, tx);
    return { ok: true as const, status };
  });
}

// ───────────────────────────── invitations ─────────────────────────────

export const InviteSchema = z.object({
  // emails or employee numbers, separated by commas, spaces or new lines
  people: optionalText(20_000),
  departmentId: z.string().trim().optional().transform((v) => v || null),
});

/** Invites named staff (by email or employee number) and/or a whole department; unknown names are reported. */
export async function invite(actorId: string, eventId: string, input: z.infer<typeof InviteSchema>) {
  const identifiers = [...new Set(input.people.split(/[\s,;，；]+/).map((s) => s.trim()).filter(Boolean))];
  const users = identifiers.length
    ? await prisma.user.findMany({
        where: { deletedAt: null, OR: [{ email: { in: identifiers.map((i) => i.toLowerCase()) } }, { profile: { employeeNo: { in: identifiers } } }] },
        select: { id: true, email: true, profile: { select: { employeeNo: true } } },
      })
    : [];
  const known = new Set(users.flatMap((u) => [u.email, u.profile?.employeeNo].filter(Boolean) as string[]));
  const unknown = identifiers.filter((i) => !known.has(i) && !known.has(i.toLowerCase()));
  if (input.departmentId && !(await prisma.department.findUnique({ where: { id: input.departmentId }, select: { id: true } }))) {
    return { ok: false as const, unknown, invited: 0 };
  }
  const invited = await prisma.$transaction(async (tx) => {
    const existing = new Set(
      (await tx.eventInvitation.findMany({ where: { eventId, userId: { in: users.map((u) => u.id) } }, select: { userId: true } })).map((i) => i.userId),
    );
    const fresh = users.filter((u) => !existing.has(u.id));
    if (fresh.length) await tx.eventInvitation.createMany({ data: fresh.map((u) => ({ eventId, userId: u.id })) });
    let count = fresh.length;
    if (input.departmentId && !(await tx.eventInvitation.findFirst({ where: { eventId, departmentId: input.departmentId }, select: { id: true } }))) {
      await tx.eventInvitation.create({ data: { eventId, departmentId: input.departmentId } });
      count += 1;
    }
    await audit({ actorId, action: "registration.invite", entityType: "Event", entityId: eventId, eventId, metadata: { people: fresh.length, departmentId: input.departmentId } }, tx);
    return count;
  });
  return { ok: unknown.length === 0, unknown, invited };
}

export async function listInvitations(eventId: string) {
  return prisma.eventInvitation.findMany({
    where: { eventId },
    orderBy: { createdAt: "asc" },
    select: { id: true, user: { select: { nameZh: true, nameEn: true, email: true } }, department: { select: { nameZh: true, nameEn: true } } },
  });
}

export async function removeInvitation(actorId: string, eventId: string, invitationId: string) {
  return prisma.$transaction(async (tx) => {
    const { count } = await tx.eventInvitation.deleteMany({ where: { id: invitationId, eventId } });
    if (count) await audit({ actorId, action: "registration.uninvite", entityType: "EventInvitation", entityId: invitationId, eventId }, tx);
    return count > 0;
  });
}
