/**
 * Invitation links for the members of a visiting delegation: a guest has no password and no account to sign in
 * with, only this link, which lets them see the visit and its itinerary and confirm that they are coming.
 *
 * - The token is 32 random bytes, base64url (43 characters), shown to the organizer once; only its SHA-256 is
 *   stored, so whoever reads the database cannot open anyone's link.
 * - Expiry rule: a link works until the end of the visit's last day (23:59:59.999) in the event's own time zone.
 *   That instant is written on the link when it is issued, and the check also takes the visit as it stands now:
 *   the earlier of the two wins, so a visit brought forward takes its links with it, and a visit postponed needs
 *   its links re-issued (the organizer page says so).
 * - Revoked and expired links never work again: revoking is a write that nothing undoes, and re-issuing makes a
 *   new link (a new token) rather than reviving the old one.
 * - A member has at most one working link: issuing another one ("re-issue") revokes the old one in the same
 *   transaction. A confirmation belongs to the member, so it carries over to the new link.
 * - Opening a link never signs anyone in: no session is created, so a guest is anonymous everywhere else.
 */
import { createHash, randomBytes } from "node:crypto";

import { DateTime } from "luxon";
import { z } from "zod";

import type { EventStatus } from "~/generated/prisma/client";
import { visitEventSelect } from "~/models/itinerary.server";
import { audit } from "~/utils/audit.server";
import { prisma } from "~/utils/db.server";
import type { MessageKey } from "~/utils/i18n";

const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** Only this hash is stored. */
export function hashGuestToken(token: string) {
  return createHash("sha256").update(token).digest("hex");
}

/** 32 random bytes, base64url: the secret in a guest's link. */
export function newGuestToken() {
  return randomBytes(32).toString("base64url");
}

export function isWellFormedGuestToken(token: string | undefined): token is string {
  return typeof token === "string" && TOKEN_PATTERN.test(token);
}

export type GuestLinkProblem = "malformed" | "unknown" | "revoked" | "expired";

/**
 * 404 for a token that never opened anything (malformed or unknown); 410 Gone for a link that did and never will
 * again (revoked or expired), so caches and link checkers drop it for good. The page itself says which, kindly.
 */
export function guestProblemStatus(problem: GuestLinkProblem) {
  return problem === "revoked" || problem === "expired" ? 410 : 404;
}

export function guestLinkPath(token: string) {
  return `/guest/${token}`;
}

/** The end of the visit's last day in the event's zone: the moment its links stop working. */
export function guestLinkExpiry(event: { endsAt: Date; timeZone: string }) {
  return DateTime.fromJSDate(event.endsAt, { zone: event.timeZone }).endOf("day").toJSDate();
}

/** The earlier of the expiry written on the link and the one the visit's current dates give. */
export function effectiveExpiry(link: { expiresAt: Date }, event: { endsAt: Date; timeZone: string }) {
  const byVisit = guestLinkExpiry(event);
  return link.expiresAt < byVisit ? link.expiresAt : byVisit;
}

export type GuestLinkState = "active" | "revoked" | "expired";

export function guestLinkState(link: { expiresAt: Date; revokedAt: Date | null }, event: { endsAt: Date; timeZone: string }, now: Date): GuestLinkState {
  if (link.revokedAt) return "revoked";
  return now.getTime() > effectiveExpiry(link, event).getTime() ? "expired" : "active";
}

// ───────────────────────────── the organizer's overview ─────────────────────────────

/** The visit behind an organizer's page; null for any other kind of event, which has no guests. */
export async function getVisit(eventId: string) {
  const event = await prisma.event.findUnique({
    where: { id: eventId },
    select: { slug: true, kind: true, status: true, titleZh: true, titleEn: true, timeZone: true, endsAt: true },
  });
  if (event?.kind !== "PARTNERSHIP_VISIT") return null;
  const { kind: _kind, ...visit } = event;
  return visit;
}

/** The buttons of the organizer page. */
export const GuestLinkActionSchema = z.object({
  intent: z.enum(["create", "reissue", "revoke"]),
  memberId: z.string().trim().min(1).max(100),
});

/**
 * Every member of the event's delegation in precedence order, with the state of their newest link: what an
 * organizer needs to see who has been invited, who confirmed, and whose link no longer works. Null when the
 * event has no delegation.
 */
export async function listGuestLinks(eventId: string, now = new Date()) {
  const event = await prisma.event.findUnique({
    where: { id: eventId },
    select: {
      endsAt: true,
      timeZone: true,
      delegation: {
        select: {
          organisationZh: true,
          organisationEn: true,
          members: {
            orderBy: [{ precedence: "asc" }, { nameEn: "asc" }],
            select: {
              id: true,
              precedence: true,
              nameZh: true,
              nameEn: true,
              titleZh: true,
              titleEn: true,
              isLeader: true,
              guestLinks: {
                orderBy: { createdAt: "desc" },
                take: 1,
                select: { expiresAt: true, revokedAt: true, confirmedAt: true, createdAt: true },
              },
            },
          },
        },
      },
    },
  });
  if (!event?.delegation) return null;
  const expiryNow = guestLinkExpiry(event);
  const members = event.delegation.members.map(({ guestLinks, ...member }) => {
    const link = guestLinks[0];
    return {
      ...member,
      link: link
        ? {
            state: guestLinkState(link, event, now),
            expiresAt: effectiveExpiry(link, event),
            // the visit was moved later than this link runs: it needs re-issuing to last the visit out
            outdated: !link.revokedAt && link.expiresAt < expiryNow,
            confirmedAt: link.confirmedAt,
            revokedAt: link.revokedAt,
            createdAt: link.createdAt,
          }
        : null,
    };
  });
  return { organisationZh: event.delegation.organisationZh, organisationEn: event.delegation.organisationEn, expiresAt: expiryNow, members };
}

// ───────────────────────────── issuing and revoking ─────────────────────────────

type MemberName = { nameZh: string; nameEn: string };
type Refusal = { ok: false; status: 404 | 409; messageKey: MessageKey };
const refuse = (status: 404 | 409, messageKey: MessageKey): Refusal => ({ ok: false, status, messageKey });

/**
 * A new link for a member. With `replace`, every link the member still has is revoked in the same transaction
 * ("re-issue"); without it, a member who already has a working link is refused (409), so a double click cannot
 * silently kill the link that was just sent. The token is returned once and stored nowhere.
 */
export async function issueGuestLink(actorId: string, eventId: string, memberId: string, { replace, now = new Date() }: { replace: boolean; now?: Date }) {
  return prisma.$transaction(async (tx): Promise<Refusal | { ok: true; token: string; expiresAt: Date; revoked: number; member: MemberName }> => {
    const member = await tx.delegationMember.findFirst({
      where: { id: memberId, delegation: { eventId } },
      select: { id: true, nameZh: true, nameEn: true, delegation: { select: { event: { select: { endsAt: true, timeZone: true, status: true } } } } },
    });
    if (!member) return refuse(404, "guestLink.memberNotFound");
    const { event } = member.delegation;
    if (event.status === "CANCELLED") return refuse(409, "guestLink.visitCancelled");
    const expiresAt = guestLinkExpiry(event);
    if (expiresAt.getTime() < now.getTime()) return refuse(409, "guestLink.visitOver");
    const open = await tx.guestInvitation.findMany({
      where: { memberId, revokedAt: null },
      orderBy: { createdAt: "desc" },
      select: { id: true, expiresAt: true, revokedAt: true, confirmedAt: true },
    });
    if (!replace && open.some((link) => guestLinkState(link, event, now) === "active")) return refuse(409, "guestLink.alreadyActive");
    if (open.length > 0) await tx.guestInvitation.updateMany({ where: { id: { in: open.map((link) => link.id) } }, data: { revokedAt: now } });
    const confirmed = await tx.guestInvitation.findFirst({
      where: { memberId, confirmedAt: { not: null } },
      orderBy: { confirmedAt: "asc" },
      select: { confirmedAt: true },
    });
    const token = newGuestToken();
    const link = await tx.guestInvitation.create({
      data: { memberId, tokenHash: hashGuestToken(token), expiresAt, confirmedAt: confirmed?.confirmedAt ?? null },
      select: { id: true },
    });
    await audit(
      {
        actorId,
        action: replace ? "guest.link.reissue" : "guest.link.create",
        entityType: "GuestInvitation",
        entityId: link.id,
        eventId,
        metadata: { memberId, expiresAt: expiresAt.toISOString(), revoked: open.map((old) => old.id) },
      },
      tx,
    );
    return { ok: true, token, expiresAt, revoked: open.length, member: { nameZh: member.nameZh, nameEn: member.nameEn } };
  });
}

/** Revokes every link the member still has; 409 when there is none to revoke. */
export async function revokeGuestLinks(actorId: string, eventId: string, memberId: string, now = new Date()) {
  return prisma.$transaction(async (tx): Promise<Refusal | { ok: true; revoked: number; member: MemberName }> => {
    const member = await tx.delegationMember.findFirst({ where: { id: memberId, delegation: { eventId } }, select: { nameZh: true, nameEn: true } });
    if (!member) return refuse(404, "guestLink.memberNotFound");
    const open = await tx.guestInvitation.findMany({ where: { memberId, revokedAt: null }, select: { id: true } });
    if (open.length === 0) return refuse(409, "guestLink.nothingToRevoke");
    await tx.guestInvitation.updateMany({ where: { id: { in: open.map((link) => link.id) } }, data: { revokedAt: now } });
    await audit({ actorId, action: "guest.link.revoke", entityType: "DelegationMember", entityId: memberId, eventId, metadata: { revoked: open.map((link) => link.id) } }, tx);
    return { ok: true, revoked: open.length, member };
  });
}

// ───────────────────────────── the guest's side ─────────────────────────────

const guestLinkSelect = {
  id: true,
  expiresAt: true,
  revokedAt: true,
  confirmedAt: true,
  member: {
    select: {
      id: true,
      userId: true,
      nameZh: true,
      nameEn: true,
      titleZh: true,
      titleEn: true,
      organisationZh: true,
      organisationEn: true,
      isLeader: true,
      delegation: {
        select: {
          organisationZh: true,
          organisationEn: true,
          event: {
            select: {
              id: true,
              ...visitEventSelect,
            },
          },
        },
      },
    },
  },
} as const;

export type ActiveGuestLink = {
  status: "active";
  linkId: string;
  expiresAt: Date;
  confirmedAt: Date | null;
  member: {
    id: string;
    userId: string | null;
    nameZh: string;
    nameEn: string;
    titleZh: string;
    titleEn: string;
    organisationZh: string;
    organisationEn: string;
    isLeader: boolean;
  };
  delegation: { organisationZh: string; organisationEn: string };
  event: {
    id: string;
    slug: string;
    status: EventStatus;
    titleZh: string;
    titleEn: string;
    timeZone: string;
    startsAt: Date;
    endsAt: Date;
    venue: { nameZh: string; nameEn: string; addressZh: string | null; addressEn: string | null } | null;
  };
};

/**
 * What a token opens. A bad token gets its reason and nothing else: malformed and unknown tell nothing about any
 * visit, and revoked and expired (which only the holder of a once-valid link can see) name no visit either.
 */
export type GuestLinkResolution = { status: "malformed" } | { status: "unknown" } | { status: "revoked" } | { status: "expired" } | ActiveGuestLink;

export async function resolveGuestLink(token: string | undefined, now = new Date()): Promise<GuestLinkResolution> {
  if (!isWellFormedGuestToken(token)) return { status: "malformed" };
  const link = await prisma.guestInvitation.findUnique({ where: { tokenHash: hashGuestToken(token) }, select: guestLinkSelect });
  // a link on a member of anything but a visit cannot be made here; treated as unknown should one ever exist
  if (!link || link.member.delegation.event.kind !== "PARTNERSHIP_VISIT") return { status: "unknown" };
  const { event: eventRow, ...delegation } = link.member.delegation;
  const state = guestLinkState(link, eventRow, now);
  if (state !== "active") return { status: state };
  const { kind: _kind, ...event } = eventRow;
  const { delegation: _delegation, ...member } = link.member;
  return { status: "active", linkId: link.id, expiresAt: effectiveExpiry(link, eventRow), confirmedAt: link.confirmedAt, member, delegation, event };
}

/**
 * The guest says they are coming. Idempotent: the first confirmation's time is kept, and a second press changes
 * nothing and writes no second audit entry. A cancelled visit takes no confirmations.
 */
export async function confirmAttendance(token: string | undefined, now = new Date()) {
  const resolved = await resolveGuestLink(token, now);
  if (resolved.status !== "active") return resolved;
  if (resolved.event.status === "CANCELLED") return { status: "cancelled" as const };
  return prisma.$transaction(async (tx) => {
    const { count } = await tx.guestInvitation.updateMany({ where: { id: resolved.linkId, confirmedAt: null, revokedAt: null }, data: { confirmedAt: now } });
    if (count > 0) {
      await audit(
        { actorId: resolved.member.userId, action: "guest.confirm", entityType: "DelegationMember", entityId: resolved.member.id, eventId: resolved.event.id, metadata: { linkId: resolved.linkId } },
        tx,
      );
    }
    const link = await tx.guestInvitation.findUniqueOrThrow({ where: { id: resolved.linkId }, select: { confirmedAt: true, revokedAt: true } });
    // revoked between the check and the write: the confirmation did not happen
    if (link.revokedAt) return { status: "revoked" as const };
    return { status: "confirmed" as const, confirmedAt: link.confirmedAt ?? now, first: count > 0 };
  });
}

/** The guest's own visitor badge at this visit, if one has been issued and is valid now; never issues one. */
export async function guestBadge(eventId: string, userId: string | null, now = new Date()) {
  if (!userId) return null;
  const badge = await prisma.badge.findFirst({
    where: {
      eventId,
      userId,
      revokedAt: null,
      AND: [{ OR: [{ validUntil: null }, { validUntil: { gte: now } }] }],
    },
    orderBy: { createdAt: "desc" },
    select: { token: true, ribbon: true, validFrom: true, validUntil: true },
  });
  return badge;
}
