// npm run bench:ical — how fast convene builds its calendar feeds: the institution feed over 1,000 published events
// of 20 agenda items each (two releases apiece, so SEQUENCE has history to count), and one person's feed, on a
// throwaway SQLite database built from the migrations with createMany. Only the feed build is timed: the queries
// and the rendering, as the routes run them. Rendered events are kept between builds (calendar-feed.server.ts), so
// each feed is timed cold (nothing kept: every event read and rendered), warm (nothing changed, the usual poll) and,
// for the institution feed, after one event's agenda was republished. For comparison it also times ical-generator
// used as its README shows (one ICalEvent per VEVENT, Luxon times, calendar.toString()) on the same VEVENTs.
// Prints a table and writes bench/results/ical-<time>.json and ical-latest.json. Goals: institution < 500 ms,
// personal < 50 ms (median of BENCH_RUNS builds).
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

import type { ReleasedItem } from "~/models/agenda.server";

const root = path.resolve(import.meta.dirname, "..");
const tmp = mkdtempSync(path.join(os.tmpdir(), "convene-bench-ical-"));
process.env.DATABASE_URL = `file:${path.join(tmp, "bench.db")}`;
process.env.SESSION_SECRET ??= "bench-secret-0123456789-0123456789-0123456789";
execFileSync(path.join(root, "node_modules", ".bin", "prisma"), ["migrate", "deploy"], { cwd: root, env: process.env, stdio: "pipe" });

const { DateTime } = await import("luxon");
const { default: ical } = await import("ical-generator");
const { prisma } = await import("~/utils/db.server");
const { advanceHistory, decodeHistory, encodeHistory, parseSnapshot, replayHistory } = await import("~/models/agenda.server");
const { forgetRenderedEvents, institutionCalendar, personalCalendar } = await import("~/models/calendar-feed.server");
const { viewerFor } = await import("~/models/event.server");
const { createSession, getSessionUser } = await import("~/utils/session.server");

const EVENTS = Number(process.env.BENCH_EVENTS ?? 1000);
const ITEMS = Number(process.env.BENCH_ITEMS ?? 20);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const GOALS = { institution: 500, personal: 50 };
const ZONE = "Asia/Shanghai";

// ───────────────────────────── fixture ─────────────────────────────

const fixtureStarted = performance.now();
const now = new Date();
const staffRole = await prisma.role.findUniqueOrThrow({ where: { name: "staff" }, select: { id: true } });
const department = await prisma.department.create({ data: { code: "BENCH", nameZh: "智能计算研究院", nameEn: "Research Institute of Intelligent Computing" } });
const viewer = await prisma.user.create({
  data: {
    email: "bench-viewer@lab.example",
    nameZh: "王磊",
    nameEn: "Wang Lei",
    roles: { connect: [{ id: staffRole.id }] },
    profile: { create: { employeeNo: "BENCH-1", departmentId: department.id } },
  },
  select: { id: true },
});
const venue = await prisma.venue.create({
  data: {
    nameZh: "之江实验室南湖总部",
    nameEn: "Zhejiang Lab Nanhu Campus",
    addressZh: "杭州市余杭区之江实验室南湖总部",
    addressEn: "Nanhu Headquarters, Yuhang District, Hangzhou",
    rooms: { create: Array.from({ length: 8 }, (_, i) => ({ nameZh: `第${i + 1}会议室`, nameEn: `Meeting Room ${i + 1}`, capacity: 80 })) },
  },
  include: { rooms: true },
});
const SPEAKERS: Array<[string, string, string]> = [
  ["王伟", "Wang Wei", "研究员 / Professor"],
  ["李娜", "Li Na", "副研究员 / Associate Professor"],
  ["张敏", "Zhang Min", "高级工程师 / Senior Engineer"],
  ["欧阳静", "Ouyang Jing", "主任 / Director"],
];
const TITLES: Array<[string, string]> = [
  ["大模型训练中的通信优化", "Communication optimisation in large-model training"],
  ["智能感知芯片的最新进展", "Recent progress in intelligent sensing chips"],
  ["茶歇", "Tea break"],
  ["圆桌讨论：开放科学与数据共享", "Panel: open science and data sharing"],
];

type EventRow = { id: string; slug: string; startsAt: Date; endsAt: Date; timeZone: string };
const eventRows: EventRow[] = [];
const itemRows: Array<{ id: string; eventId: string; kind: string; titleZh: string; titleEn: string; startsAt: Date; endsAt: Date; roomId: string; position: number }> = [];
const releaseRows: Array<{ eventId: string; sequence: number; snapshot: string; history: Uint8Array<ArrayBuffer>; createdAt: Date }> = [];
const itemsByEvent = new Map<string, ReleasedItem[]>();
for (let e = 0; e < EVENTS; e++) {
  // from about five months ago to about a year ahead; one event in fifty in Berlin, so feeds carry two zones
  const timeZone = e % 50 === 49 ? "Europe/Berlin" : ZONE;
  const day = DateTime.fromJSDate(now, { zone: timeZone }).startOf("day").plus({ days: Math.floor(e / 2) - 150 });
  const startsAt = day.set({ hour: 9 }).toJSDate();
  const endsAt = new Date(startsAt.getTime() + ITEMS * 25 * 60_000);
  const id = `bench-event-${e}`;
  eventRows.push({ id, slug: `bench-${e}`, startsAt, endsAt, timeZone });
  const items: ReleasedItem[] = [];
  for (let i = 0; i < ITEMS; i++) {
    const [titleZh, titleEn] = TITLES[(e + i) % TITLES.length]!;
    const room = venue.rooms[(e + i) % venue.rooms.length]!;
    const [nameZh, nameEn, title] = SPEAKERS[(e * 3 + i) % SPEAKERS.length]!;
    const item: ReleasedItem = {
      id: `bench-item-${e}-${i}`,
      kind: "TALK",
      titleZh: `${titleZh}（${i + 1}）`,
      titleEn: `${titleEn} (${i + 1})`,
      notesZh: i % 4 === 0 ? "幻灯片会后上传。" : "",
      notesEn: i % 4 === 0 ? "Slides online afterwards." : "",
      startsAt: new Date(startsAt.getTime() + i * 25 * 60_000).toISOString(),
      endsAt: new Date(startsAt.getTime() + (i * 25 + 20) * 60_000).toISOString(),
      room: { id: room.id, nameZh: room.nameZh, nameEn: room.nameEn },
      people: [{ role: "SPEAKER", side: "LAB", nameZh, nameEn, title, organisation: "", userId: `bench-speaker-${(e * 3 + i) % 4}` }],
    };
    items.push(item);
    itemRows.push({ id: item.id, eventId: id, kind: item.kind, titleZh: item.titleZh, titleEn: item.titleEn, startsAt: new Date(item.startsAt), endsAt: new Date(item.endsAt), roomId: room.id, position: i });
  }
  // release 1, then release 2 a day later with three items moved by ten minutes
  const moved = items.map((item, i) =>
    i % 7 === 3 ? { ...item, startsAt: new Date(Date.parse(item.startsAt) + 10 * 60_000).toISOString(), endsAt: new Date(Date.parse(item.endsAt) + 10 * 60_000).toISOString() } : item,
  );
  // each with the history publishAgenda stores beside the snapshot
  const releases = [
    { createdAt: new Date(now.getTime() - 20 * 86_400_000), snapshot: JSON.stringify({ items }) },
    { createdAt: new Date(now.getTime() - 19 * 86_400_000), snapshot: JSON.stringify({ items: moved }) },
  ];
  for (const [r, release] of releases.entries()) {
    const history = encodeHistory(replayHistory(releases.slice(0, r + 1)).history);
    releaseRows.push({ eventId: id, sequence: r + 1, ...release, history });
  }
  itemsByEvent.set(id, moved);
}
await prisma.event.createMany({
  data: eventRows.map((event, e) => ({
    ...event,
    kind: "INTERNAL_CONFERENCE" as const,
    status: "PUBLISHED" as const,
    titleZh: `之江实验室第${e + 1}次学术报告会`,
    titleEn: `Zhejiang Lab research meeting no. ${e + 1}`,
    descriptionZh: "年度学术交流活动，欢迎全院职工参加。\n\n请提前十分钟入场。",
    descriptionEn: "The yearly research exchange, open to all staff.\n\nPlease arrive ten minutes early.",
    venueId: venue.id,
    audience: "ALL_STAFF" as const,
    isPublic: e % 10 === 0,
  })),
});
await prisma.agendaItem.createMany({ data: itemRows });
await prisma.agendaRelease.createMany({ data: releaseRows });
await prisma.auditLog.createMany({ data: eventRows.map((event) => ({ action: "event.update", entityType: "Event", entityId: event.id, eventId: event.id })) });
// the person: registered for twenty upcoming events, cancelled two, starred thirty items of other events
const upcoming = eventRows.filter((event) => event.startsAt > now);
await prisma.registration.createMany({
  data: upcoming.slice(0, 22).map((event, i) => ({
    eventId: event.id,
    userId: viewer.id,
    status: i < 20 ? ("CONFIRMED" as const) : ("CANCELLED" as const),
    cancelledAt: i < 20 ? null : now,
  })),
});
await prisma.agendaStar.createMany({
  data: upcoming.slice(40, 70).map((event, i) => ({ userId: viewer.id, agendaItemId: `bench-item-${event.id.slice("bench-event-".length)}-${i % ITEMS}` })),
});
const fixtureMs = performance.now() - fixtureStarted;

// ───────────────────────────── measuring ─────────────────────────────

// the routes' own way to the viewer: the session, then the audience facts
const cookie = (await createSession(viewer.id, new Request("http://localhost/"))).split(";")[0]!;
const sessionUser = (await getSessionUser(new Request("http://localhost/", { headers: { Cookie: cookie } })))!;
const presentation = () => ({ locale: "zh-CN" as const, origin: "https://convene.lab.example", now: new Date() });

type Run = { label: string; goalMs: number | null; ms: number[]; cpuMs: number[]; vevents: number; bytes: number };

/** This process's CPU time (user + system) in ms: on a shared machine it moves less with the load than wall time. */
const cpuNow = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

/** RUNS builds, each after `before` (which is not timed). */
async function measure(label: string, goalMs: number | null, build: () => Promise<string>, before: (run: number) => Promise<unknown> | void = () => {}): Promise<Run> {
  const ms: number[] = [];
  const cpuMs: number[] = [];
  let body = "";
  for (let run = 0; run < RUNS; run++) {
    await before(run);
    const cpu = cpuNow();
    const started = performance.now();
    body = await build();
    ms.push(performance.now() - started);
    cpuMs.push(cpuNow() - cpu);
  }
  return { label, goalMs, ms, cpuMs, vevents: body.split("BEGIN:VEVENT").length - 1, bytes: Buffer.byteLength(body) };
}

const viewerFacts = await viewerFor(sessionUser);
const institution = () => institutionCalendar(viewerFacts, presentation());
const personal = () => personalCalendar(viewerFacts, presentation());
// the first build of the process also pays for loading code and warming V8; it is not one of the timed runs
await institution();
const runs: Run[] = [];
runs.push(await measure(`institution, cold: nothing rendered yet (${EVENTS} events × ${ITEMS} items)`, GOALS.institution, institution, forgetRenderedEvents));
runs.push(await measure("institution, warm: unchanged since the last build", GOALS.institution, institution));
// an organizer publishes a new release of one event's agenda (an item moved): that event is read and rendered again
runs.push(
  await measure("institution, one event's agenda republished since", GOALS.institution, institution, async (run) => {
    const eventId = eventRows[100 + run]!.id;
    const items = itemsByEvent.get(eventId)!.map((item, i) => (i === 0 ? { ...item, startsAt: new Date(Date.parse(item.startsAt) + 5 * 60_000).toISOString() } : item));
    const previous = await prisma.agendaRelease.findUniqueOrThrow({ where: { eventId_sequence: { eventId, sequence: 2 } }, select: { snapshot: true, history: true } });
    const createdAt = new Date();
    const history = advanceHistory(decodeHistory(previous.history!), parseSnapshot(previous.snapshot), { items }, createdAt);
    await prisma.agendaRelease.create({ data: { eventId, sequence: 3, snapshot: JSON.stringify({ items }), history: encodeHistory(history), createdAt } });
  }),
);
runs.push(await measure("personal, cold (20 registered, 2 cancelled, 30 starred)", GOALS.personal, personal, forgetRenderedEvents));
runs.push(await measure("personal, warm", GOALS.personal, personal));

// ical-generator as its README shows it, on the same VEVENTs (no queries: rendering only)
runs.push(
  await measure("for comparison: ical-generator's calendar.toString(), render only", null, async () => {
    const calendar = ical({ name: "convene", timezone: { name: null, generator: () => null } });
    for (const event of eventRows) {
      const zone = event.timeZone;
      calendar.createEvent({ id: `event-${event.id}@convene`, start: DateTime.fromJSDate(event.startsAt, { zone }), end: DateTime.fromJSDate(event.endsAt, { zone }), timezone: zone, summary: event.slug, stamp: now });
      for (const item of itemsByEvent.get(event.id)!) {
        calendar.createEvent({
          id: `agenda-${item.id}@convene`,
          sequence: 1,
          stamp: now,
          start: DateTime.fromISO(item.startsAt, { zone }),
          end: DateTime.fromISO(item.endsAt, { zone }),
          timezone: zone,
          summary: item.titleZh,
          description: `${item.people[0]!.nameZh}\n${item.notesZh}`,
          location: item.room!.nameZh,
        });
      }
    }
    return calendar.toString();
  }),
);

// ───────────────────────────── report ─────────────────────────────

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const round = (ms: number) => Math.round(ms);
console.log(`\nbench:ical — ${os.cpus().length} cores, Node ${process.version}, load ${os.loadavg()[0]!.toFixed(1)}; fixture built in ${(fixtureMs / 1000).toFixed(1)} s\n`);
console.log("run".padEnd(70) + "VEVENTs".padStart(8) + "MB".padStart(6) + "median".padStart(8) + "min".padStart(6) + "max".padStart(6) + "cpu".padStart(6) + "goal".padStart(6));
for (const run of runs) {
  const verdict = run.goalMs === null ? "" : median(run.ms) < run.goalMs ? "  met" : "  MISSED";
  console.log(
    run.label.padEnd(70) +
      String(run.vevents).padStart(8) +
      (run.bytes / 1_048_576).toFixed(1).padStart(6) +
      String(round(median(run.ms))).padStart(8) +
      String(round(Math.min(...run.ms))).padStart(6) +
      String(round(Math.max(...run.ms))).padStart(6) +
      String(round(median(run.cpuMs))).padStart(6) +
      (run.goalMs === null ? "" : String(run.goalMs)).padStart(6) +
      verdict,
  );
}
console.log(
  `\n${RUNS} builds per row, milliseconds, queries and rendering as the routes run them; cpu is the median CPU time of this process (the database is in-process too). Goals apply to the median wall time.`,
);

const result = {
  benchmark: "ical",
  at: new Date().toISOString(),
  machine: { cores: os.cpus().length, node: process.version, load1: os.loadavg()[0] },
  fixture: { events: EVENTS, itemsPerEvent: ITEMS, releasesPerEvent: 2, ms: round(fixtureMs) },
  runs: runs.map((run) => ({ ...run, ms: run.ms.map(round), cpuMs: run.cpuMs.map(round), medianMs: round(median(run.ms)), medianCpuMs: round(median(run.cpuMs)), met: run.goalMs === null ? null : median(run.ms) < run.goalMs })),
};
const dir = path.join(import.meta.dirname, "results");
mkdirSync(dir, { recursive: true });
const stamp = result.at.replace(/[:.]/g, "-");
writeFileSync(path.join(dir, `ical-${stamp}.json`), JSON.stringify(result, null, 2));
writeFileSync(path.join(dir, "ical-latest.json"), JSON.stringify(result, null, 2));
console.log(`written: bench/results/ical-${stamp}.json`);
await prisma.$disconnect();
rmSync(tmp, { recursive: true, force: true });
