/**
 * Calendar invitations: one registrant's iTIP message (RFC 5546) about one event. A confirmed registration gets a
 * REQUEST, which calendar apps add as an accepted meeting; a cancelled one gets a CANCEL, which removes it again.
 * The event page offers them as downloads, and notification emails can attach them.
 *
 * The message holds one VEVENT, the event itself, under the UID the feeds use (`event-<id>@convene`), so a copy
 * added from an invitation, from the event's .ics and from a feed is one and the same event to a calendar app.
 */
import type { EventStatus, RegistrationStatus } from "~/generated/prisma/client";
import { eventEntry, feedEventSelect, registrationCancellations, registrationSequence, type Presentation } from "~/models/calendar-feed.server";
import { viewerFor, visibleEventsWhere } from "~/models/event.server";
import { renderCalendar, renderEntries, type CalendarEntry } from "~/models/ical.server";
import { prisma } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { pick } from "~/utils/i18n";
import { sessionUserSelect } from "~/utils/session.server";

export type InvitationMethod = "REQUEST" | "CANCEL";
export type Invitation = { method: InvitationMethod; body: string; filename: string };

/**
 * Which message a registration gets. Confirmed: REQUEST, unless the event itself was cancelled, when the person
 * gets a CANCEL too. Cancelled: CANCEL. Waiting, pending and declined registrations hold no seat, so they get no
 * invitation, and a draft has nothing to invite to.
 */
export function invitationMethod(eventStatus: EventStatus, registrationStatus: RegistrationStatus | null | undefined): InvitationMethod | null {
  if (eventStatus === "DRAFT") return null;
  if (registrationStatus === "CANCELLED") return "CANCEL";
  if (registrationStatus !== "CONFIRMED") return null;
  return eventStatus === "CANCELLED" ? "CANCEL" : "REQUEST";
}

/**
 * The ORGANIZER: the event's first organizer (by when they were given the role), or, for an event without one, the
 * institution under CALENDAR_ORGANIZER_EMAIL. RFC 5546 requires an ORGANIZER in REQUEST and CANCEL.
 */
function organizerOf(locale: Presentation["locale"], first: { nameZh: string; nameEn: string; email: string } | undefined) {
  if (first) return { name: pick(locale, first.nameZh, first.nameEn), email: first.email };
  const env = getEnv();
  return { name: pick(locale, env.INSTITUTION_NAME_ZH, env.INSTITUTION_NAME_EN), email: env.CALENDAR_ORGANIZER_EMAIL };
}

/**
 * The person's invitation (REQUEST) or cancellation (CANCEL) for an event, in the reader's language, stamped
 * `p.now`. Null when they have no confirmed or cancelled registration, for a draft, and for an event they may not
 * see (or an account that is gone).
 */
export async function invitationCalendar({ eventId, userId }: { eventId: string; userId: string }, p: Presentation): Promise<Invitation | null> {
  const user = await prisma.user.findFirst({ where: { id: userId, deletedAt: null }, select: sessionUserSelect });
  if (!user) return null;
  const viewer = await viewerFor(user);
  const [event, registration] = await Promise.all([
    prisma.event.findFirst({
      where: { AND: [visibleEventsWhere(viewer), { id: eventId, status: { not: "DRAFT" } }] },
      select: {
        ...feedEventSelect,
        eventRoles: {
          where: { role: { name: "organizer" }, user: { deletedAt: null, email: { not: "" } } },
          orderBy: [{ createdAt: "asc" }, { id: "asc" }],
          take: 1,
          select: { user: { select: { nameZh: true, nameEn: true, email: true } } },
        },
      },
    }),
    prisma.registration.findUnique({ where: { eventId_userId: { eventId, userId } }, select: { id: true, status: true, cancelledAt: true } }),
  ]);
  if (!event || !registration) return null;
  const method = invitationMethod(event.status, registration.status);
  if (!method) return null;
  const registrationCancelled = registration.status === "CANCELLED";
  // served by AuditLog's (entityType, entityId) index
  const cancellations = (await registrationCancellations([registration.id])).get(registration.id) ?? 0;

  const { locale } = p;
  const cancellation = event.status === "CANCELLED" ? { at: event.updatedAt } : registrationCancelled ? { at: registration.cancelledAt ?? event.updatedAt } : null;
  const byRegistration = registrationCancelled && event.status !== "CANCELLED";
  const sequence = registrationSequence({ eventRevisions: event._count.auditEntries, cancellations, registrationCancelled });
  const feedEntry = eventEntry(event, sequence, false, cancellation, byRegistration, p);
  const entry: CalendarEntry = {
    ...feedEntry,
    // one VEVENT for the whole event: it is the person's busy time
    transparent: false,
    stamp: p.now,
    organizer: organizerOf(locale, event.eventRoles[0]?.user),
    attendees: [
      {
        name: pick(locale, user.nameZh, user.nameEn),
        email: user.email,
        // the person is already registered: nothing for their calendar app to answer
        ...(method === "REQUEST" ? { partstat: "ACCEPTED" as const, rsvp: false } : {}),
      },
    ],
  };
  return {
    method,
    body: renderCalendar({ name: entry.summary, blocks: [renderEntries([entry])], method }),
    filename: `${event.slug}-${method === "REQUEST" ? "invitation" : "cancellation"}.ics`,
  };
}
