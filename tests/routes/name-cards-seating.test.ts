import { createElement, type ComponentType } from "react";
import { renderToString } from "react-dom/server";
import { Outlet, type LoaderFunctionArgs } from "react-router-dom";
import { createStaticHandler, createStaticRouter, StaticRouterProvider } from "react-router-dom/server";
import { expect, test } from "vitest";

import { createEvent, createUser } from "../factories";
import { hasPdftotext, pageCount, pdfText } from "../pdf";
import { get, routeArgs, sessionCookieFor, settle, statusOf } from "../request";
import { seatingVisit } from "../seating-fixtures";
import { loader as rootLoader } from "~/root";
import { loader as nameCardsLoader } from "~/routes/events.$slug.name-cards[.]pdf";
import * as seatingPage from "~/routes/events.$slug.seating";
import { localeCookie } from "~/utils/i18n.server";

const seating = async (slug: string, userId?: string, search = "") => settle(async () => seatingPage.loader(routeArgs(await get(`/events/${slug}/seating${search}`, { userId }), { slug })));
const cards = async (slug: string, userId?: string, search = "") => settle(async () => nameCardsLoader(routeArgs(await get(`/events/${slug}/name-cards.pdf${search}`, { userId }), { slug })));

/** Both doors at once: the page and the PDF answer every reader alike. */
async function both(slug: string, userId?: string, search = "") {
  return [await seating(slug, userId, search), await cards(slug, userId, search)];
}

test("organizers, admins and the visit's hosts read the plan and the cards; staff, guests and other organizers get 403", async () => {
  const { organizer, director, deputy, scientist, event, wu } = await seatingVisit();
  const admin = await createUser({ roles: ["admin"] });
  const staff = await createUser();
  const elsewhere = await createUser();
  await createEvent({ kind: "PARTNERSHIP_VISIT", organizerIds: [elsewhere.id] });

  // the director hosts the talks, the deputy the whole visit
  for (const userId of [organizer.id, admin.id, director.id, deputy.id]) {
    for (const outcome of await both(event.slug, userId)) {
      expect(outcome.thrown, userId).toBeUndefined();
      expect(statusOf(outcome.returned)).toBe(200);
    }
  }
  // sitting at the table (a participant on the agenda) is not hosting the visit
  for (const userId of [staff.id, scientist.id, elsewhere.id]) {
    for (const outcome of await both(event.slug, userId)) expect(statusOf(outcome.thrown), userId).toBe(403);
  }
  // a delegate signed in as a guest
  const guestSession = await sessionCookieFor(wu.userId!);
  const asGuest = await settle(async () =>
    nameCardsLoader(routeArgs(new Request(`http://localhost:3000/events/${event.slug}/name-cards.pdf`, { headers: { Cookie: guestSession } }), { slug: event.slug })),
  );
  expect(statusOf(asGuest.thrown)).toBe(403);
  const guestPage = await settle(async () =>
    seatingPage.loader(routeArgs(new Request(`http://localhost:3000/events/${event.slug}/seating`, { headers: { Cookie: guestSession } }), { slug: event.slug })),
  );
  expect(statusOf(guestPage.thrown)).toBe(403);
  // nobody signed in: to the sign-in page, and back here afterwards
  for (const outcome of await both(event.slug, undefined, "?side=guests")) {
    const response = outcome.thrown as Response;
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toMatch(/^\/login\?redirectTo=%2Fevents%2F.+%3Fside%3Dguests$/);
  }
});

test("not a visit, or no such event: 404; a bad query: 400 with a translated message, and only for those who may read", async () => {
  const { organizer, event } = await seatingVisit();
  const other = await seatingVisit();
  const staff = await createUser();
  const conference = await createEvent({ organizerIds: [organizer.id] });
  for (const outcome of await both(conference.slug, organizer.id)) expect(statusOf(outcome.thrown)).toBe(404);
  for (const outcome of await both("no-such-event", organizer.id)) expect(statusOf(outcome.thrown)).toBe(404);

  for (const search of ["?side=everyone", "?side=", `?item=${other.talks.id}`, "?item=nonexistent", "?item=%3Cscript%3E", "?side=lab&side=guests"]) {
    for (const outcome of await both(event.slug, organizer.id, search)) expect(statusOf(outcome.thrown), search).toBe(400);
    // a stranger learns nothing from the query: still 403
    for (const outcome of await both(event.slug, staff.id, search)) expect(statusOf(outcome.thrown), search).toBe(403);
  }
  // the PDF door answers as a file door does: JSON with the message in the reader's language
  const bad = (await cards(event.slug, organizer.id, "?side=everyone")).thrown as Response;
  expect(await bad.json()).toEqual({ error: "桌签范围只能是全部（all）、客方（guests）或主方（lab）。", messageKey: "nameCards.error.side" });
  // the page's loader throws the key for the error page
  const page = (await seating(event.slug, organizer.id, `?item=${other.talks.id}`)).thrown as { data: unknown };
  expect(page.data).toEqual({ messageKey: "seating.error.item" });
});

test("the PDF: every card in seating order, one side on request, named in Chinese with an ASCII fallback", async () => {
  const { organizer, event, arrival } = await seatingVisit();
  const all = (await cards(event.slug, organizer.id)).returned as Response;
  expect(all.headers.get("Content-Type")).toBe("application/pdf");
  expect(all.headers.get("Cache-Control")).toBe("private, no-store");
  expect(all.headers.get("Content-Disposition")).toBe(
    `attachment; filename="name-cards-${event.slug}.pdf"; filename*=UTF-8''${encodeURIComponent("桌签")}-${event.slug}.pdf`,
  );
  const pdf = Buffer.from(await all.arrayBuffer());
  expect(pageCount(pdf)).toBe(9);
  const guests = (await cards(event.slug, organizer.id, "?side=guests")).returned as Response;
  expect(guests.headers.get("Content-Disposition")).toContain(`filename="name-cards-guests-${event.slug}.pdf"`);
  expect(guests.headers.get("Content-Disposition")).toContain(`filename*=UTF-8''${encodeURIComponent("桌签-客方")}`);
  expect(pageCount(Buffer.from(await guests.arrayBuffer()))).toBe(5);
  const lab = Buffer.from(await ((await cards(event.slug, organizer.id, "?side=lab")).returned as Response).arrayBuffer());
  expect(pageCount(lab)).toBe(4);
  // another item: its own lab side (the arrival: the director, and the visit's host)
  const arrivalLab = Buffer.from(await ((await cards(event.slug, organizer.id, `?side=lab&item=${arrival.id}`)).returned as Response).arrayBuffer());
  expect(pageCount(arrivalLab)).toBe(2);
  if (!hasPdftotext) return;
  expect(pdfText(pdf, 1)).toContain("吴朝晖");
  expect(pdfText(pdf, 1)).toContain("Wu Zhaohui");
  expect(pdfText(pdf, 6)).toContain("朱世强");
  expect(pdfText(lab, 1)).toContain("朱世强");
  expect(pdfText(arrivalLab, 2)).toContain("袁纪新");
});

// ───────────────────────────── the page as the browser gets it ─────────────────────────────

type RouteModule = { loader: (args: never) => unknown; default: ComponentType };

/** The page's HTML through React Router's static handler, with the real root loader (see guest-link.test.ts). */
async function render(request: Request) {
  const withContext = (fn: (args: never) => unknown) => (args: LoaderFunctionArgs) => fn({ ...args, context: {} } as never) as Promise<unknown>;
  const route = seatingPage as unknown as RouteModule;
  const handler = createStaticHandler([
    { id: "root", path: "/", loader: withContext(rootLoader as never), Component: Outlet, children: [{ id: "page", path: "events/:slug/seating", loader: withContext(route.loader), Component: route.default }] },
  ]);
  const context = await handler.query(request);
  if (context instanceof Response) throw new Error(`expected a page, got a ${context.status} response`);
  const router = createStaticRouter(handler.dataRoutes, context);
  return { status: context.statusCode, html: renderToString(createElement(StaticRouterProvider, { router, context, hydrate: false })) };
}

const textOf = (html: string) => html.replace(/<[^>]+>/g, " ").replace(/&#x27;/g, "'").replace(/\s+/g, " ");

test("the page: the drawing in precedence order with the principals in the middle, both lists, and the name-card links", async () => {
  const { director, event, talks, arrival } = await seatingVisit();
  const page = await render(await get(`/events/${event.slug}/seating`, { userId: director.id }));
  expect(page.status).toBe(200);
  const text = textOf(page.html);
  for (const expected of ["座次图 · 浙江大学校长一行来访", "会谈 · 战略合作座谈", "客方：浙江大学", "主方：之江实验室", "会谈桌", "入口", "主宾", "主人", "座次名单", "共 5 人", "右侧第1位", "左侧第2位", "右侧为尊"]) {
    expect(text).toContain(expected);
  }
  // the drawing's seats in precedence order (what a screen reader reads), each at its own place on the grid
  const guestSeats = /<ol[^>]*data-testid="seats-guest"[^>]*>(.*?)<\/ol>/s.exec(page.html)![1]!;
  expect([...guestSeats.matchAll(/lang="zh-CN">([^<]+)</g)].map((m) => m[1])).toEqual(["吴朝晖", "王立忠", "沈文华", "倪建新", "林莉"]);
  expect([...guestSeats.matchAll(/--track:(\d+)/g)].map((m) => Number(m[1]))).toEqual([5, 3, 7, 1, 9]);
  const labSeats = /<ol[^>]*data-testid="seats-lab"[^>]*>(.*?)<\/ol>/s.exec(page.html)![1]!;
  expect([...labSeats.matchAll(/lang="zh-CN">([^<]+)</g)].map((m) => m[1])).toEqual(["朱世强", "袁纪新", "欧阳娜娜", "潘云鹤"]);
  expect(page.html).toMatch(/data-place="centre"[^>]*>.*?吴朝晖/s);
  // the lists below, in both languages on every name
  const list = /<ol data-testid="list-guest">(.*?)<\/ol>/s.exec(page.html)![1]!;
  expect(textOf(list)).toContain("吴朝晖 Wu Zhaohui 团长 校长 President 居中");
  // the name cards for this meeting, all or one side; every item can be chosen
  expect(page.html).toContain(`href="/events/${event.slug}/name-cards.pdf"`);
  expect(page.html).toContain(`href="/events/${event.slug}/name-cards.pdf?side=guests"`);
  expect(page.html).toContain(`href="/events/${event.slug}/name-cards.pdf?side=lab"`);
  expect(page.html).toMatch(new RegExp(`<option value="${talks.id}" selected=""`));
  expect(page.html).toContain(`<option value="${arrival.id}"`);

  // in English, for another item: the links keep the item
  // the session cookie and the language cookie together (the request helper sends one Cookie header)
  const cookies = `${await sessionCookieFor(director.id)}; ${(await localeCookie.serialize("en")).split(";")[0]!}`;
  const english = await render(await get(`/events/${event.slug}/seating?item=${arrival.id}`, { headers: { Cookie: cookies } }));
  const englishText = textOf(english.html);
  for (const expected of ["Seating plan · Visit of the President of Zhejiang University", "Arrival · Arrival and welcome", "Guests: Zhejiang University", "Lab: Zhejiang Lab", "Principal guest", "Right, place 1"]) {
    expect(englishText).toContain(expected);
  }
  expect(english.html).toContain(`href="/events/${event.slug}/name-cards.pdf?item=${arrival.id}&amp;side=guests"`);
});

test("a name the card font cannot print is flagged on the page before anyone prints", async () => {
  const { organizer, event, members } = await seatingVisit();
  const { prisma } = await import("~/utils/db.server");
  await prisma.delegationMember.update({ where: { id: members[3]!.id }, data: { nameZh: "倪𠀀新" } });
  const page = await render(await get(`/events/${event.slug}/seating`, { userId: organizer.id }));
  const warning = /data-testid="missing-glyphs"[^>]*>(.*?)<\/div>/s.exec(page.html)?.[1] ?? "";
  expect(textOf(warning)).toContain("倪𠀀新 Ni Jianxin（𠀀 U+20000）");
  const clean = await seatingVisit();
  expect((await render(await get(`/events/${clean.event.slug}/seating`, { userId: clean.organizer.id }))).html).not.toContain("missing-glyphs");
});
