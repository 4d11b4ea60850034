import { createElement, type ComponentType } from "react";
import { renderToString } from "react-dom/server";
import { Outlet, type LoaderFunctionArgs } from "react-router-dom";
import { createStaticHandler, createStaticRouter, StaticRouterProvider } from "react-router-dom/server";
import { expect, test } from "vitest";

import { createEvent, createUser, createVenue } from "../factories";
import { get, post, routeArgs, settle, statusOf } from "../request";
import { createAgendaItem, addAgendaPerson } from "~/models/agenda.server";
import { issueGuestLink, resolveGuestLink } from "~/models/guest-link.server";
import { loader as rootLoader } from "~/root";
import { loader as homeLoader } from "~/routes/_index";
import { loader as calendarLoader } from "~/routes/calendar";
import * as eventPage from "~/routes/events.$slug._index";
import * as guestsPage from "~/routes/events.$slug.guests";
import * as staffItinerary from "~/routes/events.$slug.itinerary";
import { loader as eventsLoader } from "~/routes/events._index";
import * as guestPage from "~/routes/guest.$token";
import * as guestItinerary from "~/routes/guest.$token_.itinerary";
import { action as localeAction } from "~/routes/locale";
import { prisma } from "~/utils/db.server";
import { localeCookie } from "~/utils/i18n.server";

// ───────────────────────────── a visit ─────────────────────────────

const DAY = "2026-12-08";

/** The seed's visit in small: a director who hosts, with a phone and an email; three delegates with contacts and needs. */
async function visit() {
  const organizer = await createUser();
  const director = await createUser({ nameZh: "朱世强", nameEn: "Zhu Shiqiang", titleZh: "主任", titleEn: "Director" });
  await prisma.staffProfile.update({ where: { userId: director.id }, data: { phone: "+86 571 5800 0001" } });
  const venue = await createVenue([{ nameZh: "贵宾接待室", nameEn: "VIP Reception Room" }]);
  const event = await createEvent({
    kind: "PARTNERSHIP_VISIT",
    audience: "INVITE_ONLY",
    titleZh: "浙江大学校长一行来访",
    titleEn: "Visit of the President of Zhejiang University",
    startsAt: new Date(`${DAY}T14:00:00+08:00`),
    endsAt: new Date(`${DAY}T17:30:00+08:00`),
    venueId: venue.id,
    organizerIds: [organizer.id],
  });
  const specs = [
    { nameZh: "吴朝晖", nameEn: "Wu Zhaohui", titleZh: "校长", titleEn: "President", isLeader: true, dietaryNeeds: "" },
    { nameZh: "王立忠", nameEn: "Wang Lizhong", titleZh: "副校长", titleEn: "Vice President", isLeader: false, dietaryNeeds: "素食 / Vegetarian" },
    { nameZh: "倪建新", nameEn: "Ni Jianxin", titleZh: "生物医学工程与仪器科学学院院长", titleEn: "Dean, College of Biomedical Engineering", isLeader: false, dietaryNeeds: "清真 / Halal" },
  ];
  const delegation = await prisma.delegation.create({ data: { eventId: event.id, organisationZh: "浙江大学", organisationEn: "Zhejiang University" } });
  const members = [];
  for (const [i, spec] of specs.entries()) {
    const guest = await createUser({ kind: "GUEST", password: null, nameZh: spec.nameZh, nameEn: spec.nameEn });
    members.push(
      await prisma.delegationMember.create({
        data: { delegationId: delegation.id, userId: guest.id, ...spec, precedence: i + 1, email: `delegate${i}.${event.id}@zju.example`, phone: `+86 139 1234 567${i}`, interpreterNeeds: i === 2 ? "英语 / English" : "" },
      }),
    );
  }
  const [wu, wang, ni] = members as [(typeof members)[number], (typeof members)[number], (typeof members)[number]];
  const arrival = await createAgendaItem(organizer.id, event.id, {
    kind: "ARRIVAL",
    titleZh: "抵达与会见",
    titleEn: "Arrival and welcome",
    notesZh: "",
    notesEn: "",
    cueNotes: "车辆停北门",
    startsAt: `${DAY}T14:00`,
    endsAt: `${DAY}T14:20`,
    roomId: venue.rooms[0]!.id,
  });
  if (!arrival.ok) throw new Error("no item");
  for (const [userId, role, side] of [
    [director.id, "HOST", "LAB"],
    [wu.userId!, "PARTICIPANT", "GUEST"],
  ] as const) {
    await addAgendaPerson(organizer.id, event.id, arrival.itemId, { role, side, userId, externalNameZh: "", externalNameEn: "", organisation: "", title: "" });
  }
  await prisma.visitHost.create({ data: { eventId: event.id, userId: director.id } });
  return { organizer, director, event, wu, wang, ni, members: [wu, wang, ni] };
}

async function linkFor(organizerId: string, eventId: string, memberId: string) {
  const outcome = await issueGuestLink(organizerId, eventId, memberId, { replace: true });
  if (!outcome.ok) throw new Error(outcome.messageKey);
  return outcome.token;
}

// ───────────────────────────── rendering a page as the browser gets it ─────────────────────────────

type RouteModule = { loader: (args: never) => unknown; action?: (args: never) => unknown; default: ComponentType };

/**
 * The page's HTML as the server renders it: the real root loader (locale, signed-in user) and the route's own
 * loader and component, through React Router's static handler. The root's own layout (header, scripts) is
 * left out; the root loader's data is checked separately below.
 */
async function render(request: Request, path: string, route: RouteModule) {
  // React Router's loaders get no Remix load context; the routes expect one
  const withContext = (fn: (args: never) => unknown) => (args: LoaderFunctionArgs) => fn({ ...args, context: {} } as never) as Promise<unknown>;
  const handler = createStaticHandler([
    {
      id: "root",
      path: "/",
      loader: withContext(rootLoader as never),
      Component: Outlet,
      children: [{ id: "page", path, loader: withContext(route.loader), action: route.action && withContext(route.action), Component: route.default }],
    },
  ]);
  const context = await handler.query(request);
  if (context instanceof Response) throw new Error(`expected a page, got a ${context.status} response`);
  const router = createStaticRouter(handler.dataRoutes, context);
  const html = renderToString(createElement(StaticRouterProvider, { router, context, hydrate: false }));
  return { status: context.statusCode, html, headers: context.loaderHeaders.page, root: context.loaderData.root as Awaited<ReturnType<typeof rootLoader>> };
}

const guestHtml = (token: string, headers: Record<string, string> = {}) => get(`/guest/${token}`, { headers }).then((request) => render(request, "guest/:token", guestPage as RouteModule));
const enCookie = async () => ({ Cookie: (await localeCookie.serialize("en")).split(";")[0]! });

// ───────────────────────────── the guest's page ─────────────────────────────

test("the guest page: 200 in Chinese by default, the member's own name and role, the itinerary, and no one's contact data", async () => {
  const { organizer, director, event, wang, members } = await visit();
  const token = await linkFor(organizer.id, event.id, wang.id);
  const page = await guestHtml(token);
  expect(page.status).toBe(200);
  // no session, no staff navigation: the root sees nobody signed in
  expect(page.root.user).toBeNull();
  expect(page.root.locale).toBe("zh-CN");
  for (const text of ["浙江大学校长一行来访", "王立忠，您好！", "副校长", "浙江大学代表团成员", "确认出席", "贵宾接待室", "抵达与会见", "14:00", "朱世强", "当前安排（尚未发布）"]) {
    expect(page.html).toContain(text);
  }
  expect(page.html).toContain(`href="/guest/${token}/itinerary"`);
  for (const member of members) {
    expect(page.html).not.toContain(member.email!);
    expect(page.html).not.toContain(member.phone!);
  }
  for (const secret of ["素食", "Vegetarian", "Halal", "英语 / English", director.email, "+86 571 5800 0001", "车辆停北门", "@lab.example", "@zju.example"]) {
    expect(page.html).not.toContain(secret);
  }
});

test("the guest page follows the language switch (cookie) and the browser's language; with neither, Chinese", async () => {
  const { organizer, event, wu } = await visit();
  const token = await linkFor(organizer.id, event.id, wu.id);
  const english = await guestHtml(token, await enCookie());
  expect(english.root.locale).toBe("en");
  for (const text of ["Visit of the President of Zhejiang University", "Welcome, Wu Zhaohui", "Head of the Zhejiang University delegation", "Confirm my attendance", "Arrival and welcome", "VIP Reception Room"]) {
    expect(english.html).toContain(text);
  }
  expect(english.html).not.toContain("确认出席");
  expect((await guestHtml(token, { "Accept-Language": "en-GB,en;q=0.9" })).html).toContain("Confirm my attendance");
  expect((await guestHtml(token, { "Accept-Language": "zh-CN,zh;q=0.9,en;q=0.5" })).html).toContain("确认出席");

  // the language switch works without a session: a cookie, and back to the guest page
  const switched = (await localeAction(routeArgs(await post("/locale", { locale: "en", redirectTo: `/guest/${token}` })))) as Response;
  expect(switched.status).toBe(302);
  expect(switched.headers.get("Location")).toBe(`/guest/${token}`);
  expect(await localeCookie.parse(switched.headers.get("Set-Cookie"))).toBe("en");
});

test("the guest page sends no Referer anywhere, is cached by nobody and indexed by nobody", async () => {
  const { organizer, event, wu } = await visit();
  const token = await linkFor(organizer.id, event.id, wu.id);
  const expected = { "Referrer-Policy": "no-referrer", "Cache-Control": "private, no-store", "X-Robots-Tag": "noindex, nofollow" };
  expect(guestPage.headers({} as never)).toEqual(expected);
  expect(guestItinerary.headers({} as never)).toEqual(expected);
  const page = await guestHtml(token);
  expect(page.headers?.get("Referrer-Policy")).toBe("no-referrer");
  // the bad-link pages too: the token is in their address as well
  const bad = await guestHtml("x".repeat(43));
  expect(bad.headers?.get("Referrer-Policy")).toBe("no-referrer");
  const meta = guestPage.meta({ data: undefined, matches: [], params: {}, location: {} } as never);
  expect(meta).toContainEqual({ name: "referrer", content: "no-referrer" });
  // the page itself links nowhere outside the site
  expect(page.html).not.toMatch(/href="(https?:)?\/\//);
});

test("confirming: POST records it, redirects back, and the page then shows it; a second press changes nothing", async () => {
  const { organizer, event, ni } = await visit();
  const token = await linkFor(organizer.id, event.id, ni.id);
  const confirm = async (fields: Record<string, string> = { intent: "confirm" }) => settle(async () => guestPage.action(routeArgs(await post(`/guest/${token}`, fields), { token })));
  const first = await confirm();
  expect(statusOf(first.returned)).toBe(302);
  expect((first.returned as Response).headers.get("Location")).toBe(`/guest/${token}`);
  expect((first.returned as Response).headers.get("Set-Cookie")).toBeNull();
  const at = (await prisma.guestInvitation.findFirstOrThrow({ where: { memberId: ni.id } })).confirmedAt;
  expect(at).not.toBeNull();
  const page = await guestHtml(token);
  expect(page.html).toContain("您已确认出席");
  expect(page.html).not.toContain(">确认出席</button>");
  expect(statusOf((await confirm()).returned)).toBe(302);
  expect((await prisma.guestInvitation.findFirstOrThrow({ where: { memberId: ni.id } })).confirmedAt).toEqual(at);
  expect(await prisma.auditLog.count({ where: { eventId: event.id, action: "guest.confirm" } })).toBe(1);
  // anything but the one button is bad input
  expect(statusOf((await confirm({ intent: "delete" })).thrown)).toBe(400);
  expect(statusOf((await confirm({})).thrown)).toBe(400);
});

test("bad links get a clear page: 404 for malformed or unknown, 410 for revoked or expired; never the visit, never a 500", async () => {
  const { organizer, event, wu, wang } = await visit();
  const revoked = await linkFor(organizer.id, event.id, wu.id);
  await guestsPage.action(routeArgs(await post(`/events/${event.slug}/guests`, { intent: "revoke", memberId: wu.id }, { userId: organizer.id }), { slug: event.slug }));
  const expired = await linkFor(organizer.id, event.id, wang.id);
  await prisma.guestInvitation.updateMany({ where: { memberId: wang.id }, data: { expiresAt: new Date("2026-01-01T00:00:00Z") } });
  const cases: Array<[string, number, string, string]> = [
    ["abc", 404, "无法识别此链接", "This link is not recognised"],
    ["%E4%B8%AD" + "A".repeat(40), 404, "无法识别此链接", "This link is not recognised"],
    ["A".repeat(43), 404, "无法识别此链接", "This link is not recognised"],
    [revoked, 410, "此链接已停用", "This link has been withdrawn"],
    [expired, 410, "此链接已过期", "This link has expired"],
  ];
  for (const [token, status, zh, en] of cases) {
    const chinese = await guestHtml(token);
    expect(chinese.status, token).toBe(status);
    expect(chinese.html).toContain(zh);
    const english = await guestHtml(token, await enCookie());
    expect(english.status).toBe(status);
    expect(english.html).toContain(en);
    for (const page of [chinese, english]) {
      expect(page.html).not.toContain("浙江大学");
      expect(page.html).not.toContain("Zhejiang University");
      expect(page.html).not.toContain("王立忠");
    }
    // the printable itinerary and the confirm button answer alike
    const print = await render(await get(`/guest/${token}/itinerary`), "guest/:token/itinerary", guestItinerary as RouteModule);
    expect(print.status).toBe(status);
    expect(print.html).toContain(zh);
    const confirm = await settle(async () => guestPage.action(routeArgs(await post(`/guest/${token}`, { intent: "confirm" }), { token: decodeURIComponent(token) })));
    expect(statusOf(confirm.returned)).toBe(status);
  }
  expect(await prisma.guestInvitation.count({ where: { confirmedAt: { not: null }, member: { delegation: { eventId: event.id } } } })).toBe(0);
});

test("the guest's printable itinerary: both languages, the delegation by name and title, no needs and no contacts", async () => {
  const { organizer, event, ni, members } = await visit();
  const token = await linkFor(organizer.id, event.id, ni.id);
  const print = await render(await get(`/guest/${token}/itinerary`), "guest/:token/itinerary", guestItinerary as RouteModule);
  expect(print.status).toBe(200);
  for (const text of ["抵达与会见", "Arrival and welcome", "代表团名单", "Delegation", "吴朝晖", "Wu Zhaohui", "副校长", "Vice President"]) expect(print.html).toContain(text);
  expect(print.html.indexOf("抵达与会见")).toBeLessThan(print.html.indexOf("Arrival and welcome"));
  for (const secret of ["素食", "Halal", "英语 / English", "饮食需求", "@zju.example", "+86"]) expect(print.html).not.toContain(secret);
  for (const member of members) expect(print.html).not.toContain(member.email!);
});

// ───────────────────────────── a guest link opens nothing else ─────────────────────────────

test("with only the guest link's state, every other page treats the guest as signed out", async () => {
  const { organizer, event, wu } = await visit();
  const other = await createEvent({ titleZh: "别的活动", titleEn: "Another event" });
  const token = await linkFor(organizer.id, event.id, wu.id);
  // everything the guest's browser could have been given: the page's and the confirmation's headers, the language cookie
  const page = await guestHtml(token);
  expect(page.headers?.get("Set-Cookie") ?? null).toBeNull();
  const confirmed = (await guestPage.action(routeArgs(await post(`/guest/${token}`, { intent: "confirm" }), { token }))) as Response;
  expect(confirmed.headers.get("Set-Cookie")).toBeNull();
  const switched = (await localeAction(routeArgs(await post("/locale", { locale: "en", redirectTo: `/guest/${token}` })))) as Response;
  const jar = switched.headers.get("Set-Cookie")!.split(";")[0]!;
  expect(jar.startsWith("convene_lang=")).toBe(true);
  // and, for good measure, the token wherever a careless server might look for it
  const asGuest = (path: string) => get(`${path}${path.includes("?") ? "&" : "?"}token=${token}`, { headers: { Cookie: jar, Referer: `http://localhost:3000/guest/${token}`, Authorization: `Bearer ${token}` } });

  const root = await rootLoader(routeArgs(await asGuest("/")) as never);
  expect(root.user).toBeNull();
  const doors: Array<[string, () => Promise<unknown>, Record<string, string>]> = [
    ["/", () => asGuest("/").then((r) => homeLoader(routeArgs(r))), {}],
    ["/events", () => asGuest("/events").then((r) => eventsLoader(routeArgs(r))), {}],
    ["/calendar", () => asGuest("/calendar").then((r) => calendarLoader(routeArgs(r))), {}],
    [`/events/${event.slug}`, () => asGuest(`/events/${event.slug}`).then((r) => eventPage.loader(routeArgs(r, { slug: event.slug }))), {}],
    [`/events/${other.slug}`, () => asGuest(`/events/${other.slug}`).then((r) => eventPage.loader(routeArgs(r, { slug: other.slug }))), {}],
    [`/events/${event.slug}/guests`, () => asGuest(`/events/${event.slug}/guests`).then((r) => guestsPage.loader(routeArgs(r, { slug: event.slug }))), {}],
    [`/events/${event.slug}/itinerary`, () => asGuest(`/events/${event.slug}/itinerary`).then((r) => staffItinerary.loader(routeArgs(r, { slug: event.slug }))), {}],
  ];
  for (const [path, open] of doors) {
    const outcome = await settle(open);
    expect(outcome.thrown, path).toBeInstanceOf(Response);
    const response = outcome.thrown as Response;
    expect(response.status, path).toBe(302);
    expect(response.headers.get("Location"), path).toMatch(/^\/login\?redirectTo=/);
  }
  // nor can the guest make links for others
  const forged = await settle(async () =>
    guestsPage.action(routeArgs(await post(`/events/${event.slug}/guests?token=${token}`, { intent: "create", memberId: wu.id }, { headers: { Cookie: jar } }), { slug: event.slug })),
  );
  expect(statusOf(forged.thrown)).toBe(302);
  expect(await prisma.session.count({ where: { userId: wu.userId! } })).toBe(0);
});

// ───────────────────────────── the organizer's page ─────────────────────────────

const guestsLoader = async (slug: string, userId?: string) => settle(async () => guestsPage.loader(routeArgs(await get(`/events/${slug}/guests`, { userId }), { slug })));
const guestsAction = async (slug: string, fields: Record<string, string>, userId?: string) =>
  settle(async () => guestsPage.action(routeArgs(await post(`/events/${slug}/guests`, fields, { userId }), { slug })));

test("organizer page: the visit's organizers and admins only; 403 for staff and other organizers, 404 for other kinds", async () => {
  const { organizer, director, event } = await visit();
  const admin = await createUser({ roles: ["admin"] });
  const staff = await createUser();
  const elsewhere = await createUser();
  const conference = await createEvent({ organizerIds: [organizer.id, elsewhere.id] });
  await createEvent({ kind: "PARTNERSHIP_VISIT", organizerIds: [elsewhere.id] });

  const ok = await guestsLoader(event.slug, organizer.id);
  expect(ok.thrown).toBeUndefined();
  const listed = ok.returned as Awaited<ReturnType<typeof guestsPage.loader>>;
  expect(listed.members.map((m) => [m.precedence, m.name, m.kind])).toEqual([
    [1, "吴朝晖", "none"],
    [2, "王立忠", "none"],
    [3, "倪建新", "none"],
  ]);
  expect(listed.expiryRule).toContain("2026年12月8日");
  expect(JSON.stringify(listed)).not.toContain("@zju.example");
  expect(statusOf((await guestsLoader(event.slug, admin.id)).returned)).toBe(200);
  expect(statusOf((await guestsLoader(event.slug, staff.id)).thrown)).toBe(403);
  // hosting the visit is not organizing it
  expect(statusOf((await guestsLoader(event.slug, director.id)).thrown)).toBe(403);
  expect(statusOf((await guestsLoader(event.slug, elsewhere.id)).thrown)).toBe(403);
  expect(statusOf((await guestsLoader(conference.slug, organizer.id)).thrown)).toBe(404);
  expect(statusOf((await guestsLoader("no-such-event", organizer.id)).thrown)).toBe(404);
  const anonymous = await guestsLoader(event.slug);
  expect((anonymous.thrown as Response).headers.get("Location")).toMatch(/^\/login/);
});

test("organizer actions: the same doors, and bad input is 400/404/409, never a 500", async () => {
  const { organizer, director, event, wu, wang } = await visit();
  const staff = await createUser();
  const conference = await createEvent({ organizerIds: [organizer.id] });
  const other = await visit();
  for (const userId of [staff.id, director.id, other.organizer.id]) {
    for (const intent of ["create", "reissue", "revoke"]) {
      expect(statusOf((await guestsAction(event.slug, { intent, memberId: wu.id }, userId)).thrown), `${intent} by ${userId}`).toBe(403);
    }
  }
  expect(((await guestsAction(event.slug, { intent: "create", memberId: wu.id })).thrown as Response).status).toBe(302);
  expect(await prisma.guestInvitation.count({ where: { memberId: wu.id } })).toBe(0);

  expect(statusOf((await guestsAction(event.slug, { intent: "explode", memberId: wu.id }, organizer.id)).thrown)).toBe(400);
  expect(statusOf((await guestsAction(event.slug, { intent: "create" }, organizer.id)).thrown)).toBe(400);
  expect(statusOf((await guestsAction(event.slug, { intent: "create", memberId: other.wu.id }, organizer.id)).returned)).toBe(404);
  expect(statusOf((await guestsAction(event.slug, { intent: "revoke", memberId: wang.id }, organizer.id)).returned)).toBe(409);
  expect(statusOf((await guestsAction(conference.slug, { intent: "create", memberId: wu.id }, organizer.id)).thrown)).toBe(404);
  expect(await prisma.guestInvitation.count({ where: { member: { delegation: { eventId: { in: [event.id, other.event.id] } } } } })).toBe(0);
});

test("organizer journey: create shows the link once with a QR code; re-issue kills the old one; revoke kills the new one", async () => {
  const { organizer, event, wu } = await visit();
  const created = await guestsAction(event.slug, { intent: "create", memberId: wu.id }, organizer.id);
  const init = (created.returned as { init: ResponseInit }).init;
  expect(new Headers(init.headers).get("Cache-Control")).toBe("no-store");
  const issued = (created.returned as { data: { issued: { url: string; qr: string; name: string; replaced: boolean } } }).data.issued;
  expect(issued.url).toMatch(/^http:\/\/localhost:3000\/guest\/[A-Za-z0-9_-]{43}$/);
  expect(issued.qr).toContain("<svg");
  expect(issued).toMatchObject({ name: "吴朝晖", replaced: false });
  const first = issued.url.split("/guest/")[1]!;
  expect((await resolveGuestLink(first)).status).toBe("active");
  // the link is in that one answer only: the page, loaded again, does not have it
  const reloaded = await guestsLoader(event.slug, organizer.id);
  expect(JSON.stringify(reloaded.returned)).not.toContain(first);
  expect((reloaded.returned as Awaited<ReturnType<typeof guestsPage.loader>>).members[0]!.kind).toBe("active");

  expect(statusOf((await guestsAction(event.slug, { intent: "create", memberId: wu.id }, organizer.id)).returned)).toBe(409);
  const reissued = await guestsAction(event.slug, { intent: "reissue", memberId: wu.id }, organizer.id);
  const second = (reissued.returned as { data: { issued: { url: string; replaced: boolean } } }).data.issued;
  expect(second.replaced).toBe(true);
  expect(await resolveGuestLink(first)).toEqual({ status: "revoked" });

  const revoked = await guestsAction(event.slug, { intent: "revoke", memberId: wu.id }, organizer.id);
  expect(statusOf(revoked.returned)).toBe(302);
  expect((revoked.returned as Response).headers.get("Location")).toBe(`/events/${event.slug}/guests?revoked=${wu.id}`);
  expect(await resolveGuestLink(second.url.split("/guest/")[1])).toEqual({ status: "revoked" });
  const after = (await settle(async () => guestsPage.loader(routeArgs(await get(`/events/${event.slug}/guests?revoked=${wu.id}`, { userId: organizer.id }), { slug: event.slug })))).returned as Awaited<
    ReturnType<typeof guestsPage.loader>
  >;
  expect(after.revokedName).toBe("吴朝晖");
  expect(after.members[0]!.kind).toBe("revoked");
  const actions = (await prisma.auditLog.findMany({ where: { eventId: event.id, action: { startsWith: "guest." } }, orderBy: { createdAt: "asc" } })).map((entry) => entry.action);
  expect(actions).toEqual(["guest.link.create", "guest.link.reissue", "guest.link.revoke"]);
});

test("organizer page HTML: the PARTSTAT-like overview in the organizer's language", async () => {
  const { organizer, event, wu, wang } = await visit();
  const token = await linkFor(organizer.id, event.id, wu.id);
  await guestPage.action(routeArgs(await post(`/guest/${token}`, { intent: "confirm" }), { token }));
  await linkFor(organizer.id, event.id, wang.id);
  const page = await render(await get(`/events/${event.slug}/guests`, { userId: organizer.id }), "events/:slug/guests", guestsPage as RouteModule);
  expect(page.status).toBe(200);
  expect(page.html).toContain("已确认出席 1 人 · 链接有效 2 人 · 共 3 人");
  expect(page.html).toContain("已确认出席：");
  expect(page.html).toContain("有效，至 2026年12月8日周二 23:59");
  expect(page.html).toContain("尚未生成链接");
  expect(page.html).toContain("为倪建新生成链接");
  expect(page.html).toContain("撤销吴朝晖的链接");
  expect(page.html).not.toContain(token);
});

// ───────────────────────────── the staff's printable itinerary ─────────────────────────────

test("staff itinerary: organizers, admins and hosts get both languages and the delegation's needs; others do not", async () => {
  const { organizer, director, event } = await visit();
  const admin = await createUser({ roles: ["admin"] });
  const staff = await createUser();
  const conference = await createEvent({ organizerIds: [organizer.id] });
  const open = async (slug: string, userId?: string) => settle(async () => staffItinerary.loader(routeArgs(await get(`/events/${slug}/itinerary`, { userId }), { slug })));
  for (const userId of [organizer.id, admin.id, director.id]) expect(statusOf((await open(event.slug, userId)).returned)).toBe(200);
  expect(statusOf((await open(event.slug, staff.id)).thrown)).toBe(403);
  expect(((await open(event.slug)).thrown as Response).headers.get("Location")).toMatch(/^\/login/);
  expect(statusOf((await open(conference.slug, organizer.id)).thrown)).toBe(404);
  expect(statusOf((await open("no-such-event", organizer.id)).thrown)).toBe(404);

  const page = await render(await get(`/events/${event.slug}/itinerary`, { userId: director.id }), "events/:slug/itinerary", staffItinerary as RouteModule);
  expect(page.status).toBe(200);
  for (const text of ["行程单", "Itinerary", "抵达与会见", "Arrival and welcome", "素食 / Vegetarian", "清真 / Halal", "英语 / English", "饮食需求", "内部版本"]) expect(page.html).toContain(text);
  for (const secret of ["@zju.example", "+86", "车辆停北门"]) expect(page.html).not.toContain(secret);
});
