/**
 * The embargo, tried on every route (issue 6: "Tests must try every route"). A draft programme with distinctive
 * winners is linked to a real ceremony event with a published agenda; then every route module under app/routes is
 * loaded, as an anonymous visitor, a plain staff member, a member of the winning team and the individual winner,
 * with realistic params and a search, and nothing distinctive may come back: not in loader data (which is in the
 * page source), not in a Response body, not in a header. Route files are listed when the tests are collected, so a
 * route added later is tried without anyone editing this file. Finally the programme's scheduled time passes, and
 * the same strings must appear on the public record, which shows these checks can fail.
 */
import { readdirSync } from "node:fs";
import path from "node:path";

import { expect, test } from "vitest";

import { publishAgenda } from "~/models/agenda.server";
import { getOrIssueBadge } from "~/models/badge.server";
import { prisma } from "~/utils/db.server";

import { createDepartment, createEvent, createUser } from "../factories";
import { hasPdftotext, pdfText } from "../pdf";
import { get, settle, statusOf } from "../request";

// ───────────────────────── the routes, as files ─────────────────────────

const ROUTES_DIR = path.resolve(import.meta.dirname, "../../app/routes");

type RouteFile = { file: string; pattern: string; params: string[] };

/** Remix flat-route file name → URL pattern: dots are slashes, `[.]` a literal dot, `$x` a param, `_index` and `_x` no segment, `x_` no nesting. */
function routePattern(file: string): RouteFile {
  const base = file.replace(/\.(tsx|ts|jsx|js)$/, "");
  const parts: string[] = [];
  const params: string[] = [];
  for (const raw of base.split(/\.(?![^[]*\])/)) {
    if (raw === "_index" || raw.startsWith("_")) continue;
    const segment = raw.replace(/_$/, "").replace(/\[([^\]]*)\]/g, "$1");
    // "$badgeId[.]pdf": the param is the name, the escaped rest a literal suffix
    const param = /^\$(\w+)(.*)$/.exec(segment);
    if (segment === "$") {
      parts.push("*");
      params.push("*");
    } else if (param) {
      parts.push(`:${param[1]}${param[2]}`);
      params.push(param[1]!);
    } else parts.push(segment);
  }
  return { file, pattern: `/${parts.join("/")}`, params };
}

const ROUTES = readdirSync(ROUTES_DIR)
  .filter((file) => /\.(tsx|ts)$/.test(file) && !/\.test\.tsx?$/.test(file))
  .sort()
  .map(routePattern);

// The pages the issue and the brief name; any not written yet shows as a skipped test until it lands.
const REQUIRED = [
  "/",
  "/events",
  "/events/:slug",
  "/events/:slug/agenda",
  "/events/:slug/now",
  "/events/:slug/changelog",
  "/awards",
  "/awards/:slug",
  "/awards/:slug/reveal",
  "/awards/honours",
  "/awards.atom",
  "/profile",
];

// Pages these viewers can open before the announcement: each must answer 200 to someone, so a check that only
// ever met a redirect or a 404 cannot pass unnoticed.
const RENDERED = [
  "/",
  "/events",
  "/events/:slug",
  "/events/:slug/now",
  "/events/:slug/changelog",
  "/events/:slug/badge",
  "/awards",
  "/awards/honours",
  "/awards.atom",
  "/profile",
  "/events/:slug.ics",
  "/calendar/feed/:token.ics",
];

test("route file names become the URLs Remix serves", () => {
  expect(routePattern("_index.tsx").pattern).toBe("/");
  expect(routePattern("awards[.]atom.ts").pattern).toBe("/awards.atom");
  expect(routePattern("awards.$slug._index.tsx")).toEqual({ file: "awards.$slug._index.tsx", pattern: "/awards/:slug", params: ["slug"] });
  expect(routePattern("events.$slug.agenda_.$itemId.tsx")).toMatchObject({ pattern: "/events/:slug/agenda/:itemId", params: ["slug", "itemId"] });
  expect(routePattern("events.$slug.badges_.$badgeId[.]pdf.ts")).toMatchObject({ pattern: "/events/:slug/badges/:badgeId.pdf", params: ["slug", "badgeId"] });
  expect(routePattern("events.$slug.calendar[.]ics.ts").pattern).toBe("/events/:slug/calendar.ics");
  expect(routePattern("$.tsx")).toMatchObject({ pattern: "/*", params: ["*"] });
  expect(ROUTES.length).toBeGreaterThan(20);
});

// ───────────────────────── the secret ─────────────────────────

const SECRETS = {
  winnerZh: "保密获奖者Zq7",
  winnerEn: "Secret Winner Zq7",
  teamZh: "保密团队Zq7",
  teamEn: "Secret Team Zq7",
  teammateZh: "保密队员Zq7",
  teammateEn: "Secret Teammate Zq7",
  citationZh: "保密事迹Zq7：研制新一代类脑芯片",
  citationEn: "Secret citation Zq7: built the next brain-inspired chip",
  programmeZh: "保密奖项Zq7",
  programmeEn: "Secret Awards Zq7",
  categoryZh: "保密类别Zq7",
  categoryEn: "Secret Category Zq7",
};

/** A ceremony as it stands the week before: published event and agenda, registered staff with badges, a draft programme. */
const world = (async () => {
  const department = await createDepartment({ nameZh: "类脑计算研究中心", nameEn: "Brain-inspired Computing Center" });
  const organizer = await createUser({ roles: ["organizer", "staff"] });
  const staff = await createUser({ nameZh: "普通员工", nameEn: "Plain Staff", departmentId: department.id });
  const teamMember = await createUser({ nameZh: "团队成员甲", nameEn: "Team Member A", departmentId: department.id });
  const teammate = await createUser({ nameZh: SECRETS.teammateZh, nameEn: SECRETS.teammateEn, departmentId: department.id });
  const winner = await createUser({ nameZh: SECRETS.winnerZh, nameEn: SECRETS.winnerEn, departmentId: department.id });
  const door = await createUser({ nameZh: "检票志愿者", nameEn: "Door Volunteer" });
  const event = await createEvent({
    kind: "AWARD_CEREMONY",
    status: "PUBLISHED",
    audience: "ALL_STAFF",
    titleZh: "2026年度科技奖颁奖典礼",
    titleEn: "2026 Technology Awards Ceremony",
    organizerIds: [organizer.id],
    checkinStaffIds: [door.id],
  });
  const segment = await prisma.agendaItem.create({
    data: {
      eventId: event.id,
      kind: "AWARD_SEGMENT",
      titleZh: "颁奖环节",
      titleEn: "Presentation of the awards",
      startsAt: new Date(event.startsAt.getTime() + 30 * 60_000),
      endsAt: new Date(event.startsAt.getTime() + 90 * 60_000),
    },
  });
  await publishAgenda(organizer.id, event.id, "首次发布");
  for (const person of [staff, teamMember, winner, teammate]) {
    await prisma.registration.create({ data: { eventId: event.id, userId: person.id, status: "CONFIRMED" } });
  }
  const team = await prisma.team.create({
    data: {
      nameZh: SECRETS.teamZh,
      nameEn: SECRETS.teamEn,
      members: { create: [{ userId: teammate.id, isLead: true, position: 0 }, { userId: teamMember.id, position: 1 }] },
    },
  });
  const programme = await prisma.awardProgramme.create({
    data: {
      slug: "2026-technology-awards-embargo",
      year: 2026,
      nameZh: SECRETS.programmeZh,
      nameEn: SECRETS.programmeEn,
      status: "DRAFT",
      eventId: event.id,
      agendaItemId: segment.id,
      categories: {
        create: {
          nameZh: SECRETS.categoryZh,
          nameEn: SECRETS.categoryEn,
          levelZh: "一等奖",
          levelEn: "First Prize",
          awards: {
            create: {
              citationZh: SECRETS.citationZh,
              citationEn: SECRETS.citationEn,
              recipients: {
                create: [
                  { kind: "TEAM", teamId: team.id, displayNameZh: SECRETS.teamZh, displayNameEn: SECRETS.teamEn, position: 0 },
                  { kind: "INDIVIDUAL", userId: winner.id, displayNameZh: SECRETS.winnerZh, displayNameEn: SECRETS.winnerEn, position: 1 },
                ],
              },
            },
          },
        },
      },
    },
    include: { categories: { include: { awards: { include: { recipients: true } } } } },
  });
  // badges are issued the first time someone opens theirs; here, before the announcement
  const badges = new Map<string, string>();
  for (const person of [staff, teamMember, winner]) badges.set(person.id, (await getOrIssueBadge(event.id, person.id))!.id);
  const category = programme.categories[0]!;
  const award = category.awards[0]!;
  return { event, segment, programme, category, award, team, staff, teamMember, winner, door, badges };
})();

type World = Awaited<typeof world>;
/** ownNames: names this viewer legitimately sees (their own, or registrants' at the door); not evidence of an award. */
type Viewer = { label: string; userId?: string; ownNames: string[] };

function viewers(w: World): Viewer[] {
  return [
    { label: "anonymous visitor", ownNames: [] },
    { label: "plain staff member", userId: w.staff.id, ownNames: [] },
    { label: "member of the winning team", userId: w.teamMember.id, ownNames: [] },
    // the winner's own name is on every page they see; the award must not be
    { label: "individual winner", userId: w.winner.id, ownNames: [SECRETS.winnerZh, SECRETS.winnerEn] },
    // the door list names every registrant, winners included; what they won must not show
    { label: "check-in volunteer at the ceremony", userId: w.door.id, ownNames: [SECRETS.winnerZh, SECRETS.winnerEn, SECRETS.teammateZh, SECRETS.teammateEn] },
  ];
}

/** What an embargoed programme must not reveal to this viewer: its names and winners, and an "awardee" badge ribbon. */
function secretsFor(viewer: Viewer) {
  const strings = Object.values(SECRETS).filter((s) => !viewer.ownNames.includes(s));
  // the ribbon value is only ever written for someone who won an award at this event
  return [...strings, "AWARDEE", "Zq7"].filter((s) => !viewer.ownNames.some((own) => own.includes(s)));
}

const feedTokens = new Map<string, Promise<string>>();

/** The viewer's own calendar-feed secret, issued through the calendar model the way the subscribe page does. */
function feedTokenOf(userId: string) {
  let token = feedTokens.get(userId);
  if (!token) {
    // imported by name at run time: the calendar model arrives with its routes, and only they ask for a token
    const calendarModel = "~/models/calendar-feed.server";
    token = (import(/* @vite-ignore */ calendarModel) as Promise<{ issueFeedToken: (id: string) => Promise<string> }>).then((calendar) => calendar.issueFeedToken(userId));
    feedTokens.set(userId, token);
  }
  return token;
}

/** Realistic values for each param a route may have; a route with any other param is skipped, with a note. */
async function paramValues(w: World, name: string, viewer: Viewer): Promise<string[] | undefined> {
  switch (name) {
    case "token":
      // a secret-URL feed stands for its owner; a stranger can only guess
      return viewer.userId ? [await feedTokenOf(viewer.userId)] : ["A".repeat(43)];
    case "slug":
      return [w.event.slug, w.programme.slug];
    case "itemId":
      return [w.segment.id];
    case "badgeId":
      return viewer.userId && w.badges.has(viewer.userId) ? [w.badges.get(viewer.userId)!] : [w.badges.get(w.winner.id)!];
    case "awardId":
      return [w.award.id];
    case "categoryId":
      return [w.category.id];
    case "recipientId":
      return w.award.recipients.map((r) => r.id);
    case "teamId":
      return [w.team.id];
    case "programmeId":
      return [w.programme.id];
    case "*":
      return [`awards/${w.programme.slug}`, `events/${w.event.slug}`];
    default:
      return undefined;
  }
}

async function combinations(route: RouteFile, w: World, viewer: Viewer): Promise<Array<Record<string, string>> | undefined> {
  let combos: Array<Record<string, string>> = [{}];
  for (const name of route.params) {
    const values = await paramValues(w, name, viewer);
    if (!values) return undefined;
    combos = combos.flatMap((combo) => values.map((value) => ({ ...combo, [name]: value })));
  }
  return combos;
}

function urlFor(pattern: string, params: Record<string, string>) {
  return pattern.replace(/:(\w+)/g, (_, name: string) => encodeURIComponent(params[name]!)).replace("*", params["*"] ?? "");
}

// The plain page, and the page asked to search for the secret (search boxes must not find it either). The searches
// are parts of the secrets, never a whole one, so a page that echoes its search box does not count as a leak.
const QUERIES = ["", "?q=Zq&year=2026&view=room&scope=institution", `?q=${encodeURIComponent("保密获奖")}&kind=individual`];

const BINARY = /^(application\/vnd\.openxmlformats|image\/)/;

/**
 * Everything a loader outcome would put on the wire: headers, body or JSON, the message of a crash. A PDF is read
 * back as text (badges and certificates print names and ribbons), with the spaces a PDF puts between glyphs removed.
 */
async function wireText(outcome: unknown): Promise<string> {
  if (outcome instanceof Response) {
    const headers = JSON.stringify([...outcome.headers.entries()]);
    const type = outcome.headers.get("Content-Type") ?? "";
    if (type.startsWith("application/pdf")) {
      if (!hasPdftotext) return headers;
      const text = pdfText(Buffer.from(await outcome.arrayBuffer()));
      // a printed ribbon ("获奖者  AWARDEE") gives the award away as surely as AWARDEE in loader data; the
      // upper-case English half is what identifies it (a winner's own name may well contain 获奖者)
      const ribbon = /获\s*奖\s*者\s*AWARDEE|AWARDEE/.test(text) ? "\nAWARDEE" : "";
      return `${headers}\n${text}\n${text.replace(/\s+/g, "")}${ribbon}`;
    }
    // spreadsheets are zipped: organizer-only exports, checked by their own tests
    if (BINARY.test(type)) return headers;
    return headers + (await outcome.text());
  }
  if (outcome instanceof Error) return `${outcome.message}\n${outcome.stack ?? ""}`;
  if (outcome && typeof outcome === "object" && "data" in outcome && "init" in outcome) {
    const init = (outcome as { init?: { headers?: HeadersInit } | null }).init;
    return JSON.stringify((outcome as { data: unknown }).data) + JSON.stringify([...new Headers(init?.headers ?? {}).entries()]);
  }
  return JSON.stringify(outcome) ?? "";
}

type LoaderModule = { loader?: (args: { request: Request; params: Record<string, string>; context: object }) => Promise<unknown> };

async function tryRoute(loader: NonNullable<LoaderModule["loader"]>, pattern: string, route: RouteFile, w: World) {
  const leaks: string[] = [];
  const crashes: string[] = [];
  let calls = 0;
  let ok = 0;
  for (const viewer of viewers(w)) {
    const combos = await combinations(route, w, viewer);
    if (!combos) return { skipped: `needs params this test cannot supply: ${route.params.join(", ")}`, leaks, crashes, calls, ok };
    for (const params of combos) {
      for (const query of QUERIES) {
        const url = urlFor(pattern, params) + query;
        for (const language of ["zh-CN", "en"]) {
          const request = await get(url, { userId: viewer.userId, headers: { "Accept-Language": language } });
          const outcome = await settle(() => loader({ request, params, context: {} }));
          calls++;
          const thrown = outcome.thrown;
          if (thrown === undefined && statusOf(outcome.returned) === 200) ok++;
          if (thrown !== undefined && !(thrown instanceof Response) && !(thrown && typeof thrown === "object" && "init" in thrown)) {
            crashes.push(`${viewer.label} GET ${url}: ${String(thrown)}`);
          }
          const text = await wireText(thrown ?? outcome.returned);
          for (const secret of secretsFor(viewer)) {
            if (text.includes(secret)) leaks.push(`${viewer.label} GET ${url} (${language}) shows "${secret}"`);
          }
        }
      }
    }
  }
  return { skipped: undefined, leaks, crashes, calls, ok };
}

async function loaderOf(file: string) {
  return ((await import(/* @vite-ignore */ path.join(ROUTES_DIR, file))) as LoaderModule).loader;
}

// ───────────────────────── before the announcement ─────────────────────────

for (const pattern of REQUIRED.filter((p) => !ROUTES.some((r) => r.pattern === p))) {
  test.skip(`embargo holds on ${pattern}: no route file for it yet`, () => {});
}

test("embargo holds in the layout (root loader) for every viewer", async () => {
  const w = await world;
  const { loader } = await import("~/root");
  const result = await tryRoute(loader as NonNullable<LoaderModule["loader"]>, "/", { file: "root.tsx", pattern: "/", params: [] }, w);
  expect(result.leaks).toEqual([]);
  expect(result.calls).toBe(viewers(w).length * QUERIES.length * 2);
  expect(result.ok).toBe(result.calls);
});

for (const route of ROUTES) {
  test(`embargo holds on ${route.pattern} (${route.file})`, async ({ skip, annotate }) => {
    const w = await world;
    const loader = await loaderOf(route.file);
    if (!loader) return skip("no loader (action or component only)");
    const result = await tryRoute(loader, route.pattern, route, w);
    if (result.skipped) return skip(result.skipped);
    if (result.crashes.length) await annotate(`crashed (a 500, not a leak): ${[...new Set(result.crashes)].slice(0, 5).join(" | ")}`, "warning");
    expect(result.leaks).toEqual([]);
    expect(result.calls).toBeGreaterThan(0);
    if (RENDERED.includes(route.pattern)) expect(result.ok, "answered 200 to at least one viewer").toBeGreaterThan(0);
  });
}

// ───────────────────────── after the scheduled time ─────────────────────────

test("once its scheduled time has passed, the same winners are on the public record: the checks above can see them", async () => {
  const w = await world;
  await prisma.awardProgramme.update({ where: { id: w.programme.id }, data: { status: "SCHEDULED", announceAt: new Date(Date.now() - 60_000) } });
  const anonymous: Viewer = { label: "anonymous visitor", ownNames: [] };
  const found = async (file: string, url: string) => {
    const loader = await loaderOf(file);
    expect(loader, `${file} has a loader`).toBeDefined();
    const request = await get(url, { headers: { "Accept-Language": "zh-CN" } });
    const outcome = await settle(() => loader!({ request, params: {}, context: {} }));
    return wireText(outcome.thrown ?? outcome.returned);
  };
  const feed = await found("awards[.]atom.ts", "/awards.atom");
  const roll = await found("awards.honours.tsx", "/awards/honours");
  const search = await found("awards.honours.tsx", "/awards/honours?q=Zq&year=2026");
  for (const secret of [SECRETS.winnerZh, SECRETS.winnerEn, SECRETS.teamZh, SECRETS.teamEn, SECRETS.citationZh, SECRETS.citationEn, SECRETS.programmeZh, SECRETS.programmeEn]) {
    expect(feed, `feed shows ${secret}`).toContain(secret);
  }
  for (const secret of [SECRETS.winnerZh, SECRETS.teamZh, SECRETS.teammateZh, SECRETS.programmeZh, SECRETS.categoryZh]) {
    expect(roll, `honours roll shows ${secret}`).toContain(secret);
    expect(search, `honours search finds ${secret}`).toContain(secret);
  }
  expect(secretsFor(anonymous).some((secret) => feed.includes(secret))).toBe(true);
  // nobody changed the status: the time alone made it public
  expect((await prisma.awardProgramme.findUniqueOrThrow({ where: { id: w.programme.id } })).status).toBe("SCHEDULED");
});
