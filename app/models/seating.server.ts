/**
 * The seating plan of a partnership visit's talks (issue 8 §6), and the people its name cards are printed for.
 *
 * The table: one long table, the delegation on one side and the lab on the other, facing each other; the guests
 * face the entrance (客方面门而坐), so the lab sits with its back to it. Each side is seated by one rule:
 *
 * - **Order.** Rank 1 is the side's principal; the others follow in the order below.
 * - **Places.** The principal sits in the middle of the side; rank 2 on the principal's right, rank 3 on the
 *   left, rank 4 second to the right, rank 5 second to the left, and so on: places 0, +1, -1, +2, -2 … (`seatPlaces`).
 *   Right and left are those of the person seated, facing the table: the right is the place of honour, as in
 *   international and foreign-affairs practice (以右为尊). With an even number on a side, the principal and rank 2
 *   take the centre pair, rank 2 on the principal's right, and the right wing has one seat more than the left.
 *
 * Who sits where:
 *
 * - **Guests** (客方): the whole delegation, in precedence order, its leader first. A meeting's GUEST-side agenda
 *   people name who speaks, not who attends (the seeded talks list two speakers out of fifteen), so they never
 *   narrow the delegation; a guest-side person who is not a delegation member (an external guest) is seated after
 *   it, hosts, then speakers, then participants.
 * - **Lab** (主方): the meeting's LAB-side people, hosts first, then speakers, then participants, each in their
 *   order on the item; the meeting's hosts named on the visit (VisitHost for the item) join the hosts, and the
 *   visit's overall host joins after them if not already there. So the meeting's own host is the principal, or,
 *   when the meeting names none, the visit's overall host.
 *
 * The meeting is the visit's first MEETING item in time, or the one picked with `?item=`. It is read from the
 * agenda items as they stand, not from the latest release: the plan and the name cards are working papers the
 * organizers print the day before, after the last change, whether or not it was published.
 */
import { z } from "zod";

import type { Prisma } from "~/generated/prisma/client";
import { canReadStaffItinerary, findEventBySlug } from "~/models/itinerary.server";
import { prisma } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { badRequest, forbidden, notFound, requireParam } from "~/utils/http.server";
import type { MessageKey } from "~/utils/i18n";
import { resolveLocale } from "~/utils/i18n.server";
import { requireUser } from "~/utils/session.server";

// ───────────────────────────── the rule ─────────────────────────────

/**
 * The place of each rank on one side, as an offset from the principal: 0 the principal, +k the k-th seat to the
 * principal's right, -k the k-th to the left. Ranks 1..n get 0, +1, -1, +2, -2 …
 */
export function seatPlaces(count: number): number[] {
  return Array.from({ length: Math.max(0, count) }, (_, i) => (i === 0 ? 0 : i % 2 === 1 ? (i + 1) / 2 : -(i / 2)));
}

/**
 * Each rank's seat counted from the side's own left end (0-based), for `count` seats: the left wing holds
 * ⌊(n-1)/2⌋ seats, so with an even count the principal sits just left of the table's centre line and rank 2 just
 * right of it.
 */
export function seatColumns(count: number): number[] {
  const leftWing = Math.floor((count - 1) / 2);
  return seatPlaces(count).map((place) => leftWing + place);
}

export type TableSide = "GUEST" | "LAB";

/**
 * Where a seat goes on the drawing: the table drawn across the page, guests along the top edge facing down
 * (towards the entrance), the lab along the bottom edge facing up. The drawing has two tracks per seat of the
 * longer side (`tracks`), so a side with an odd count and one with an even count both stay centred. A guest's own
 * right is the drawing's left, a lab member's own right the drawing's right, so the principals face each other.
 * Returns the first of the two tracks the seat spans, 1-based (a CSS grid line).
 */
export function drawingTrack(side: TableSide, column: number, count: number, tracks: number) {
  const fromCentre = side === "LAB" ? 2 * column - (count - 1) : count - 1 - 2 * column;
  return fromCentre + tracks / 2;
}

// ───────────────────────────── the query ─────────────────────────────

export const NAME_CARD_SIDES = ["all", "guests", "lab"] as const;
export type NameCardSide = (typeof NAME_CARD_SIDES)[number];

const SeatingQuerySchema = z.object({
  item: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/)
    .optional(),
  side: z.enum(NAME_CARD_SIDES).default("all"),
});
export type SeatingQuery = z.output<typeof SeatingQuerySchema>;

/** `?item=<agenda item id>` and `?side=guests|lab|all` (all by default); anything else given is a 400. */
export function parseSeatingQuery(params: URLSearchParams): { ok: true; query: SeatingQuery } | { ok: false; messageKey: MessageKey } {
  for (const name of ["item", "side"]) if (params.getAll(name).length > 1) return { ok: false, messageKey: "seating.error.query" };
  const parsed = SeatingQuerySchema.safeParse({ item: params.get("item") ?? undefined, side: params.get("side") ?? undefined });
  if (!parsed.success) return { ok: false, messageKey: parsed.error.issues.some((issue) => issue.path[0] === "side") ? "nameCards.error.side" : "seating.error.item" };
  return { ok: true, query: parsed.data };
}

// ───────────────────────────── who may read it ─────────────────────────────

/**
 * The door of the seating page and the name cards: the visit's organizers and admins (read:visit) and its hosts,
 * as for the staff itinerary. An unknown event is a 404, a signed-out reader goes to sign in, anyone else is a
 * 403, an event that is not a visit a 404, and a bad query a 400, in that order (the query is looked at only for
 * those who may read the plan).
 */
export async function requireSeatingReader(request: Request, slug: string | undefined) {
  const event = await findEventBySlug(requireParam({ slug }, "slug"));
  if (!event) throw notFound("event.notFound");
  const user = await requireUser(request);
  if (!(await canReadStaffItinerary(user, event.id))) throw forbidden();
  const visit = await prisma.event.findUnique({ where: { id: event.id }, select: { kind: true } });
  if (visit?.kind !== "PARTNERSHIP_VISIT") throw notFound("seating.notVisit");
  const parsed = parseSeatingQuery(new URL(request.url).searchParams);
  if (!parsed.ok) throw badRequest(parsed.messageKey);
  return { user, event, query: parsed.query, locale: await resolveLocale(request, user.locale) };
}

// ───────────────────────────── the people ─────────────────────────────

/** What a seat, and its name card, says of a person: names, title and organisation in both languages. */
export type SeatLabel = {
  nameZh: string;
  nameEn: string;
  titleZh: string;
  titleEn: string;
  organisationZh: string;
  organisationEn: string;
};

export type SeatedPerson = SeatLabel & {
  key: string;
  /** LEADER or MEMBER of the delegation; HOST, SPEAKER or PARTICIPANT as named on the meeting */
  role: string;
};

export type Seat = SeatedPerson & {
  /** 1 the principal, then the order of the side */
  rank: number;
  /** 0 the principal, +k the k-th to the principal's right, -k to the left */
  place: number;
  /** the first of the two drawing tracks the seat spans (1-based) */
  track: number;
};

const ROLE_ORDER = ["HOST", "SPEAKER", "PARTICIPANT"];
const roleRank = (role: string) => (ROLE_ORDER.includes(role) ? ROLE_ORDER.indexOf(role) : ROLE_ORDER.length);

const userSelect = { id: true, nameZh: true, nameEn: true, profile: { select: { titleZh: true, titleEn: true } } } satisfies Prisma.UserSelect;

const itemSelect = {
  id: true,
  kind: true,
  titleZh: true,
  titleEn: true,
  startsAt: true,
  endsAt: true,
  position: true,
  room: { select: { nameZh: true, nameEn: true } },
  people: {
    orderBy: [{ position: "asc" }, { createdAt: "asc" }, { id: "asc" }],
    select: { id: true, role: true, side: true, userId: true, externalNameZh: true, externalNameEn: true, organisation: true, title: true, user: { select: userSelect } },
  },
} satisfies Prisma.AgendaItemSelect;

type ItemRow = Prisma.AgendaItemGetPayload<{ select: typeof itemSelect }>;
type AgendaPersonRow = ItemRow["people"][number];
type UserRow = Prisma.UserGetPayload<{ select: typeof userSelect }>;

export type SeatingPlan = {
  event: { id: string; slug: string; titleZh: string; titleEn: string; timeZone: string };
  organisation: { zh: string; en: string };
  institution: { zh: string; en: string };
  /** the meeting seated, or null when the visit has none yet (then the lab side is the overall hosts) */
  meeting: { id: string; kind: string; titleZh: string; titleEn: string; startsAt: Date; endsAt: Date; room: { nameZh: string; nameEn: string } | null } | null;
  /** every item of the visit, in time order, for choosing another one */
  items: Array<{ id: string; kind: string; titleZh: string; titleEn: string; startsAt: Date; endsAt: Date }>;
  guests: Seat[];
  lab: Seat[];
  /** drawing tracks: two per seat of the longer side */
  tracks: number;
};

export type SeatingOutcome = { ok: true; plan: SeatingPlan } | { ok: false; status: 400 | 404; messageKey: MessageKey };

function labPerson(user: UserRow, role: string, institution: { zh: string; en: string }): SeatedPerson {
  return {
    key: `user-${user.id}`,
    nameZh: user.nameZh,
    nameEn: user.nameEn,
    titleZh: user.profile?.titleZh ?? "",
    titleEn: user.profile?.titleEn ?? "",
    organisationZh: institution.zh,
    organisationEn: institution.en,
    role,
  };
}

/** Someone named on the item: a staff member (with their profile's title), or an external person as typed. */
function agendaPerson(person: AgendaPersonRow, organisation: { zh: string; en: string }): SeatedPerson {
  if (person.user) {
    const seated = labPerson(person.user, person.role, organisation);
    return { ...seated, titleZh: seated.titleZh || person.title || "", titleEn: seated.titleEn || person.title || "" };
  }
  const typed = person.organisation?.trim();
  return {
    key: `person-${person.id}`,
    nameZh: person.externalNameZh?.trim() ?? "",
    nameEn: person.externalNameEn?.trim() ?? "",
    titleZh: person.title ?? "",
    titleEn: person.title ?? "",
    organisationZh: typed || organisation.zh,
    organisationEn: typed || organisation.en,
    role: person.role,
  };
}

const byRole = (a: AgendaPersonRow, b: AgendaPersonRow) => roleRank(a.role) - roleRank(b.role);

function seated(people: SeatedPerson[], side: TableSide, tracks: number): Seat[] {
  const places = seatPlaces(people.length);
  const columns = seatColumns(people.length);
  return people.map((person, i) => ({ ...person, rank: i + 1, place: places[i]!, track: drawingTrack(side, columns[i]!, people.length, tracks) }));
}

/** Keeps the first of each key: someone both hosting and listed as a participant sits once, as host. */
function once(people: SeatedPerson[]) {
  const seen = new Set<string>();
  return people.filter((person) => !seen.has(person.key) && seen.add(person.key));
}

/**
 * The plan for a visit's meeting (the first MEETING, or `itemId`). Not a visit: 404; an item that is not one of
 * the visit's: 400 (it came from the query).
 */
export async function loadSeating(eventId: string, itemId?: string | null): Promise<SeatingOutcome> {
  const event = await prisma.event.findUnique({
    where: { id: eventId },
    select: {
      id: true,
      slug: true,
      kind: true,
      titleZh: true,
      titleEn: true,
      timeZone: true,
      delegation: {
        select: {
          organisationZh: true,
          organisationEn: true,
          members: {
            orderBy: [{ precedence: "asc" }, { createdAt: "asc" }, { id: "asc" }],
            select: { id: true, userId: true, nameZh: true, nameEn: true, titleZh: true, titleEn: true, organisationZh: true, organisationEn: true, isLeader: true },
          },
        },
      },
      visitHosts: { orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: { agendaItemId: true, user: { select: userSelect } } },
      agendaItems: { orderBy: [{ startsAt: "asc" }, { position: "asc" }, { id: "asc" }], select: itemSelect },
    },
  });
  if (!event || event.kind !== "PARTNERSHIP_VISIT") return { ok: false, status: 404, messageKey: "seating.notVisit" };
  const meeting = itemId ? event.agendaItems.find((item) => item.id === itemId) : event.agendaItems.find((item) => item.kind === "MEETING");
  if (itemId && !meeting) return { ok: false, status: 400, messageKey: "seating.error.item" };

  const env = getEnv();
  const institution = { zh: env.INSTITUTION_NAME_ZH, en: env.INSTITUTION_NAME_EN };
  const organisation = { zh: event.delegation?.organisationZh ?? "", en: event.delegation?.organisationEn ?? "" };

  // the delegation, leader first, then by precedence
  const members = event.delegation?.members ?? [];
  const delegation: SeatedPerson[] = [...members.filter((m) => m.isLeader), ...members.filter((m) => !m.isLeader)].map((member) => ({
    key: member.userId ? `user-${member.userId}` : `member-${member.id}`,
    nameZh: member.nameZh,
    nameEn: member.nameEn,
    titleZh: member.titleZh,
    titleEn: member.titleEn,
    organisationZh: member.organisationZh || organisation.zh,
    organisationEn: member.organisationEn || organisation.en,
    role: member.isLeader ? "LEADER" : "MEMBER",
  }));
  const people = meeting?.people ?? [];
  const externalGuests = people
    .filter((person) => person.side === "GUEST")
    .sort(byRole)
    .map((person) => agendaPerson(person, organisation));
  const guests = once([...delegation, ...externalGuests]);

  const named = people.filter((person) => person.side !== "GUEST").sort(byRole);
  const meetingHosts = meeting ? event.visitHosts.filter((host) => host.agendaItemId === meeting.id).map((host) => labPerson(host.user, "HOST", institution)) : [];
  const overallHosts = event.visitHosts.filter((host) => host.agendaItemId === null).map((host) => labPerson(host.user, "HOST", institution));
  const lab = once([
    ...named.filter((person) => person.role === "HOST").map((person) => agendaPerson(person, institution)),
    ...meetingHosts,
    ...overallHosts,
    ...named.filter((person) => person.role !== "HOST").map((person) => agendaPerson(person, institution)),
  ]);

  const tracks = 2 * Math.max(guests.length, lab.length, 1);
  return {
    ok: true,
    plan: {
      event: { id: event.id, slug: event.slug, titleZh: event.titleZh, titleEn: event.titleEn, timeZone: event.timeZone },
      organisation,
      institution,
      meeting: meeting ? { id: meeting.id, kind: meeting.kind, titleZh: meeting.titleZh, titleEn: meeting.titleEn, startsAt: meeting.startsAt, endsAt: meeting.endsAt, room: meeting.room } : null,
      items: event.agendaItems.map((item) => ({ id: item.id, kind: item.kind, titleZh: item.titleZh, titleEn: item.titleEn, startsAt: item.startsAt, endsAt: item.endsAt })),
      guests: seated(guests, "GUEST", tracks),
      lab: seated(lab, "LAB", tracks),
      tracks,
    },
  };
}
