/**
 * A visit's itinerary, as its guests and its staff read it: the agenda items with their times in the event's
 * zone, rooms, and the people of both sides; the hosts; and the delegation in precedence order.
 *
 * Which agenda: the latest published release when there is one, otherwise the agenda items as they stand. A
 * visit's programme is settled by protocol, often without anyone pressing "publish"; the guest must still see
 * what the organizers intend, and until a first release exists the items themselves are that intent. Once a
 * release exists it is what the delegation sees, as for every other attendee, so later edits reach the guests
 * only when published. The staff's printed itinerary reads the same source, so what hosts hand out is what the
 * guests see on their phones.
 *
 * What it never contains: anyone's email or phone, staff departments, the organizers' cue notes. The guest
 * version lists the delegation by name and title only; the staff version adds dietary and interpreter needs.
 */
import type { Prisma } from "~/generated/prisma/client";
import type { ReleasedItem } from "~/models/agenda.server";
import { getLatestRelease } from "~/models/agenda.server";
import { agendaFormatter } from "~/utils/agenda-display";
import { formatEventRange } from "~/utils/datetime";
import { prisma } from "~/utils/db.server";
import { isMessageKey, pick, translate, type Locale } from "~/utils/i18n";
import { userCan } from "~/utils/permissions.server";
import type { SessionUser } from "~/utils/session.server";
import type { ItineraryAudience, ItineraryDayText, ItineraryPersonText, ItineraryText } from "~/views/itinerary";


type Person = { role: string; side: "LAB" | "GUEST"; userId: string | null; nameZh: string; nameEn: string; titleZh: string; titleEn: string; organisation: string };

type Item = {
  id: string;
  kind: string;
  titleZh: string;
  titleEn: string;
  notesZh: string;
  notesEn: string;
  startsAt: Date;
  endsAt: Date;
  room: { nameZh: string; nameEn: string } | null;
  people: Person[];
};

type Member = {
  id: string;
  precedence: number;
  isLeader: boolean;
  nameZh: string;
  nameEn: string;
  titleZh: string;
  titleEn: string;
  dietaryNeeds: string;
  interpreterNeeds: string;
};

export type ItineraryModel = {
  audience: ItineraryAudience;
  event: {
    slug: string;
    status: string;
    titleZh: string;
    titleEn: string;
    timeZone: string;
    startsAt: Date;
    endsAt: Date;
    venue: { nameZh: string; nameEn: string; addressZh: string | null; addressEn: string | null } | null;
  };
  organisation: { zh: string; en: string } | null;
  source: { kind: "release"; sequence: number; publishedAt: Date } | { kind: "current" };
  hosts: Person[];
  items: Item[];
  members: Member[];
};

const side = (value: string): Person["side"] => (value === "GUEST" ? "GUEST" : "LAB");

/** A staff title frozen into a release as "titleZh / titleEn" (see agenda-display): split back into the pair. */
function splitTitle(title: string): [string, string] {
  const joint = title.indexOf(" / ");
  return joint < 0 ? [title, title] : [title.slice(0, joint), title.slice(joint + 3)];
}

function fromRelease(item: ReleasedItem, memberTitles: Map<string, [string, string]>): Item {
  return {
    id: item.id,
    kind: item.kind,
    titleZh: item.titleZh,
    titleEn: item.titleEn,
    notesZh: item.notesZh,
    notesEn: item.notesEn,
    startsAt: new Date(item.startsAt),
    endsAt: new Date(item.endsAt),
    room: item.room && { nameZh: item.room.nameZh, nameEn: item.room.nameEn },
    people: item.people.map((person) => {
      // a delegation member's title comes from the delegation, which a guest account (no staff profile) lacks
      const [titleZh, titleEn] = (person.userId && memberTitles.get(person.userId)) || (person.userId ? splitTitle(person.title) : [person.title, person.title]);
      return { role: person.role, side: side(person.side), userId: person.userId, nameZh: person.nameZh, nameEn: person.nameEn, titleZh, titleEn, organisation: person.organisation };
    }),
  };
}

/** The current items, read with only the fields an itinerary shows (no cue notes, no contact data). */
async function currentItems(eventId: string, memberTitles: Map<string, [string, string]>): Promise<Item[]> {
  const items = await prisma.agendaItem.findMany({
    where: { eventId },
    orderBy: [{ startsAt: "asc" }, { position: "asc" }],
    select: {
      id: true,
      kind: true,
      titleZh: true,
      titleEn: true,
      notesZh: true,
      notesEn: true,
      startsAt: true,
      endsAt: true,
      room: { select: { nameZh: true, nameEn: true } },
      people: {
        orderBy: [{ role: "asc" }, { position: "asc" }],
        select: {
          role: true,
          side: true,
          userId: true,
          externalNameZh: true,
          externalNameEn: true,
          organisation: true,
          title: true,
          user: { select: { nameZh: true, nameEn: true, profile: { select: { titleZh: true, titleEn: true } } } },
        },
      },
    },
  });
  return items.map(({ people, ...item }) => ({
    ...item,
    people: people.map((person) => {
      const member = person.userId ? memberTitles.get(person.userId) : undefined;
      const titleZh = member?.[0] ?? person.user?.profile?.titleZh ?? person.title ?? "";
      const titleEn = member?.[1] ?? person.user?.profile?.titleEn ?? person.title ?? "";
      return {
        role: person.role,
        side: side(person.side),
        userId: person.userId,
        nameZh: person.user?.nameZh ?? person.externalNameZh ?? person.externalNameEn ?? "",
        nameEn: person.user?.nameEn ?? person.externalNameEn ?? person.externalNameZh ?? "",
        titleZh,
        titleEn,
        organisation: person.organisation ?? "",
      };
    }),
  }));
}

/** What the itinerary and the guest page say about the visit itself. */
export const visitEventSelect = {
  slug: true,
  kind: true,
  status: true,
  titleZh: true,
  titleEn: true,
  timeZone: true,
  startsAt: true,
  endsAt: true,
  venue: { select: { nameZh: true, nameEn: true, addressZh: true, addressEn: true } },
} satisfies Prisma.EventSelect;

export async function loadItinerary(eventId: string, audience: ItineraryAudience): Promise<ItineraryModel | null> {
  const event = await prisma.event.findUnique({
    where: { id: eventId },
    select: {
      ...visitEventSelect,
      delegation: {
        select: {
          organisationZh: true,
          organisationEn: true,
          members: {
            orderBy: [{ precedence: "asc" }, { nameEn: "asc" }],
            select: {
              id: true,
              userId: true,
              precedence: true,
              isLeader: true,
              nameZh: true,
              nameEn: true,
              titleZh: true,
              titleEn: true,
              dietaryNeeds: true,
              interpreterNeeds: true,
            },
          },
        },
      },
      visitHosts: {
        orderBy: { createdAt: "asc" },
        select: { agendaItemId: true, userId: true, user: { select: { nameZh: true, nameEn: true, profile: { select: { titleZh: true, titleEn: true } } } } },
      },
    },
  });
  if (!event || event.kind !== "PARTNERSHIP_VISIT") return null;
  const memberRows = event.delegation?.members ?? [];
  const memberTitles = new Map(memberRows.flatMap((m) => (m.userId ? [[m.userId, [m.titleZh, m.titleEn] as [string, string]] as const] : [])));
  const release = await getLatestRelease(eventId);
  const items = release ? release.snapshot.items.map((item) => fromRelease(item, memberTitles)) : await currentItems(eventId, memberTitles);
  items.sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime() || a.endsAt.getTime() - b.endsAt.getTime());

  const hostPerson = (host: (typeof event.visitHosts)[number]): Person => ({
    role: "HOST",
    side: "LAB",
    userId: host.userId,
    nameZh: host.user.nameZh,
    nameEn: host.user.nameEn,
    titleZh: host.user.profile?.titleZh ?? "",
    titleEn: host.user.profile?.titleEn ?? "",
    organisation: "",
  });
  // a meeting's host named on the visit but not on the item itself is added to the item's own side
  for (const item of items) {
    for (const host of event.visitHosts.filter((h) => h.agendaItemId === item.id)) {
      if (!item.people.some((person) => person.userId === host.userId)) item.people.push(hostPerson(host));
    }
  }
  const overall = event.visitHosts.filter((host) => host.agendaItemId === null);
  const hosts = overall.filter((host, i) => overall.findIndex((other) => other.userId === host.userId) === i).map(hostPerson);

  const { kind: _kind, delegation, visitHosts: _visitHosts, ...eventFields } = event;
  return {
    audience,
    event: eventFields,
    organisation: delegation ? { zh: delegation.organisationZh, en: delegation.organisationEn } : null,
    source: release ? { kind: "release", sequence: release.sequence, publishedAt: release.createdAt } : { kind: "current" },
    hosts,
    items,
    members: memberRows.map(({ userId: _userId, ...member }) =>
      audience === "staff" ? member : { ...member, dietaryNeeds: "", interpreterNeeds: "" },
    ),
  };
}

// ───────────────────────────── in one language ─────────────────────────────

const ROLE_ORDER = ["HOST", "SPEAKER", "PARTICIPANT"];
const roleRank = (role: string) => (ROLE_ORDER.includes(role) ? ROLE_ORDER.indexOf(role) : ROLE_ORDER.length);

function roleLabel(locale: Locale, role: string) {
  const key = `agenda.role.${role}`;
  return isMessageKey(key) ? translate(locale, key) : role;
}

function personText(locale: Locale, person: Person, index: number): ItineraryPersonText {
  const detail = [pick(locale, person.titleZh, person.titleEn), person.organisation].map((part) => part.trim()).filter(Boolean);
  return {
    key: `${index}-${person.userId ?? person.nameEn}`,
    role: roleLabel(locale, person.role),
    name: pick(locale, person.nameZh, person.nameEn),
    detail: detail.length ? detail.join(translate(locale, "list.separator")) : null,
  };
}

function peopleOf(locale: Locale, people: Person[], which: Person["side"]) {
  return people
    .map((person, index) => ({ person, index }))
    .filter(({ person }) => person.side === which)
    .sort((a, b) => roleRank(a.person.role) - roleRank(b.person.role) || a.index - b.index)
    .map(({ person, index }) => personText(locale, person, index));
}

/** Everything an itinerary page shows, formatted on the server in one language and the event's zone. */
export function localizeItinerary(model: ItineraryModel, locale: Locale): ItineraryText {
  const { event } = model;
  const format = agendaFormatter(locale, event.timeZone);
  const days = new Map<string, ItineraryDayText>();
  for (const item of model.items) {
    const range = format.range(item.startsAt, item.endsAt);
    const day = days.get(range.dayKey) ?? { key: range.dayKey, heading: range.dayHeading, items: [] };
    const kindKey = `agenda.kind.${item.kind}`;
    const notes = pick(locale, item.notesZh, item.notesEn).trim();
    day.items.push({
      id: item.id,
      start: range.start,
      end: range.end,
      startLabel: range.startLabel,
      endLabel: range.endLabel,
      kind: isMessageKey(kindKey) ? translate(locale, kindKey) : item.kind,
      title: pick(locale, item.titleZh, item.titleEn),
      notes: notes || null,
      room: item.room ? pick(locale, item.room.nameZh, item.room.nameEn) : null,
      lab: peopleOf(locale, item.people, "LAB"),
      guests: peopleOf(locale, item.people, "GUEST"),
    });
    days.set(day.key, day);
  }
  return {
    locale,
    title: pick(locale, event.titleZh, event.titleEn),
    when: formatEventRange(locale, event.timeZone, event.startsAt, event.endsAt),
    venue: event.venue ? pick(locale, event.venue.nameZh, event.venue.nameEn) : null,
    address: event.venue ? pick(locale, event.venue.addressZh, event.venue.addressEn) || null : null,
    organisation: model.organisation ? pick(locale, model.organisation.zh, model.organisation.en) : null,
    source:
      model.source.kind === "release"
        ? translate(locale, "itinerary.source.release", { sequence: model.source.sequence, at: format.dateTime(model.source.publishedAt) })
        : translate(locale, "itinerary.source.current"),
    hosts: model.hosts.map((host, index) => personText(locale, host, index)),
    days: [...days.values()],
    members: model.members.map((member) => ({
      id: member.id,
      precedence: member.precedence,
      leader: member.isLeader,
      name: pick(locale, member.nameZh, member.nameEn),
      title: pick(locale, member.titleZh, member.titleEn),
      dietary: member.dietaryNeeds.trim() || null,
      interpreter: member.interpreterNeeds.trim() || null,
    })),
  };
}

/** Both languages, Chinese first: what the printable itinerary lays side by side. */
export function bilingualItinerary(model: ItineraryModel) {
  return [localizeItinerary(model, "zh-CN"), localizeItinerary(model, "en")];
}

export type { ItineraryAudience, ItineraryText };

// ───────────────────────────── who may read the staff version ─────────────────────────────

export async function findEventBySlug(slug: string) {
  return prisma.event.findUnique({ where: { slug }, select: { id: true, slug: true } });
}

/** Organizers and admins (read:visit on the event), and the staff hosting the visit or one of its meetings. */
export async function canReadStaffItinerary(user: SessionUser, eventId: string) {
  if (user.kind !== "STAFF") return false;
  if (await userCan(user, "read:visit", { eventId })) return true;
  const host = await prisma.visitHost.findFirst({ where: { eventId, userId: user.id }, select: { id: true } });
  return host !== null;
}
