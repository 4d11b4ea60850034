import { createElement, type ComponentType } from "react";
import { renderToString } from "react-dom/server";
import { Outlet, type LoaderFunctionArgs } from "react-router-dom";
import { createStaticHandler, createStaticRouter, StaticRouterProvider } from "react-router-dom/server";
import { expect, test } from "vitest";

import { createEvent, createUser } from "../factories";
import { get, post, routeArgs, settle, statusOf } from "../request";
import { createVisitWithMeeting } from "../visit-fixtures";
import { createFollowUp, createNote } from "~/models/visit-outcome.server";
import { loader as rootLoader } from "~/root";
import * as home from "~/routes/_index";
import * as eventPage from "~/routes/events.$slug._index";
import * as outcomesPage from "~/routes/events.$slug.outcomes";
import { prisma } from "~/utils/db.server";


/** A visit with an organizer, a host, an owner of one action, a meeting, a note and that action. */
async function visit() {
  const { organizer, host, event, meetingId } = await createVisitWithMeeting({
    // everyone on staff sees the visit's page, so what decides the outcomes block is the outcome rules alone
    audience: "ALL_STAFF",
    titleZh: "浙江大学校长一行来访",
    titleEn: "Visit of the President of Zhejiang University",
    hostNames: { nameZh: "朱世强", nameEn: "Zhu Shiqiang" },
  });
  const owner = await createUser({ nameZh: "潘云鹤", nameEn: "Pan Yunhe" });
  const staff = await createUser();
  const guest = await createUser({ kind: "GUEST", password: null });
  const note = await createNote(organizer.id, event.id, { agendaItemId: meetingId, body: "**共识**：共建大科学装置 <script>alert(1)</script>" });
  const followUp = await createFollowUp(organizer.id, event.id, {
    titleZh: "确定重大项目清单",
    titleEn: "Agree the list of major projects",
    owner: owner.email,
    dueDate: "2027-03-31",
  });
  const hostsOwn = await createFollowUp(organizer.id, event.id, { titleZh: "起草共建方案", titleEn: "", owner: host.email, dueDate: null });
  if (!note.ok || !followUp.ok || !hostsOwn.ok) throw new Error("refused");
  return { organizer, host, owner, staff, guest, event, meetingId: meetingId, noteId: note.noteId, actionId: followUp.actionId, hostsActionId: hostsOwn.actionId };
}

const EN = { "Accept-Language": "en" };

const load = (slug: string, userId?: string, query = "") =>
  settle(async () => outcomesPage.loader(routeArgs(await get(`/events/${slug}/outcomes${query}`, { userId, headers: EN }), { slug })));
const act = (slug: string, fields: Record<string, string>, userId?: string) =>
  settle(async () => outcomesPage.action(routeArgs(await post(`/events/${slug}/outcomes`, fields, { userId, headers: EN }), { slug })));

type Payload = { form?: string; result?: { error?: Record<string, string[]> } };
const payloadOf = (outcome: unknown) => (outcome as { data: Payload }).data;
const errorsOf = (outcome: { returned: unknown }) => payloadOf(outcome.returned).result?.error ?? {};
const locationOf = (outcome: { returned: unknown }) => (outcome.returned as Response).headers.get("Location");
type PageData = Awaited<ReturnType<typeof outcomesPage.loader>>;

async function footprint(eventId: string) {
  const [notes, actions, audits] = await Promise.all([
    prisma.meetingNote.findMany({ where: { eventId }, orderBy: { id: "asc" } }),
    prisma.followUpAction.findMany({ where: { eventId }, orderBy: { id: "asc" } }),
    prisma.auditLog.count({ where: { eventId } }),
  ]);
  return { notes, actions, audits };
}

test("the page: organizers manage, hosts read everything, an owner sees only their own actions; others 403, non-visits 404", async () => {
  const v = await visit();
  const organizerPage = (await load(v.event.slug, v.organizer.id)).returned as PageData;
  expect(organizerPage.access).toEqual({ manage: true, read: true });
  expect(organizerPage.counts).toBe("2 open · 0 done");
  expect(organizerPage.meetings).toHaveLength(1);
  expect(organizerPage.meetings[0]!.heading).toBe("15:30–17:10 Partnership talks");
  // sanitised: the Markdown is rendered, the raw HTML is only text
  expect(organizerPage.meetings[0]!.notes[0]!.html).toContain("<strong>共识</strong>");
  expect(organizerPage.meetings[0]!.notes[0]!.html).not.toContain("<script>");
  expect(organizerPage.directory.some((entry) => entry.email === v.owner.email)).toBe(true);
  expect(organizerPage.actions.map((action) => [action.title, action.owner, action.due, action.mayChangeStatus])).toEqual([
    ["Agree the list of major projects", "Pan Yunhe", "Wed, 31 March 2027", true],
    ["起草共建方案", "Zhu Shiqiang", null, true],
  ]);

  const hostPage = (await load(v.event.slug, v.host.id)).returned as PageData;
  expect(hostPage.access).toEqual({ manage: false, read: true });
  expect(hostPage.meetings[0]!.notes).toHaveLength(1);
  expect(hostPage.directory).toEqual([]);
  // a host changes the status of their own action only
  expect(hostPage.actions.map((action) => action.mayChangeStatus)).toEqual([false, true]);
  // the edit forms are organizers' only, whatever the address asks
  expect(((await load(v.event.slug, v.host.id, `?editAction=${v.actionId}`)).returned as PageData).editAction).toBeNull();

  const ownerPage = (await load(v.event.slug, v.owner.id)).returned as PageData;
  expect(ownerPage.access).toEqual({ manage: false, read: false });
  expect(ownerPage.meetings).toEqual([]);
  expect(ownerPage.actions.map((action) => [action.id, action.mayChangeStatus])).toEqual([[v.actionId, true]]);
  expect(ownerPage.counts).toBe("1 open · 0 done");

  expect(statusOf((await load(v.event.slug, v.staff.id)).thrown)).toBe(403);
  expect(statusOf((await load(v.event.slug, v.guest.id)).thrown)).toBe(403);
  const signedOut = await load(v.event.slug);
  expect(statusOf(signedOut.thrown)).toBe(302);
  expect((signedOut.thrown as Response).headers.get("Location")).toMatch(/^\/login\?redirectTo=/);

  const conference = await createEvent({ organizerIds: [v.organizer.id] });
  expect(statusOf((await load(conference.slug, v.organizer.id)).thrown)).toBe(404);
  expect(statusOf((await load("no-such-event", v.organizer.id)).thrown)).toBe(404);

  // the edit forms, filled from the record, with its version
  const editing = (await load(v.event.slug, v.organizer.id, `?editAction=${v.actionId}&editNote=${v.noteId}`)).returned as PageData;
  expect(editing.editAction).toMatchObject({ id: v.actionId, owner: v.owner.email, dueDate: "2027-03-31", titleZh: "确定重大项目清单" });
  expect(editing.editNote).toMatchObject({ id: v.noteId, agendaItemId: v.meetingId });
  expect(((await load(v.event.slug, v.organizer.id, "?editAction=gone")).returned as PageData).editMissing).toBe(true);
});

test("writes are the organizers': hosts, owners, other staff and guests get 403 on each, and nothing changes", async () => {
  const v = await visit();
  const before = await footprint(v.event.id);
  const attempts: Array<Record<string, string>> = [
    { intent: "addNote", body: "x" },
    { intent: "editNote", noteId: v.noteId, version: new Date().toISOString(), body: "x" },
    { intent: "deleteNote", id: v.noteId },
    { intent: "addAction", titleZh: "x", owner: v.owner.email },
    { intent: "editAction", actionId: v.actionId, version: new Date().toISOString(), titleZh: "x", owner: v.owner.email },
    { intent: "deleteAction", id: v.actionId },
  ];
  for (const who of [v.host.id, v.owner.id, v.staff.id, v.guest.id]) {
    for (const fields of attempts) expect(statusOf((await act(v.event.slug, fields, who)).thrown), `${fields.intent}`).toBe(403);
  }
  // status: other staff, guests, and a host on someone else's action
  for (const who of [v.staff.id, v.guest.id, v.host.id]) {
    expect(statusOf((await act(v.event.slug, { intent: "status", actionId: v.actionId, status: "DONE" }, who)).thrown)).toBe(403);
  }
  const conference = await createEvent({ organizerIds: [v.organizer.id] });
  expect(statusOf((await act(conference.slug, { intent: "addNote", body: "x" }, v.organizer.id)).thrown)).toBe(404);
  expect(await footprint(v.event.id)).toEqual(before);
});

test("the owner marks their action done and reopens it, from the page or from home; the visit page and the home page follow", async () => {
  const v = await visit();
  const fromPage = await act(v.event.slug, { intent: "status", actionId: v.actionId, status: "DONE" }, v.owner.id);
  expect(statusOf(fromPage.returned)).toBe(302);
  expect(locationOf(fromPage)).toBe(`/events/${v.event.slug}/outcomes?done=markedDone#actions-heading`);
  const ownerPage = (await load(v.event.slug, v.owner.id)).returned as PageData;
  expect(ownerPage.actions[0]).toMatchObject({ status: "DONE", doneLine: expect.stringMatching(/^Done by Pan Yunhe on /) });

  const fromHome = await act(v.event.slug, { intent: "status", actionId: v.actionId, status: "OPEN", redirectTo: "/" }, v.owner.id);
  expect(locationOf(fromHome)).toBe("/?followUp=reopened#follow-ups-heading");
  // an address off the site is not followed
  const offSite = await act(v.event.slug, { intent: "status", actionId: v.actionId, status: "DONE", redirectTo: "//evil.example" }, v.owner.id);
  expect(locationOf(offSite)).toBe(`/events/${v.event.slug}/outcomes?done=markedDone#actions-heading`);

  const homeData = await home.loader(routeArgs(await get("/", { userId: v.owner.id, headers: EN })));
  expect(homeData.followUps.map((row) => [row.title, row.status, row.eventSlug])).toEqual([["Agree the list of major projects", "DONE", v.event.slug]]);

  const visitPage = async (userId: string) => (await eventPage.loader(routeArgs(await get(`/events/${v.event.slug}`, { userId, headers: EN }), { slug: v.event.slug }))).outcomes;
  expect(await visitPage(v.organizer.id)).toMatchObject({
    counts: "1 open · 1 done",
    open: [{ title: "起草共建方案" }],
    done: [{ title: "Agree the list of major projects", owner: "Pan Yunhe" }],
  });
  expect(await visitPage(v.host.id)).toMatchObject({ counts: "1 open · 1 done" });
  expect(await visitPage(v.owner.id)).toMatchObject({ counts: "0 open · 1 done", open: [] });
  expect(await visitPage(v.staff.id)).toBeNull();

  expect(statusOf((await act(v.event.slug, { intent: "status", actionId: "nope", status: "DONE" }, v.owner.id)).thrown)).toBe(404);
  expect(statusOf((await act(v.event.slug, { intent: "status", actionId: v.actionId, status: "MAYBE" }, v.owner.id)).thrown)).toBe(400);
  const audit = await prisma.auditLog.findMany({ where: { entityId: v.actionId }, orderBy: { createdAt: "asc" }, select: { action: true } });
  expect(audit.map((entry) => entry.action)).toEqual(["outcome.action.create", "outcome.action.done", "outcome.action.reopen", "outcome.action.done"]);
});

test("the organizer writes notes and actions; bad input is a 400 with translated field errors, unknown records 404, a stale edit 409", async () => {
  const v = await visit();
  const o = v.organizer.id;
  const slug = v.event.slug;

  const added = await act(slug, { intent: "addNote", agendaItemId: v.meetingId, body: "- 人才双聘\n- 大科学装置" }, o);
  expect(locationOf(added)).toBe(`/events/${slug}/outcomes?done=noteAdded#notes-heading`);
  const emptyNote = await act(slug, { intent: "addNote", body: "  " }, o);
  expect(statusOf(emptyNote.returned)).toBe(400);
  expect(errorsOf(emptyNote)).toEqual({ body: ["outcomes.note.bodyRequired"] });
  const other = await visit();
  expect(statusOf((await act(slug, { intent: "addNote", agendaItemId: other.meetingId, body: "x" }, o)).thrown)).toBe(404);
  expect(statusOf((await act(slug, { intent: "deleteNote", id: other.noteId }, o)).thrown)).toBe(404);

  const note = await prisma.meetingNote.findUniqueOrThrow({ where: { id: v.noteId } });
  const version = note.updatedAt.toISOString();
  expect(locationOf(await act(slug, { intent: "editNote", noteId: v.noteId, version, agendaItemId: "", body: "改为整体纪要" }, o))).toBe(
    `/events/${slug}/outcomes?done=noteSaved#notes-heading`,
  );
  expect(statusOf((await act(slug, { intent: "editNote", noteId: v.noteId, version, body: "又改" }, o)).returned)).toBe(409);
  expect(statusOf((await act(slug, { intent: "editNote", body: "没有 id" }, o)).thrown)).toBe(400);

  const noTitle = await act(slug, { intent: "addAction", titleZh: "", titleEn: "English only", owner: v.owner.email }, o);
  expect(statusOf(noTitle.returned)).toBe(400);
  expect(errorsOf(noTitle)).toEqual({ titleZh: ["outcomes.action.titleRequired"] });
  const unknownOwner = await act(slug, { intent: "addAction", titleZh: "事项", owner: "nobody@lab.example" }, o);
  expect(statusOf(unknownOwner.returned)).toBe(400);
  expect(errorsOf(unknownOwner)).toEqual({ owner: ["outcomes.action.ownerUnknown"] });
  const guestOwner = await act(slug, { intent: "addAction", titleZh: "事项", owner: v.guest.email }, o);
  expect(errorsOf(guestOwner)).toEqual({ owner: ["outcomes.action.ownerUnknown"] });
  const badDay = await act(slug, { intent: "addAction", titleZh: "事项", owner: v.owner.email, dueDate: "2027-02-30" }, o);
  expect(statusOf(badDay.returned)).toBe(400);
  expect(errorsOf(badDay)).toEqual({ dueDate: ["outcomes.action.dueInvalid"] });
  expect(locationOf(await act(slug, { intent: "addAction", titleZh: "完善人才双聘机制", owner: v.staff.email, dueDate: "2027-04-30" }, o))).toBe(
    `/events/${slug}/outcomes?done=actionAdded#actions-heading`,
  );

  const action = await prisma.followUpAction.findUniqueOrThrow({ where: { id: v.actionId } });
  const actionVersion = action.updatedAt.toISOString();
  const edit = { intent: "editAction", actionId: v.actionId, titleZh: "确定重大项目清单（修订）", owner: v.owner.email, dueDate: "2027-04-15" };
  expect(locationOf(await act(slug, { ...edit, version: actionVersion }, o))).toBe(`/events/${slug}/outcomes?done=actionSaved#actions-heading`);
  const stale = await act(slug, { ...edit, titleZh: "另一人的修改", version: actionVersion }, o);
  expect(statusOf(stale.returned)).toBe(409);
  expect((payloadOf(stale.returned).result as { error?: Record<string, string[]> }).error?.[""]).toEqual(["outcomes.action.stale"]);
  expect((await prisma.followUpAction.findUniqueOrThrow({ where: { id: v.actionId } })).titleZh).toBe("确定重大项目清单（修订）");
  expect(statusOf((await act(slug, { ...edit, actionId: other.actionId, version: actionVersion }, o)).thrown)).toBe(404);
  expect(statusOf((await act(slug, { intent: "deleteAction", id: "nope" }, o)).thrown)).toBe(404);
  expect(locationOf(await act(slug, { intent: "deleteAction", id: v.hostsActionId }, o))).toBe(`/events/${slug}/outcomes?done=actionDeleted#actions-heading`);
  expect(locationOf(await act(slug, { intent: "deleteNote", id: v.noteId }, o))).toBe(`/events/${slug}/outcomes?done=noteDeleted#notes-heading`);
  expect(statusOf((await act(slug, { intent: "nonsense" }, o)).thrown)).toBe(400);
  // organizers may close anyone's action
  expect(statusOf((await act(slug, { intent: "status", actionId: v.actionId, status: "DONE" }, o)).returned)).toBe(302);

  const page = (await load(slug, o)).returned as PageData;
  expect(page.counts).toBe("1 open · 1 done");
  expect(page.actions.map((row) => [row.title, row.status, row.due])).toEqual([
    ["完善人才双聘机制", "OPEN", "Fri, 30 April 2027"],
    ["确定重大项目清单（修订）", "DONE", "Thu, 15 April 2027"],
  ]);
});

// ───────────────────────────── the page as the browser gets it ─────────────────────────────

type RouteModule = { loader: (args: never) => unknown; action?: (args: never) => unknown; default: ComponentType };

async function render(request: Request, path: string, route: RouteModule) {
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
  return { status: context.statusCode, html: renderToString(createElement(StaticRouterProvider, { router, context, hydrate: false })) };
}

test("rendered: both languages, forms that post without JavaScript, and the buttons each person may use", async () => {
  const v = await visit();
  const page = async (userId: string, lang: string) =>
    render(await get(`/events/${v.event.slug}/outcomes`, { userId, headers: { "Accept-Language": lang } }), "events/:slug/outcomes", outcomesPage as unknown as RouteModule);

  const zh = await page(v.organizer.id, "zh-CN");
  expect(zh.status).toBe(200);
  expect(zh.html).toContain("会谈成果");
  expect(zh.html).toContain("2 项待办 · 0 项已完成");
  expect(zh.html).toContain("记录会议纪要");
  expect(zh.html).toContain("添加后续事项");
  expect(zh.html).toContain('name="intent" value="addAction"');
  expect(zh.html).toContain('list="outcomes-staff"');
  expect(zh.html).toContain("<strong>共识</strong>");
  expect(zh.html).not.toContain("<script>alert");

  const en = await page(v.organizer.id, "en");
  expect(en.html).toContain("Follow-up actions");
  expect(en.html).toContain("2 open · 0 done");
  expect(en.html).toContain("Mark done: Agree the list of major projects");

  const host = await page(v.host.id, "en");
  expect(host.html).toContain("Meeting notes");
  expect(host.html).not.toContain('value="addNote"');
  expect(host.html).not.toContain('value="deleteAction"');
  expect(host.html).not.toContain("Mark done: Agree the list of major projects");
  expect(host.html).toContain("Mark done: 起草共建方案");

  const owner = await page(v.owner.id, "en");
  expect(owner.html).toContain("Only the follow-up actions you own are listed here.");
  expect(owner.html).not.toContain("Meeting notes");
  expect(owner.html).toContain("Mark done: Agree the list of major projects");
});
