/**
 * Demo data for convene: Zhejiang Lab's staff, its Nanhu campus, the archived 2020 internal conference
 * with its 2019 awards, and the upcoming events of winter 2026/27. Run with `tsx prisma/seed.ts` (also
 * `prisma db seed`) on a migrated, empty database, or call `seed()` from code.
 *
 * Deterministic: names, employee numbers, badge tokens and dates come from a fixed-seed PRNG and fixed
 * dates, so two fresh databases get the same people (only cuid ids and password salts differ).
 */
import { realpathSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";

import { addMembers, saveOrganisation } from "~/models/delegation.server";
import { newPosterToken } from "~/models/session-checkin.server";
import { prisma } from "~/utils/db.server";

import { assignEventRole, createDepartment, createEvent, createUser } from "../tests/factories";
import {
  ADMIN_EMAIL,
  ANNOUNCED_AT_2020,
  AWARDS_CEREMONY_2026,
  CONFERENCE_2020,
  CONFERENCE_2027,
  DEMO_PEOPLE,
  DEPARTMENTS,
  DOOR_EMAIL,
  GENERATED_BATCH_4,
  GENERATED_BATCH_5,
  GENERATED_EXISTING_STAFF,
  GIVEN_FEMALE,
  GIVEN_MALE,
  LEADERS,
  ORGANIZER_EMAIL,
  PROGRAMME_2026,
  PROGRAMMES_2019,
  REGISTERED_GENERATED_EXISTING,
  ROOMS,
  SPRING_LECTURE,
  STAFF_EMAIL,
  SURNAMES,
  TITLES,
  VENUE,
  ZHAO,
  ZJU_DELEGATES,
  ZJU_VISIT,
  type AgendaSpec,
  type DepartmentCode,
  type NamedPerson,
  type ProgrammeSpec,
  type RecipientSpec,
  type RoomKey,
  type Syllable,
  type TitleSpec,
} from "./seed-data";

// ───────────────────────────── helpers ─────────────────────────────

/** mulberry32: tiny, fast and good enough for demo data; the point is only that it is reproducible. */
function mulberry32(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const BASE64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

class Rng {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  float() {
    return this.next();
  }
  int(maxExclusive: number) {
    return Math.floor(this.next() * maxExclusive);
  }
  pick<T>(items: readonly T[]): T {
    return must(items[this.int(items.length)], "pick from an empty list");
  }
  weighted<T>(items: readonly T[], weightOf: (item: T) => number): T {
    const total = items.reduce((sum, item) => sum + weightOf(item), 0);
    let roll = this.next() * total;
    for (const item of items) {
      roll -= weightOf(item);
      if (roll < 0) return item;
    }
    return must(items[items.length - 1], "weighted pick from an empty list");
  }
  token(length: number) {
    let out = "";
    for (let i = 0; i < length; i++) out += BASE64URL.charAt(this.int(64));
    return out;
  }
}

function must<T>(value: T | undefined | null, what: string): T {
  if (value === undefined || value === null) throw new Error(`seed: missing ${what}`);
  return value;
}

/** Wall time in Hangzhou to an instant; the data is written as the printed programme reads. */
function shanghai(date: string, time = "00:00") {
  return new Date(`${date}T${time}:00+08:00`);
}

/**
 * A date without a time (hire dates) as UTC midnight, so it reads as the same calendar day whether it is
 * shown in UTC or in Hangzhou.
 */
function calendarDate(date: string) {
  return new Date(`${date}T00:00:00Z`);
}

const DAY_MS = 24 * 3600 * 1000;

/** A Monday between two Mondays: staff start on the first day of a week. */
function mondayBetween(rng: Rng, firstMonday: string, lastMonday: string) {
  const first = calendarDate(firstMonday).getTime();
  const weeks = Math.round((calendarDate(lastMonday).getTime() - first) / (7 * DAY_MS));
  return new Date(first + rng.int(weeks + 1) * 7 * DAY_MS);
}

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

// ───────────────────────────── people ─────────────────────────────

type StaffRecord = {
  id: string;
  email: string;
  nameZh: string;
  nameEn: string;
  department: DepartmentCode;
  batch: string | null;
  generated: boolean;
};

type GeneratedName = { nameZh: string; pinyin: string; emailStem: string };

/**
 * Surname + one or two given-name characters, drawn from a gendered pool so that combinations read
 * naturally. The syllable lists contain no vowel-initial syllables, so pinyin needs no apostrophes.
 */
function generateName(rng: Rng, used: Set<string>): GeneratedName {
  for (;;) {
    const [surname, surnamePinyin] = rng.weighted(SURNAMES, ([, , weight]) => weight);
    const pool: Syllable[] = rng.float() < 0.5 ? GIVEN_MALE : GIVEN_FEMALE;
    const given: Syllable[] = [rng.pick(pool)];
    if (rng.float() < 0.65) {
      const second = rng.pick(pool);
      if (second[0] === given[0]?.[0]) continue;
      given.push(second);
    }
    const nameZh = surname + given.map(([hanzi]) => hanzi).join("");
    if (used.has(nameZh)) continue;
    used.add(nameZh);
    const givenPinyin = given.map(([, py]) => py).join("");
    return {
      nameZh,
      pinyin: `${surnamePinyin} ${capitalize(givenPinyin)}`,
      emailStem: `${surnamePinyin.toLowerCase()}.${givenPinyin}`,
    };
  }
}

// ───────────────────────────── seed ─────────────────────────────

export type SeedSummary = {
  users: number;
  staff: number;
  newHires: number;
  guests: number;
  events: number;
  registrations: number;
  badges: number;
  awards: number;
};

export async function seed(): Promise<SeedSummary | null> {
  // Re-running against a seeded database would only hit unique constraints half-way; say so instead.
  if (await prisma.user.findUnique({ where: { email: ADMIN_EMAIL }, select: { id: true } })) {
    console.log("seed: demo data already present (admin@lab.example exists); nothing to do");
    return null;
  }

  const rng = new Rng(20200118);

  // departments
  const departmentIds = new Map<DepartmentCode, string>();
  for (const [index, spec] of DEPARTMENTS.entries()) {
    // the lab's own order: offices first, then the research institutes, as the seed lists them
    const row = await createDepartment({ code: spec.code, nameZh: spec.nameZh, nameEn: spec.nameEn, kind: spec.kind, sortOrder: index + 1 });
    departmentIds.set(spec.code, row.id);
  }
  const departmentId = (code: DepartmentCode) => must(departmentIds.get(code), `department ${code}`);
  const departmentSpec = (code: DepartmentCode) =>
    must(
      DEPARTMENTS.find((d) => d.code === code),
      `department spec ${code}`,
    );
  const departmentOrder = (code: DepartmentCode) => DEPARTMENTS.findIndex((d) => d.code === code);

  // Employee numbers are "ZJ" + hire year + a running number within that year, in creation order.
  const perYear = new Map<number, number>();
  const employeeNo = (hireDate: Date) => {
    const year = hireDate.getUTCFullYear();
    const n = (perYear.get(year) ?? 0) + 1;
    perYear.set(year, n);
    return `ZJ${year}${String(n).padStart(4, "0")}`;
  };

  const staff: StaffRecord[] = [];
  const byEmail = new Map<string, StaffRecord>();
  const userIdOf = (email: string) => must(byEmail.get(email), `user ${email}`).id;

  type NewStaff = Omit<NamedPerson, "hireDate" | "pinyin"> & { hireDate: Date; pinyin: string | null; generated: boolean };
  const addStaff = async (person: NewStaff) => {
    const row = await createUser({
      email: person.email,
      nameZh: person.nameZh,
      nameEn: person.nameEn,
      pinyin: person.pinyin,
      roles: person.roles,
      departmentId: departmentId(person.department),
      employeeNo: employeeNo(person.hireDate),
      titleZh: person.titleZh,
      titleEn: person.titleEn,
      hireDate: person.hireDate,
      recruitmentBatch: person.recruitmentBatch ?? null,
    });
    const record: StaffRecord = {
      id: row.id,
      email: person.email,
      nameZh: person.nameZh,
      nameEn: person.nameEn,
      department: person.department,
      batch: person.recruitmentBatch ?? null,
      generated: person.generated,
    };
    staff.push(record);
    byEmail.set(record.email, record);
  };

  const usedNames = new Set<string>([
    ...LEADERS.map((p) => p.nameZh),
    ...DEMO_PEOPLE.map((p) => p.nameZh),
    ...ZJU_DELEGATES.map((p) => p.nameZh),
  ]);

  // Leaders first so they get the lowest employee numbers of their year, as founding staff do.
  for (const person of [...LEADERS, ...DEMO_PEOPLE]) {
    await addStaff({ ...person, hireDate: calendarDate(person.hireDate), generated: false });
  }

  let generatedIndex = 0;
  const addGenerated = async (department: DepartmentCode, hireDate: Date, batch: string | null) => {
    generatedIndex++;
    const name = generateName(rng, usedNames);
    const isResearch = departmentSpec(department).kind === "RESEARCH_CENTER";
    const titles: readonly TitleSpec[] =
      batch === null
        ? isResearch
          ? TITLES.seniorResearch
          : TITLES.seniorAdmin
        : isResearch
          ? TITLES.newResearch
          : TITLES.newAdmin;
    const [titleZh, titleEn] = rng.pick(titles);
    await addStaff({
      email: `${name.emailStem}.${String(generatedIndex).padStart(3, "0")}@lab.example`,
      nameZh: name.nameZh,
      nameEn: name.pinyin,
      pinyin: name.pinyin,
      department,
      titleZh,
      titleEn,
      hireDate,
      roles: ["staff"],
      recruitmentBatch: batch ?? undefined,
      generated: true,
    });
  };

  // Existing staff: three per research centre (so every award team has people to draw on), the rest
  // in the functional departments.
  const researchCodes = DEPARTMENTS.filter((d) => d.kind === "RESEARCH_CENTER").map((d) => d.code);
  const functionalCodes: DepartmentCode[] = ["GO", "GO", "HR", "RM", "STC", "PA", "FA"];
  const existingDepartments: DepartmentCode[] = [
    ...[0, 1, 2].flatMap(() => researchCodes),
    ...functionalCodes,
  ].slice(0, GENERATED_EXISTING_STAFF);
  for (const code of existingDepartments) {
    await addGenerated(code, mondayBetween(rng, "2017-10-09", "2018-12-24"), null);
  }

  // New hires go mostly to the research centres, as the recruitment plans did.
  const hireWeight = (code: DepartmentCode) => (departmentSpec(code).kind === "RESEARCH_CENTER" ? 5 : 1);
  const allCodes = DEPARTMENTS.map((d) => d.code);
  for (let i = 0; i < GENERATED_BATCH_4; i++) {
    await addGenerated(rng.weighted(allCodes, hireWeight), mondayBetween(rng, "2019-06-03", "2019-08-26"), "2019-4");
  }
  for (let i = 0; i < GENERATED_BATCH_5; i++) {
    await addGenerated(rng.weighted(allCodes, hireWeight), mondayBetween(rng, "2019-09-02", "2019-12-16"), "2019-5");
  }

  const organizerId = userIdOf(ORGANIZER_EMAIL);

  // venue
  const venue = await prisma.venue.create({
    data: {
      ...VENUE,
      rooms: { create: ROOMS.map(({ nameZh, nameEn, capacity }) => ({ nameZh, nameEn, capacity })) },
    },
    include: { rooms: true },
  });
  const roomIds = new Map<RoomKey, string>();
  for (const spec of ROOMS) {
    roomIds.set(spec.key, must(venue.rooms.find((r) => r.nameEn === spec.nameEn), `room ${spec.nameEn}`).id);
  }

  // guests of the visit: created before the agendas, which name some of them
  const guestIds = new Map<string, string>();
  for (const delegate of ZJU_DELEGATES) {
    const guest = await createUser({
      kind: "GUEST",
      password: null,
      roles: ["guest"],
      email: delegate.email,
      nameZh: delegate.nameZh,
      nameEn: delegate.nameEn,
      pinyin: delegate.nameEn,
    });
    guestIds.set(delegate.email, guest.id);
  }
  const personId = (email: string) => guestIds.get(email) ?? userIdOf(email);

  const createAgenda = async (eventId: string, date: string, items: AgendaSpec[]) => {
    const ids: string[] = [];
    for (const [position, item] of items.entries()) {
      const row = await prisma.agendaItem.create({
        data: {
          eventId,
          kind: item.kind,
          titleZh: item.titleZh,
          titleEn: item.titleEn,
          notesZh: item.notesZh ?? "",
          notesEn: item.notesEn ?? "",
          cueNotes: item.cueNotes ?? "",
          startsAt: shanghai(date, item.start),
          endsAt: shanghai(date, item.end),
          roomId: item.room ? must(roomIds.get(item.room), `room ${item.room}`) : null,
          position,
          people: {
            create: (item.people ?? []).map((p, i) => ({
              role: p.role,
              side: p.side ?? "LAB",
              userId: personId(p.email),
              position: i,
            })),
          },
        },
        select: { id: true },
      });
      ids.push(row.id);
    }
    return ids;
  };
  const agendaIdOfKind = (specs: AgendaSpec[], ids: string[], kind: AgendaSpec["kind"]) =>
    must(ids[specs.findIndex((s) => s.kind === kind)], `${kind} agenda item`);

  // a. the archived 2020 internal conference
  const conference2020 = await createEvent({
    slug: CONFERENCE_2020.slug,
    kind: "INTERNAL_CONFERENCE",
    status: "ARCHIVED",
    titleZh: CONFERENCE_2020.titleZh,
    titleEn: CONFERENCE_2020.titleEn,
    descriptionZh: CONFERENCE_2020.descriptionZh,
    descriptionEn: CONFERENCE_2020.descriptionEn,
    startsAt: shanghai(CONFERENCE_2020.date, CONFERENCE_2020.start),
    endsAt: shanghai(CONFERENCE_2020.date, CONFERENCE_2020.end),
    venueId: venue.id,
    audience: "ALL_STAFF",
    capacity: 1200,
    createdById: organizerId,
    createdAt: shanghai("2019-12-20", "10:00"),
    organizerIds: [organizerId],
  });
  const agenda2020 = await createAgenda(conference2020.id, CONFERENCE_2020.date, CONFERENCE_2020.agenda);

  // b. the upcoming 2027 annual conference
  const conference2027 = await createEvent({
    slug: CONFERENCE_2027.slug,
    kind: "INTERNAL_CONFERENCE",
    status: "PUBLISHED",
    titleZh: CONFERENCE_2027.titleZh,
    titleEn: CONFERENCE_2027.titleEn,
    descriptionZh: CONFERENCE_2027.descriptionZh,
    descriptionEn: CONFERENCE_2027.descriptionEn,
    startsAt: shanghai(CONFERENCE_2027.date, CONFERENCE_2027.start),
    endsAt: shanghai(CONFERENCE_2027.date, CONFERENCE_2027.end),
    venueId: venue.id,
    audience: "ALL_STAFF",
    capacity: CONFERENCE_2027.capacity,
    registrationOpensAt: new Date(CONFERENCE_2027.registrationOpensAt),
    registrationClosesAt: new Date(CONFERENCE_2027.registrationClosesAt),
    createdById: organizerId,
    createdAt: shanghai("2026-10-15", "10:00"),
    organizerIds: [organizerId],
  });
  await assignEventRole(conference2027.id, [userIdOf(DOOR_EMAIL)], "checkin");
  const agenda2027 = await createAgenda(conference2027.id, CONFERENCE_2027.date, CONFERENCE_2027.agenda);
  // Session check-in by room poster (issue 9): the work report and the chief scientist's lecture need attendance,
  // so the demo has posters to print (/events/:slug/attendance) and /attend/<token> pages to open. The tokens are
  // random, not from the seeded generator, so every other seeded value stays as it was.
  for (const kind of ["REPORT", "TALK"] as const) {
    await prisma.agendaItem.update({
      where: { id: agendaIdOfKind(CONFERENCE_2027.agenda, agenda2027, kind) },
      data: { needsAttendance: true, attendanceGraceMinutes: 15, posterToken: newPosterToken() },
    });
  }
  await prisma.registrationQuestion.createMany({
    data: CONFERENCE_2027.questions.map((q, position) => ({ eventId: conference2027.id, ...q, position })),
  });

  // Every new hire and thirty existing staff are registered; staff@lab.example is left out on purpose so
  // a test can register them.
  const newHires = staff.filter((s) => s.batch !== null);
  const registeredExisting = [
    ...LEADERS.map((p) => must(byEmail.get(p.email), p.email)),
    must(byEmail.get(ORGANIZER_EMAIL), ORGANIZER_EMAIL),
    must(byEmail.get(DOOR_EMAIL), DOOR_EMAIL),
    ...staff.filter((s) => s.generated && s.batch === null).slice(0, REGISTERED_GENERATED_EXISTING),
  ];
  if (registeredExisting.some((s) => s.email === STAFF_EMAIL)) throw new Error("seed: staff@ must stay unregistered");
  const registrants = [...newHires, ...registeredExisting];
  const registrationWindowStart = new Date(CONFERENCE_2027.registrationOpensAt).getTime();
  const registrations = await prisma.registration.createManyAndReturn({
    data: registrants.map((s) => {
      const createdAt = new Date(registrationWindowStart + rng.int(20 * 24 * 60) * 60 * 1000);
      return {
        eventId: conference2027.id,
        userId: s.id,
        status: "CONFIRMED" as const,
        answers: "{}",
        decidedAt: createdAt,
        createdAt,
      };
    }),
    select: { id: true, userId: true },
  });
  const registrationIdOf = new Map(registrations.map((r) => [r.userId, r.id]));

  // The badge ceremony calls new hires department by department, then by name.
  const callingList = [...newHires].sort(
    (a, b) =>
      departmentOrder(a.department) - departmentOrder(b.department) ||
      (a.nameEn < b.nameEn ? -1 : a.nameEn > b.nameEn ? 1 : 0) ||
      (a.nameZh < b.nameZh ? -1 : a.nameZh > b.nameZh ? 1 : 0),
  );
  const callingOrder = new Map(callingList.map((s, i) => [s.id, i + 1]));
  const tokens = new Set<string>();
  const freshToken = () => {
    for (;;) {
      const token = rng.token(22);
      if (!tokens.has(token)) {
        tokens.add(token);
        return token;
      }
    }
  };
  await prisma.badge.createMany({
    data: registrants.map((s) => ({
      eventId: conference2027.id,
      userId: s.id,
      registrationId: must(registrationIdOf.get(s.id), `registration of ${s.email}`),
      token: freshToken(),
      ribbon: s.batch !== null ? ("NEW_HIRE" as const) : ("STAFF" as const),
      callingOrder: callingOrder.get(s.id) ?? null,
    })),
  });

  // c. the 2026 technology awards ceremony
  const awards2026Event = await createEvent({
    slug: AWARDS_CEREMONY_2026.slug,
    kind: "AWARD_CEREMONY",
    status: "PUBLISHED",
    titleZh: AWARDS_CEREMONY_2026.titleZh,
    titleEn: AWARDS_CEREMONY_2026.titleEn,
    descriptionZh: AWARDS_CEREMONY_2026.descriptionZh,
    descriptionEn: AWARDS_CEREMONY_2026.descriptionEn,
    startsAt: shanghai(AWARDS_CEREMONY_2026.date, AWARDS_CEREMONY_2026.start),
    endsAt: shanghai(AWARDS_CEREMONY_2026.date, AWARDS_CEREMONY_2026.end),
    venueId: venue.id,
    audience: "ALL_STAFF",
    createdById: organizerId,
    createdAt: shanghai("2026-10-20", "10:00"),
    organizerIds: [organizerId],
  });
  const agendaAwards2026 = await createAgenda(
    awards2026Event.id,
    AWARDS_CEREMONY_2026.date,
    AWARDS_CEREMONY_2026.agenda,
  );

  // d. the Zhejiang University visit
  const visit = await createEvent({
    slug: ZJU_VISIT.slug,
    kind: "PARTNERSHIP_VISIT",
    status: "PUBLISHED",
    titleZh: ZJU_VISIT.titleZh,
    titleEn: ZJU_VISIT.titleEn,
    descriptionZh: ZJU_VISIT.descriptionZh,
    descriptionEn: ZJU_VISIT.descriptionEn,
    startsAt: shanghai(ZJU_VISIT.date, ZJU_VISIT.start),
    endsAt: shanghai(ZJU_VISIT.date, ZJU_VISIT.end),
    venueId: venue.id,
    audience: "INVITE_ONLY",
    createdById: organizerId,
    createdAt: shanghai("2026-11-10", "10:00"),
    organizerIds: [organizerId],
  });
  const visitAgenda = await createAgenda(visit.id, ZJU_VISIT.date, ZJU_VISIT.agenda);
  // Through the delegation model, as an organizer would: each delegate (already a guest, named by the agenda) is
  // linked, registered and given a visitor badge valid for the visit, so the door scanner knows them.
  await saveOrganisation(null, visit.id, ZJU_VISIT.delegation);
  const delegation = await addMembers(
    null,
    visit.id,
    ZJU_DELEGATES.map((d, i) => ({
      nameZh: d.nameZh,
      nameEn: d.nameEn,
      titleZh: d.titleZh,
      titleEn: d.titleEn,
      organisationZh: ZJU_VISIT.delegation.organisationZh,
      organisationEn: ZJU_VISIT.delegation.organisationEn,
      email: d.email,
      phone: "",
      dietaryNeeds: d.dietaryNeeds ?? "",
      interpreterNeeds: "",
      isLeader: i === 0,
    })),
    { badgeToken: freshToken, source: "seed" },
  );
  if (!delegation.ok) throw new Error(`seed: the delegation was refused (${delegation.messageKey})`);
  await prisma.visitHost.createMany({
    data: ZJU_VISIT.hosts.map((h) => ({
      eventId: visit.id,
      userId: userIdOf(h.email),
      agendaItemId: h.agendaIndex === null ? null : must(visitAgenda[h.agendaIndex], `visit item ${h.agendaIndex}`),
    })),
  });
  await prisma.eventInvitation.createMany({
    data: [
      ...ZJU_VISIT.invitedEmails.map((email) => ({ eventId: visit.id, userId: userIdOf(email) })),
      ...ZJU_VISIT.invitedDepartments.map((code) => ({ eventId: visit.id, departmentId: departmentId(code) })),
    ],
  });
  await prisma.followUpAction.createMany({
    data: ZJU_VISIT.followUps.map((f) => ({
      eventId: visit.id,
      titleZh: f.titleZh,
      titleEn: f.titleEn,
      ownerId: userIdOf(f.owner),
      dueDate: shanghai(f.due, "18:00"),
      status: "OPEN" as const,
    })),
  });

  // e. a draft, so the organizer's drafts list is not empty
  const springLecture = await createEvent({
    slug: SPRING_LECTURE.slug,
    kind: "INTERNAL_CONFERENCE",
    status: "DRAFT",
    titleZh: SPRING_LECTURE.titleZh,
    titleEn: SPRING_LECTURE.titleEn,
    descriptionZh: SPRING_LECTURE.descriptionZh,
    descriptionEn: SPRING_LECTURE.descriptionEn,
    startsAt: shanghai(SPRING_LECTURE.date, SPRING_LECTURE.start),
    endsAt: shanghai(SPRING_LECTURE.date, SPRING_LECTURE.end),
    venueId: venue.id,
    audience: "ALL_STAFF",
    createdById: organizerId,
    createdAt: shanghai("2026-11-18", "10:00"),
    organizerIds: [organizerId],
  });
  await createAgenda(springLecture.id, SPRING_LECTURE.date, SPRING_LECTURE.agenda);

  // awards
  const leaderEmails = new Set(LEADERS.map((p) => p.email));
  const individualsUsed = new Set<string>();
  const resolveRecipient = async (spec: RecipientSpec) => {
    switch (spec.kind) {
      case "INDIVIDUAL": {
        const person =
          "email" in spec
            ? must(byEmail.get(spec.email), spec.email)
            : must(
                staff.find(
                  (s) =>
                    s.generated && s.batch === null && s.department === spec.fromDepartment && !individualsUsed.has(s.id),
                ),
                `an existing staff member in ${spec.fromDepartment}`,
              );
        individualsUsed.add(person.id);
        return { kind: "INDIVIDUAL" as const, userId: person.id, displayNameZh: person.nameZh, displayNameEn: person.nameEn };
      }
      case "TEAM": {
        // Lead first, then the department's existing staff, then (for recent work) its new hires;
        // leaders and administrators are not team members unless named as the lead.
        const inDepartment = staff.filter(
          (s) =>
            s.department === spec.department &&
            s.email !== spec.leadEmail &&
            !leaderEmails.has(s.email) &&
            s.email !== ADMIN_EMAIL,
        );
        const candidates = [
          ...(spec.leadEmail ? [must(byEmail.get(spec.leadEmail), spec.leadEmail)] : []),
          ...inDepartment.filter((s) => s.batch === null),
          ...(spec.includeNewHires ? inDepartment.filter((s) => s.batch !== null) : []),
        ];
        const members = candidates.slice(0, spec.size);
        if (members.length < 3) throw new Error(`seed: team ${spec.nameEn} has fewer than 3 members`);
        const team = await prisma.team.create({
          data: {
            nameZh: spec.nameZh,
            nameEn: spec.nameEn,
            members: { create: members.map((m, i) => ({ userId: m.id, isLead: i === 0, position: i })) },
          },
          select: { id: true },
        });
        return { kind: "TEAM" as const, teamId: team.id, displayNameZh: spec.nameZh, displayNameEn: spec.nameEn };
      }
      case "DEPARTMENT": {
        const dept = departmentSpec(spec.department);
        return {
          kind: "DEPARTMENT" as const,
          departmentId: departmentId(spec.department),
          displayNameZh: dept.nameZh,
          displayNameEn: dept.nameEn,
        };
      }
    }
  };

  const createProgramme = async (
    spec: ProgrammeSpec,
    link: {
      status: "DRAFT" | "ANNOUNCED";
      eventId: string;
      agendaItemId: string;
      announcedAt?: Date;
      announcedById?: string;
    },
  ) => {
    const programme = await prisma.awardProgramme.create({
      data: {
        slug: spec.slug,
        year: spec.year,
        nameZh: spec.nameZh,
        nameEn: spec.nameEn,
        descriptionZh: spec.descriptionZh,
        descriptionEn: spec.descriptionEn,
        status: link.status,
        eventId: link.eventId,
        agendaItemId: link.agendaItemId,
        announcedAt: link.announcedAt ?? null,
        announcedById: link.announcedById ?? null,
      },
      select: { id: true },
    });
    for (const [categoryPosition, category] of spec.categories.entries()) {
      const categoryRow = await prisma.awardCategory.create({
        data: {
          programmeId: programme.id,
          nameZh: category.nameZh,
          nameEn: category.nameEn,
          levelZh: category.levelZh,
          levelEn: category.levelEn,
          position: categoryPosition,
        },
        select: { id: true },
      });
      for (const [awardPosition, award] of category.awards.entries()) {
        const recipients = [];
        for (const recipient of award.recipients) recipients.push(await resolveRecipient(recipient));
        await prisma.award.create({
          data: {
            categoryId: categoryRow.id,
            citationZh: award.citationZh,
            citationEn: award.citationEn,
            position: awardPosition,
            recipients: { create: recipients.map((r, position) => ({ ...r, position })) },
          },
        });
      }
    }
  };

  const awardSegment2020 = agendaIdOfKind(CONFERENCE_2020.agenda, agenda2020, "AWARD_SEGMENT");
  for (const spec of PROGRAMMES_2019) {
    await createProgramme(spec, {
      status: "ANNOUNCED",
      eventId: conference2020.id,
      agendaItemId: awardSegment2020,
      announcedAt: new Date(ANNOUNCED_AT_2020),
      announcedById: userIdOf(ZHAO),
    });
  }
  // Embargoed until the ceremony: the programme stays a draft with no announce time.
  await createProgramme(PROGRAMME_2026, {
    status: "DRAFT",
    eventId: awards2026Event.id,
    agendaItemId: agendaIdOfKind(AWARDS_CEREMONY_2026.agenda, agendaAwards2026, "AWARD_SEGMENT"),
  });

  const [users, staffCount, newHireCount, guests, events, registrationCount, badges, awards] = await Promise.all([
    prisma.user.count(),
    prisma.user.count({ where: { kind: "STAFF" } }),
    prisma.staffProfile.count({ where: { recruitmentBatch: { not: null } } }),
    prisma.user.count({ where: { kind: "GUEST" } }),
    prisma.event.count(),
    prisma.registration.count(),
    prisma.badge.count(),
    prisma.award.count(),
  ]);
  const summary: SeedSummary = {
    users,
    staff: staffCount,
    newHires: newHireCount,
    guests,
    events,
    registrations: registrationCount,
    badges,
    awards,
  };
  console.log(
    `seed: ${users} users (${staffCount} staff, ${newHireCount} new hires, ${guests} guests), ${events} events, ` +
      `${registrationCount} registrations, ${badges} badges, ${awards} awards`,
  );
  return summary;
}

function runDirectly() {
  const entry = process.argv[1];
  if (!entry) return false;
  if (import.meta.url === pathToFileURL(entry).href) return true;
  // A symlinked checkout or a relative argv[1] still counts as running this file.
  try {
    return realpathSync(fileURLToPath(import.meta.url)) === realpathSync(entry);
  } catch {
    return false;
  }
}

if (runDirectly()) {
  try {
    await seed();
  } finally {
    await prisma.$disconnect();
  }
}
