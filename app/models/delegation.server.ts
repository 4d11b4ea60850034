/**
 * The visiting delegation of a partnership visit (issue 8 §1): its organisation, and its members in precedence
 * order (seating and name cards), one of them at most the leader.
 *
 * Every member is a guest, never staff: adding one creates a password-less GUEST account with the `guest` role, or
 * links the guest account that already has that email. The member is then a confirmed registrant of the visit
 * with a VISITOR badge whose validity is the visit (from VISITOR_BADGE_LEAD_MS before the start until the end), so
 * the door scanner knows them and turns them away outside the visit. Removing a member cancels the registration,
 * which the door refuses, and keeps the account, the registration and the badge rows as history.
 *
 * Every write runs in one transaction behind the event's write lock (`lockForWrite`) and leaves an audit entry.
 * Precedence is kept 1..n without gaps. Messages are catalog keys; apart from the pages' door
 * (`requireDelegationEditor`), this module knows nothing of HTTP.
 */
import { randomBytes } from "node:crypto";

import { z } from "zod";

import { Prisma } from "~/generated/prisma/client";
import { newBadgeToken } from "~/models/badge.server";
import { lockForWrite } from "~/models/registration.server";
import { audit } from "~/utils/audit.server";
import { prisma } from "~/utils/db.server";
import { optionalText } from "~/utils/form-fields";
import { notFound } from "~/utils/http.server";
import type { MessageKey } from "~/utils/i18n";
import { resolveLocale } from "~/utils/i18n.server";
import { requireEventPermission } from "~/utils/permissions.server";

type Tx = Prisma.TransactionClient;

/**
 * How long before the visit starts a visitor badge opens the gate: two hours, so a delegation that arrives early
 * (traffic to the campus is unpredictable, and protocol staff meet the cars) is not turned away. It closes at the
 * end of the visit.
 */
export const VISITOR_BADGE_LEAD_MS = 2 * 60 * 60 * 1000;

export function visitorBadgeWindow(event: { startsAt: Date; endsAt: Date }) {
  return { validFrom: new Date(event.startsAt.getTime() - VISITOR_BADGE_LEAD_MS), validUntil: event.endsAt };
}

/** Guests without an email still need a unique one for their account; .invalid can never receive mail (RFC 2606). */
const PLACEHOLDER_DOMAIN = "guest.invalid";
const placeholderEmail = () => `guest-${randomBytes(9).toString("hex")}@${PLACEHOLDER_DOMAIN}`;
export const isPlaceholderEmail = (email: string) => email.endsWith(`@${PLACEHOLDER_DOMAIN}`);

// ───────────────────────────── input ─────────────────────────────

/** The same limits as a staff profile for names (ProfileSchema), and room for long university titles. */
export const MEMBER_LIMITS = {
  nameZh: 50,
  nameEn: 100,
  titleZh: 100,
  titleEn: 200,
  organisationZh: 100,
  organisationEn: 200,
  email: 200,
  phone: 40,
  dietaryNeeds: 300,
  interpreterNeeds: 300,
} as const;

const checkbox = z.preprocess((v) => v === "on" || v === "true" || v === true, z.boolean()).default(false);
const emailSchema = z.email();

/** One member as the form and the CSV import give it; at least one of the two names is required. */
export const MemberSchema = z
  .object({
    nameZh: optionalText(MEMBER_LIMITS.nameZh),
    nameEn: optionalText(MEMBER_LIMITS.nameEn),
    titleZh: optionalText(MEMBER_LIMITS.titleZh),
    titleEn: optionalText(MEMBER_LIMITS.titleEn),
    organisationZh: optionalText(MEMBER_LIMITS.organisationZh),
    organisationEn: optionalText(MEMBER_LIMITS.organisationEn),
    email: optionalText(MEMBER_LIMITS.email)
      .transform((value) => value.normalize("NFKC").toLowerCase())
      .refine((value) => value === "" || emailSchema.safeParse(value).success, { message: "delegation.error.email" }),
    // free text (extensions, "+86 …", "via the secretary"), so only its length is checked
    phone: optionalText(MEMBER_LIMITS.phone),
    dietaryNeeds: optionalText(MEMBER_LIMITS.dietaryNeeds),
    interpreterNeeds: optionalText(MEMBER_LIMITS.interpreterNeeds),
    isLeader: checkbox,
  })
  .refine((member) => member.nameZh !== "" || member.nameEn !== "", { message: "delegation.error.nameRequired", path: ["nameZh"] });
export type MemberInput = z.output<typeof MemberSchema>;
export type MemberField = keyof MemberInput;

export const OrganisationSchema = z
  .object({ organisationZh: optionalText(MEMBER_LIMITS.organisationZh), organisationEn: optionalText(MEMBER_LIMITS.organisationEn) })
  .refine((o) => o.organisationZh !== "" || o.organisationEn !== "", { message: "delegation.error.organisationRequired", path: ["organisationZh"] });
export type OrganisationInput = z.output<typeof OrganisationSchema>;

const memberId = z.string({ message: "delegation.error.memberMissing" }).trim().min(1, { message: "delegation.error.memberMissing" }).max(40, { message: "delegation.error.memberMissing" });

export const RemoveSchema = z.object({ memberId });

/** Up or down one place (the buttons), or straight to a place (dragging); exactly one of the two. */
export const MoveSchema = z
  .object({
    memberId,
    direction: z.enum(["up", "down"], { message: "delegation.error.direction" }).optional(),
    to: z.coerce.number({ message: "delegation.error.direction" }).int({ message: "delegation.error.direction" }).min(1, { message: "delegation.error.direction" }).max(10_000, { message: "delegation.error.direction" }).optional(),
  })
  .refine((move) => (move.direction === undefined) !== (move.to === undefined), { message: "delegation.error.direction", path: ["direction"] });
export type MoveInput = z.output<typeof MoveSchema>;

// ───────────────────────────── read ─────────────────────────────

/** The visit, or null when the event does not exist or is not a partnership visit. */
export async function getVisitEvent(eventId: string) {
  const event = await prisma.event.findUnique({
    where: { id: eventId },
    select: { id: true, slug: true, kind: true, titleZh: true, titleEn: true, timeZone: true, startsAt: true, endsAt: true },
  });
  return event?.kind === "PARTNERSHIP_VISIT" ? event : null;
}

/**
 * The door of the delegation pages: organizers of the visit (update:visit on the event) and admins. The pages hold
 * the guests' contact details, so hosts and everyone else get 403; a signed-in organizer of an event that is not a
 * visit gets 404.
 */
export async function requireDelegationEditor(request: Request, slug: string | undefined) {
  const { user, eventId } = await requireEventPermission(request, slug, "update:visit");
  const visit = await getVisitEvent(eventId);
  if (!visit) throw notFound("delegation.notVisit");
  return { user, visit, locale: await resolveLocale(request, user.locale) };
}

const memberSelect = {
  id: true,
  userId: true,
  nameZh: true,
  nameEn: true,
  titleZh: true,
  titleEn: true,
  organisationZh: true,
  organisationEn: true,
  email: true,
  phone: true,
  dietaryNeeds: true,
  interpreterNeeds: true,
  isLeader: true,
  precedence: true,
} satisfies Prisma.DelegationMemberSelect;

/** The delegation with its members in precedence order, and whether each one's visitor badge opens the gate. */
export async function getDelegation(eventId: string) {
  const delegation = await prisma.delegation.findUnique({
    where: { eventId },
    select: {
      id: true,
      organisationZh: true,
      organisationEn: true,
      members: {
        orderBy: [{ precedence: "asc" }, { createdAt: "asc" }, { id: "asc" }],
        select: {
          ...memberSelect,
          user: {
            select: {
              registrations: { where: { eventId }, select: { status: true } },
              badges: { where: { eventId, revokedAt: null }, orderBy: { createdAt: "desc" }, take: 1, select: { ribbon: true, validFrom: true, validUntil: true } },
            },
          },
        },
      },
    },
  });
  if (!delegation) return null;
  return {
    id: delegation.id,
    organisationZh: delegation.organisationZh,
    organisationEn: delegation.organisationEn,
    members: delegation.members.map(({ user, ...member }) => ({
      ...member,
      registrationStatus: user?.registrations[0]?.status ?? null,
      badge: user?.badges[0] ?? null,
    })),
  };
}
export type DelegationView = NonNullable<Awaited<ReturnType<typeof getDelegation>>>;
export type DelegationMemberView = DelegationView["members"][number];

// ───────────────────────────── results ─────────────────────────────

export type DelegationFailure = {
  ok: false;
  status: 404 | 409;
  messageKey: MessageKey;
  /** the form field the problem belongs to, when there is one */
  field?: MemberField;
  params?: Record<string, string | number>;
};

const failure = (status: 404 | 409, messageKey: MessageKey, extra: Omit<DelegationFailure, "ok" | "status" | "messageKey"> = {}): DelegationFailure => ({
  ok: false,
  status,
  messageKey,
  ...extra,
});

/** Thrown inside a transaction to roll it back with a failure the caller returns. */
class Refused extends Error {
  constructor(readonly failure: DelegationFailure) {
    super(failure.messageKey);
  }
}

async function refusable<T>(work: () => Promise<T>): Promise<T | DelegationFailure> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof Refused) return error.failure;
    throw error;
  }
}

// ───────────────────────────── guests ─────────────────────────────

/** What adding a member with this email would do to accounts: make a guest, link one, or nothing (refused). */
export type GuestMatch =
  | { kind: "new" }
  | { kind: "link"; userId: string }
  | { kind: "refused"; messageKey: MessageKey; params?: Record<string, string> };

/**
 * Accounts for a batch of emails (lower-cased), matched regardless of case. Staff accounts are never touched, so a
 * staff email is refused; so is a guest already in this delegation. A guest of an earlier (or another) visit is
 * linked: the same person keeps one account, with a membership, registration and badge for each visit.
 */
export async function matchGuests(db: Tx, eventId: string, emails: string[]): Promise<Map<string, GuestMatch>> {
  const wanted = [...new Set(emails.filter(Boolean))];
  const matches = new Map<string, GuestMatch>(wanted.map((email) => [email, { kind: "new" }]));
  if (wanted.length === 0) return matches;
  const ids = await db.$queryRaw<Array<{ id: string }>>`SELECT "id" FROM "User" WHERE lower("email") IN (${Prisma.join(wanted)})`;
  const users = await db.user.findMany({
    where: { id: { in: ids.map((row) => row.id) } },
    select: {
      id: true,
      email: true,
      kind: true,
      deletedAt: true,
      delegationMembers: { where: { delegation: { eventId } }, select: { id: true }, take: 1 },
    },
  });
  for (const user of users) {
    const email = user.email.toLowerCase();
    matches.set(
      email,
      user.kind !== "GUEST"
        ? { kind: "refused", messageKey: "delegation.error.emailIsStaff" }
        : user.deletedAt
          ? { kind: "refused", messageKey: "delegation.error.emailUnavailable" }
          : user.delegationMembers.length
            ? { kind: "refused", messageKey: "delegation.error.alreadyMember" }
            : { kind: "link", userId: user.id },
    );
  }
  return matches;
}

/** The guest's names on the account: both filled, each falling back to the other, as search and badges expect. */
const accountNames = (input: { nameZh: string; nameEn: string }) => ({ nameZh: input.nameZh || input.nameEn, nameEn: input.nameEn || input.nameZh });

/**
 * Makes the member's guest a confirmed registrant of the visit with a current VISITOR badge valid for the visit.
 * An existing registration is confirmed again (a member removed and added back), and the current badge keeps its
 * code but takes the ribbon and window; only a guest without a badge gets a new one.
 */
async function admitVisitor(
  tx: Tx,
  visit: { id: string; startsAt: Date; endsAt: Date },
  userId: string,
  actorId: string | null,
  badgeToken: () => string,
) {
  const window = visitorBadgeWindow(visit);
  const existing = await tx.registration.findUnique({ where: { eventId_userId: { eventId: visit.id, userId } }, select: { id: true, status: true } });
  let registrationId = existing?.id;
  if (!existing || existing.status !== "CONFIRMED") {
    const fields = { status: "CONFIRMED" as const, registeredById: actorId, waitlistedAt: null, cancelledAt: null, decidedAt: null, declineReason: null };
    const registration = existing
      ? await tx.registration.update({ where: { id: existing.id }, data: fields, select: { id: true } })
      : await tx.registration.create({ data: { ...fields, eventId: visit.id, userId }, select: { id: true } });
    registrationId = registration.id;
    await audit(
      { actorId, action: "registration.create", entityType: "Registration", entityId: registration.id, eventId: visit.id, metadata: { status: "CONFIRMED", onBehalf: true, source: "delegation" } },
      tx,
    );
  }
  const current = await tx.badge.findFirst({ where: { eventId: visit.id, userId, revokedAt: null }, orderBy: { createdAt: "desc" }, select: { id: true } });
  const badge = current
    ? await tx.badge.update({ where: { id: current.id }, data: { ribbon: "VISITOR", registrationId, ...window }, select: { id: true } })
    : await tx.badge.create({ data: { eventId: visit.id, userId, registrationId, token: badgeToken(), ribbon: "VISITOR", ...window }, select: { id: true } });
  return { registrationId: registrationId!, badgeId: badge.id };
}

/**
 * Moves the windows of the visit's current visitor badges to the visit's dates as they are now. A badge's window is
 * written when the member is added; the event edit page should call this when a visit is moved, or the old window
 * would keep the gate shut on the new day.
 */
export async function syncVisitorBadgeWindows(eventId: string) {
  return prisma.$transaction(async (tx) => {
    await lockForWrite(tx, eventId);
    const event = await tx.event.findUnique({ where: { id: eventId }, select: { kind: true, startsAt: true, endsAt: true } });
    if (event?.kind !== "PARTNERSHIP_VISIT") return 0;
    const { count } = await tx.badge.updateMany({
      where: { eventId, ribbon: "VISITOR", revokedAt: null, user: { delegationMembers: { some: { delegation: { eventId } } } } },
      data: visitorBadgeWindow(event),
    });
    return count;
  });
}

/** Cancels the guest's registration for the visit, so their badge is refused at the door; the rows stay. */
async function releaseVisitor(tx: Tx, eventId: string, userId: string, actorId: string | null, now: Date) {
  const registration = await tx.registration.findUnique({ where: { eventId_userId: { eventId, userId } }, select: { id: true, status: true } });
  if (!registration || registration.status === "CANCELLED" || registration.status === "DECLINED") return null;
  await tx.registration.update({ where: { id: registration.id }, data: { status: "CANCELLED", cancelledAt: now, waitlistedAt: null } });
  await audit({ actorId, action: "registration.cancel", entityType: "Registration", entityId: registration.id, eventId, metadata: { source: "delegation" } }, tx);
  return registration.id;
}

// ───────────────────────────── writes ─────────────────────────────

type Visit = { id: string; startsAt: Date; endsAt: Date };

async function lockVisit(tx: Tx, eventId: string): Promise<Visit> {
  await lockForWrite(tx, eventId);
  const event = await tx.event.findUnique({ where: { id: eventId }, select: { id: true, kind: true, startsAt: true, endsAt: true } });
  if (event?.kind !== "PARTNERSHIP_VISIT") throw new Refused(failure(404, "delegation.notVisit"));
  return event;
}

async function ensureDelegation(tx: Tx, eventId: string) {
  const found = await tx.delegation.findUnique({ where: { eventId }, select: { id: true, organisationZh: true, organisationEn: true } });
  return found ?? tx.delegation.create({ data: { eventId, organisationZh: "", organisationEn: "" }, select: { id: true, organisationZh: true, organisationEn: true } });
}

/** Writes 1..n in precedence order (ties by age), touching only the members whose number changes. */
async function renumber(tx: Tx, delegationId: string, order?: string[]) {
  const members = await tx.delegationMember.findMany({
    where: { delegationId },
    orderBy: [{ precedence: "asc" }, { createdAt: "asc" }, { id: "asc" }],
    select: { id: true, precedence: true },
  });
  const ids = order ?? members.map((member) => member.id);
  const current = new Map(members.map((member) => [member.id, member.precedence]));
  for (const [index, id] of ids.entries()) {
    if (current.get(id) !== index + 1) await tx.delegationMember.update({ where: { id }, data: { precedence: index + 1 } });
  }
}

async function clearLeader(tx: Tx, delegationId: string, exceptId: string | null) {
  await tx.delegationMember.updateMany({ where: { delegationId, isLeader: true, ...(exceptId ? { id: { not: exceptId } } : {}) }, data: { isLeader: false } });
}

export async function saveOrganisation(actorId: string | null, eventId: string, input: OrganisationInput) {
  return refusable(() =>
    prisma.$transaction(async (tx) => {
      await lockVisit(tx, eventId);
      const delegation = await tx.delegation.upsert({
        where: { eventId },
        create: { eventId, organisationZh: input.organisationZh, organisationEn: input.organisationEn },
        update: { organisationZh: input.organisationZh, organisationEn: input.organisationEn },
        select: { id: true },
      });
      await audit({ actorId, action: "delegation.organisation", entityType: "Delegation", entityId: delegation.id, eventId, metadata: { ...input } }, tx);
      return { ok: true as const };
    }),
  );
}

/** A member's organisation is the delegation's unless the organizer gives one (in either language). */
function memberOrganisation(input: { organisationZh: string; organisationEn: string }, delegation: { organisationZh: string; organisationEn: string }) {
  return input.organisationZh || input.organisationEn
    ? { organisationZh: input.organisationZh, organisationEn: input.organisationEn }
    : { organisationZh: delegation.organisationZh, organisationEn: delegation.organisationEn };
}

/**
 * The guest account for a member: the matched one, its names set to the organizer's (the newest word on how to
 * print them), or a new password-less guest with the `guest` role.
 */
async function takeGuest(tx: Tx, actorId: string | null, match: Exclude<GuestMatch, { kind: "refused" }>, input: MemberInput) {
  if (match.kind === "link") {
    await tx.user.update({ where: { id: match.userId }, data: { ...accountNames(input), roles: { connect: { name: "guest" } } } });
    return match.userId;
  }
  const user = await tx.user.create({
    data: { email: input.email || placeholderEmail(), kind: "GUEST", passwordHash: null, ...accountNames(input), roles: { connect: { name: "guest" } } },
    select: { id: true },
  });
  await audit({ actorId, action: "user.create", entityType: "User", entityId: user.id, metadata: { kind: "GUEST", source: "delegation" } }, tx);
  return user.id;
}

export type AppendOptions = {
  /** badge codes; the seed passes its seeded generator so two fresh databases get the same badges */
  badgeToken?: () => string;
  /** where the members came from, for the audit trail */
  source?: "form" | "import" | "seed";
};

/**
 * Appends members after the existing ones, in the given order, inside the caller's write-locked transaction:
 * their guest accounts, confirmed registrations and visitor badges. A refused email throws `Refused` naming the
 * member's index, which rolls everything back. A member marked leader takes over from the current leader.
 */
export async function appendMembers(tx: Tx, actorId: string | null, eventId: string, inputs: MemberInput[], options: AppendOptions = {}) {
  const visit = await lockVisit(tx, eventId);
  const delegation = await ensureDelegation(tx, eventId);
  const matches = await matchGuests(tx, eventId, inputs.map((input) => input.email));
  const last = await tx.delegationMember.aggregate({ where: { delegationId: delegation.id }, _max: { precedence: true } });
  let precedence = last._max.precedence ?? 0;
  const created: Array<{ id: string; userId: string; precedence: number }> = [];
  const taken = new Set<string>();
  for (const [index, input] of inputs.entries()) {
    // the same address twice in one batch is one guest, who can be a member once
    const match: GuestMatch = !input.email ? { kind: "new" } : taken.has(input.email) ? { kind: "refused", messageKey: "delegation.error.alreadyMember" } : matches.get(input.email)!;
    if (input.email) taken.add(input.email);
    if (match.kind === "refused") throw new Refused(failure(409, match.messageKey, { field: "email", params: { ...match.params, index } }));
    const userId = await takeGuest(tx, actorId, match, input);
    if (input.isLeader) await clearLeader(tx, delegation.id, null);
    precedence += 1;
    const member = await tx.delegationMember.create({
      data: {
        delegationId: delegation.id,
        userId,
        nameZh: input.nameZh,
        nameEn: input.nameEn,
        titleZh: input.titleZh,
        titleEn: input.titleEn,
        ...memberOrganisation(input, delegation),
        email: input.email || null,
        phone: input.phone || null,
        dietaryNeeds: input.dietaryNeeds,
        interpreterNeeds: input.interpreterNeeds,
        isLeader: input.isLeader,
        precedence,
      },
      select: { id: true },
    });
    const admitted = await admitVisitor(tx, visit, userId, actorId, options.badgeToken ?? newBadgeToken);
    await audit(
      {
        actorId,
        action: "delegation.member.add",
        entityType: "DelegationMember",
        entityId: member.id,
        eventId,
        metadata: { source: options.source ?? "form", userId, linked: match.kind === "link", precedence, isLeader: input.isLeader, ...admitted },
      },
      tx,
    );
    created.push({ id: member.id, userId, precedence });
  }
  return created;
}

/** Adds members by hand (one from the form) or in a batch (the seed): all of them or none. */
export async function addMembers(actorId: string | null, eventId: string, inputs: MemberInput[], options: AppendOptions = {}) {
  return refusable(async () => {
    const members = await prisma.$transaction((tx) => appendMembers(tx, actorId, eventId, inputs, options), { timeout: 30_000, maxWait: 10_000 });
    return { ok: true as const, members };
  });
}

export async function addMember(actorId: string | null, eventId: string, input: MemberInput) {
  const outcome = await addMembers(actorId, eventId, [input]);
  return outcome.ok ? { ok: true as const, member: outcome.members[0]! } : outcome;
}

const findMember = (tx: Tx, eventId: string, id: string) =>
  tx.delegationMember.findFirst({
    where: { id, delegation: { eventId } },
    select: { ...memberSelect, delegationId: true, user: { select: { id: true, kind: true, email: true } } },
  });

/**
 * Saves a member's details. Name changes are copied to their guest account; an email change moves the account to
 * the new address unless another account has it. Ticking "leader" takes the mark from whoever had it.
 */
export async function updateMember(actorId: string, eventId: string, id: string, input: MemberInput) {
  return refusable(() =>
    prisma.$transaction(async (tx) => {
      const visit = await lockVisit(tx, eventId);
      const member = await findMember(tx, eventId, id);
      if (!member) throw new Refused(failure(404, "delegation.error.memberNotFound"));
      let userId: string;
      if (member.user?.kind === "GUEST") {
        userId = member.user.id;
        let email: string | undefined;
        if (input.email && input.email !== member.user.email.toLowerCase()) {
          const [holder] = await tx.$queryRaw<Array<{ kind: string }>>`SELECT "kind" FROM "User" WHERE lower("email") = ${input.email} AND "id" <> ${userId} LIMIT 1`;
          // another account's address, even a free guest's, is never taken from it: that is someone else's history
          if (holder) throw new Refused(failure(409, holder.kind === "GUEST" ? "delegation.error.emailTaken" : "delegation.error.emailIsStaff", { field: "email" }));
          email = input.email;
        } else if (!input.email && member.email && !isPlaceholderEmail(member.user.email)) {
          // the address was wrong or withdrawn: the account must not keep it
          email = placeholderEmail();
        }
        await tx.user.update({ where: { id: userId }, data: { ...accountNames(input), ...(email ? { email } : {}) } });
      } else {
        // a member without a guest account (made before accounts were linked) gets one now, like a new member
        const match: GuestMatch = input.email ? (await matchGuests(tx, eventId, [input.email])).get(input.email)! : { kind: "new" };
        if (match.kind === "refused") throw new Refused(failure(409, match.messageKey, { field: "email", ...(match.params ? { params: match.params } : {}) }));
        userId = await takeGuest(tx, actorId, match, input);
        await admitVisitor(tx, visit, userId, actorId, newBadgeToken);
      }
      if (input.isLeader) await clearLeader(tx, member.delegationId, member.id);
      const delegation = await tx.delegation.findUniqueOrThrow({ where: { id: member.delegationId }, select: { organisationZh: true, organisationEn: true } });
      await tx.delegationMember.update({
        where: { id: member.id },
        data: {
          userId,
          nameZh: input.nameZh,
          nameEn: input.nameEn,
          titleZh: input.titleZh,
          titleEn: input.titleEn,
          ...memberOrganisation(input, delegation),
          email: input.email || null,
          phone: input.phone || null,
          dietaryNeeds: input.dietaryNeeds,
          interpreterNeeds: input.interpreterNeeds,
          isLeader: input.isLeader,
        },
      });
      const changed = (Object.keys(input) as MemberField[]).filter((field) => (member[field] ?? "") !== input[field]);
      await audit({ actorId, action: "delegation.member.update", entityType: "DelegationMember", entityId: member.id, eventId, metadata: { changed } }, tx);
      return { ok: true as const };
    }),
  );
}

/**
 * Takes a member out of the delegation: their registration is cancelled (the door refuses their badge from now
 * on), their account, registration and badge stay as history, and the others close ranks (1..n).
 */
export async function removeMember(actorId: string, eventId: string, id: string, now = new Date()) {
  return refusable(() =>
    prisma.$transaction(async (tx) => {
      await lockVisit(tx, eventId);
      const member = await findMember(tx, eventId, id);
      if (!member) throw new Refused(failure(404, "delegation.error.memberNotFound"));
      await tx.delegationMember.delete({ where: { id: member.id } });
      const registrationId = member.user?.kind === "GUEST" ? await releaseVisitor(tx, eventId, member.user.id, actorId, now) : null;
      await renumber(tx, member.delegationId);
      // the row is gone, so the entry keeps who they were
      await audit(
        {
          actorId,
          action: "delegation.member.remove",
          entityType: "DelegationMember",
          entityId: member.id,
          eventId,
          metadata: { userId: member.userId, nameZh: member.nameZh, nameEn: member.nameEn, precedence: member.precedence, isLeader: member.isLeader, registrationId },
        },
        tx,
      );
      return { ok: true as const, member: { nameZh: member.nameZh, nameEn: member.nameEn } };
    }),
  );
}

/**
 * Moves a member one place up or down, or to a given place (a number past the end means last), and numbers the
 * delegation 1..n. `moved: false` at either end, or when the place is their own.
 */
export async function moveMember(actorId: string, eventId: string, id: string, move: { direction: "up" | "down" } | { to: number }) {
  return refusable(() =>
    prisma.$transaction(async (tx) => {
      await lockVisit(tx, eventId);
      const member = await findMember(tx, eventId, id);
      if (!member) throw new Refused(failure(404, "delegation.error.memberNotFound"));
      const members = await tx.delegationMember.findMany({
        where: { delegationId: member.delegationId },
        orderBy: [{ precedence: "asc" }, { createdAt: "asc" }, { id: "asc" }],
        select: { id: true },
      });
      const order = members.map((m) => m.id);
      const from = order.indexOf(member.id);
      const target = "direction" in move ? from + (move.direction === "up" ? -1 : 1) : Math.min(move.to, order.length) - 1;
      const person = { nameZh: member.nameZh, nameEn: member.nameEn };
      if (target < 0 || target >= order.length || target === from) {
        await renumber(tx, member.delegationId);
        return { ok: true as const, moved: false, precedence: from + 1, member: person };
      }
      order.splice(from, 1);
      order.splice(target, 0, member.id);
      await renumber(tx, member.delegationId, order);
      await audit({ actorId, action: "delegation.member.move", entityType: "DelegationMember", entityId: member.id, eventId, metadata: { from: from + 1, to: target + 1 } }, tx);
      return { ok: true as const, moved: true, precedence: target + 1, member: person };
    }),
  );
}
