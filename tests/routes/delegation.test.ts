import { expect, test } from "vitest";

import { addMember, MemberSchema } from "~/models/delegation.server";
import { action, loader } from "~/routes/events.$slug.delegation";
import { action as editAction } from "~/routes/events.$slug.edit";
import { action as importAction, loader as importLoader } from "~/routes/events.$slug.delegation_.import";
import { loader as templateLoader } from "~/routes/events.$slug.delegation_.template[.]csv";
import { prisma } from "~/utils/db.server";
import { translate } from "~/utils/i18n";

import { createEvent, createUser } from "../factories";
import { get, post, routeArgs, sessionCookieFor, settle, statusOf } from "../request";

const ORIGIN = "http://localhost:3000";

async function visit() {
  const organizer = await createUser({ password: null, roles: ["organizer", "staff"] });
  const event = await createEvent({ kind: "PARTNERSHIP_VISIT", audience: "INVITE_ONLY", organizerIds: [organizer.id] });
  return { organizer, event };
}

let n = 0;
const email = () => `guest.${Date.now().toString(36)}.${++n}@zju.example`;

const page = (slug: string, userId?: string, query = "") => settle(async () => loader(routeArgs(await get(`/events/${slug}/delegation${query}`, { userId }), { slug })));
const act = (slug: string, fields: Record<string, string>, userId?: string) =>
  settle(async () => action(routeArgs(await post(`/events/${slug}/delegation`, fields, { userId, headers: { "Accept-Language": "en" } }), { slug })));

/** A real multipart upload to the import page, as the browser's form sends it. */
async function upload(slug: string, text: string, userId: string) {
  const form = new FormData();
  form.append("intent", "preview");
  form.append("file", new File([text], "delegation.csv", { type: "text/csv" }));
  const request = new Request(`${ORIGIN}/events/${slug}/delegation/import`, { method: "POST", body: form, headers: { Cookie: await sessionCookieFor(userId), "Accept-Language": "en" } });
  return settle(async () => importAction(routeArgs(request, { slug })));
}
const confirm = (slug: string, token: string, userId: string) => settle(async () => importAction(routeArgs(await post(`/events/${slug}/delegation/import`, { intent: "confirm", token }, { userId }), { slug })));

async function footprint() {
  return { users: await prisma.user.count(), members: await prisma.delegationMember.count(), registrations: await prisma.registration.count(), audit: await prisma.auditLog.count() };
}

type Payload = { form?: string; ok?: boolean; error?: string; message?: string; result?: { error?: Record<string, string[] | null> } };
const payloadOf = (outcome: unknown) => (outcome as { data: Payload }).data;

test("staff, a host of the visit and another event's organizer get 403 on every page and every action, and nothing changes", async () => {
  const { organizer, event } = await visit();
  const added = await addMember(organizer.id, event.id, MemberSchema.parse({ nameZh: "吴朝晖", email: email() }));
  if (!added.ok) throw new Error("setup");
  const memberId = added.member.id;
  const staff = await createUser({ password: null });
  const host = await createUser({ password: null });
  await prisma.visitHost.create({ data: { eventId: event.id, userId: host.id } });
  const { organizer: otherOrganizer } = await visit();
  const guest = await prisma.user.findUniqueOrThrow({ where: { id: added.member.userId } });
  const before = await footprint();
  const posts: Array<Record<string, string>> = [
    { intent: "organisation", organisationZh: "浙江大学" },
    { intent: "add", nameZh: "王立忠" },
    { intent: "edit", memberId, nameZh: "改名" },
    { intent: "remove", memberId },
    { intent: "move", memberId, direction: "down" },
    { intent: "nonsense" },
  ];
  for (const userId of [staff.id, host.id, otherOrganizer.id, guest.id]) {
    expect(statusOf((await page(event.slug, userId)).thrown)).toBe(403);
    for (const fields of posts) expect(statusOf((await act(event.slug, fields, userId)).thrown), `${fields.intent}`).toBe(403);
    expect(statusOf((await settle(async () => importLoader(routeArgs(await get(`/events/${event.slug}/delegation/import`, { userId }), { slug: event.slug })))).thrown)).toBe(403);
    expect(statusOf((await upload(event.slug, "中文名\r\n王立忠\r\n", userId)).thrown)).toBe(403);
    expect(statusOf((await confirm(event.slug, "d1.x.y", userId)).thrown)).toBe(403);
    const template = await settle(async () => templateLoader(routeArgs(await get(`/events/${event.slug}/delegation/template.csv`, { userId }), { slug: event.slug })));
    expect(statusOf(template.thrown)).toBe(403);
  }
  // signed out: to the sign-in page
  expect(statusOf((await page(event.slug)).thrown)).toBe(302);
  expect(statusOf((await act(event.slug, posts[1]!)).thrown)).toBe(302);
  expect(await footprint()).toEqual(before);
});

test("an event that is not a visit is a 404 for its own organizer, on the pages, the actions and the template", async () => {
  const organizer = await createUser({ password: null, roles: ["organizer", "staff"] });
  const conference = await createEvent({ organizerIds: [organizer.id] });
  const before = await footprint();
  const notVisit = (outcome: { thrown: unknown }) => {
    expect(statusOf(outcome.thrown)).toBe(404);
  };
  notVisit(await page(conference.slug, organizer.id));
  notVisit(await act(conference.slug, { intent: "add", nameZh: "王立忠" }, organizer.id));
  notVisit(await settle(async () => importLoader(routeArgs(await get(`/events/${conference.slug}/delegation/import`, { userId: organizer.id }), { slug: conference.slug }))));
  notVisit(await upload(conference.slug, "中文名\r\n王立忠\r\n", organizer.id));
  const template = await settle(async () => templateLoader(routeArgs(await get(`/events/${conference.slug}/delegation/template.csv`, { userId: organizer.id }), { slug: conference.slug })));
  expect(statusOf(template.thrown)).toBe(404);
  expect(await (template.thrown as Response).json()).toEqual({ error: translate("zh-CN", "delegation.notVisit"), messageKey: "delegation.notVisit" });
  notVisit(await page("no-such-event", organizer.id));
  expect(await footprint()).toEqual(before);
});

test("bad input is a 400 with a translatable message and writes nothing; unknown members are 404s; a staff email is a 409", async () => {
  const { organizer, event } = await visit();
  const staff = await createUser({ email: `staff.${Date.now()}@lab.example` });
  const before = await footprint();
  const fieldErrors = (outcome: { returned: unknown }) => payloadOf(outcome.returned).result?.error ?? {};

  const nameless = await act(event.slug, { intent: "add", nameZh: " ", nameEn: "", email: "" }, organizer.id);
  expect(statusOf(nameless.returned)).toBe(400);
  expect(fieldErrors(nameless)).toMatchObject({ nameZh: ["delegation.error.nameRequired"] });
  expect(translate("en", "delegation.error.nameRequired")).toBe("Enter a name in Chinese or English.");
  const badEmail = await act(event.slug, { intent: "add", nameZh: "王立忠", email: "wang@@zju", phone: "x".repeat(41) }, organizer.id);
  expect(statusOf(badEmail.returned)).toBe(400);
  expect(fieldErrors(badEmail)).toMatchObject({ email: ["delegation.error.email"], phone: ["form.tooLong"] });
  const noOrganisation = await act(event.slug, { intent: "organisation", organisationZh: "", organisationEn: "" }, organizer.id);
  expect(statusOf(noOrganisation.returned)).toBe(400);
  expect(fieldErrors(noOrganisation)).toMatchObject({ organisationZh: ["delegation.error.organisationRequired"] });

  const badMove = await act(event.slug, { intent: "move", memberId: "x", direction: "sideways" }, organizer.id);
  expect(statusOf(badMove.returned)).toBe(400);
  expect(payloadOf(badMove.returned)).toMatchObject({ ok: false, error: "delegation.error.direction" });
  const noPlace = await act(event.slug, { intent: "move", memberId: "x", to: "0" }, organizer.id);
  expect(statusOf(noPlace.returned)).toBe(400);
  const noMember = await act(event.slug, { intent: "remove" }, organizer.id);
  expect(statusOf(noMember.returned)).toBe(400);
  expect(payloadOf(noMember.returned).error).toBe("delegation.error.memberMissing");
  expect(statusOf((await act(event.slug, { intent: "edit", nameZh: "王立忠" }, organizer.id)).thrown)).toBe(400);
  expect(statusOf((await act(event.slug, { intent: "nonsense" }, organizer.id)).thrown)).toBe(400);
  expect(statusOf((await act(event.slug, {}, organizer.id)).thrown)).toBe(400);

  expect(statusOf((await act(event.slug, { intent: "remove", memberId: "nobody" }, organizer.id)).returned)).toBe(404);
  expect(statusOf((await act(event.slug, { intent: "move", memberId: "nobody", direction: "up" }, organizer.id)).returned)).toBe(404);
  expect(statusOf((await act(event.slug, { intent: "edit", memberId: "nobody", nameZh: "王立忠" }, organizer.id)).thrown)).toBe(404);

  const staffEmail = await act(event.slug, { intent: "add", nameZh: "同事", email: staff.email }, organizer.id);
  expect(statusOf(staffEmail.returned)).toBe(409);
  expect(fieldErrors(staffEmail)).toMatchObject({ email: ["delegation.error.emailIsStaff"] });
  expect(await footprint()).toEqual(before);
});

test("the organizer adds, edits, moves and removes through the actions, and the page shows the members in order", async () => {
  const { organizer, event } = await visit();
  const done = async (outcome: { returned: unknown }, what: string) => {
    expect(statusOf(outcome.returned)).toBe(302);
    expect((outcome.returned as Response).headers.get("Location")).toBe(`/events/${event.slug}/delegation?done=${what}#members-heading`);
  };
  await done(await act(event.slug, { intent: "organisation", organisationZh: "浙江大学", organisationEn: "Zhejiang University" }, organizer.id), "organisation");
  await done(await act(event.slug, { intent: "add", nameZh: "王立忠", nameEn: "Wang Lizhong", titleZh: "副校长", email: email() }, organizer.id), "added");
  await done(await act(event.slug, { intent: "add", nameZh: "吴朝晖", nameEn: "Wu Zhaohui", titleZh: "校长", isLeader: "on" }, organizer.id), "added");
  let data = (await page(event.slug, organizer.id, "?done=added")).returned as Awaited<ReturnType<typeof loader>>;
  expect(data.done).toBe("added");
  expect(data.organisation).toEqual({ zh: "浙江大学", en: "Zhejiang University" });
  expect(data.members.map((m) => [m.precedence, m.nameZh, m.isLeader, m.admitted, m.organisationZh])).toEqual([
    [1, "王立忠", false, true, "浙江大学"],
    [2, "吴朝晖", true, true, "浙江大学"],
  ]);
  const [wang, wu] = data.members;

  const moved = await act(event.slug, { intent: "move", memberId: wu!.id, direction: "up" }, organizer.id);
  expect(payloadOf(moved.returned)).toEqual({ form: "move", ok: true, message: "Wu Zhaohui is now number 1.", quiet: true });
  const dragged = await act(event.slug, { intent: "move", memberId: wu!.id, to: "2" }, organizer.id);
  expect(payloadOf(dragged.returned)).toMatchObject({ ok: true, quiet: true });
  const atEnd = await act(event.slug, { intent: "move", memberId: wu!.id, direction: "down" }, organizer.id);
  expect(payloadOf(atEnd.returned)).toMatchObject({ ok: true, quiet: false, message: "Wu Zhaohui stays number 2." });

  await done(await act(event.slug, { intent: "edit", memberId: wang!.id, nameZh: "王立忠", nameEn: "Wang Li-zhong", dietaryNeeds: "清真" }, organizer.id), "updated");
  data = (await page(event.slug, organizer.id, `?edit=${wang!.id}`)).returned as Awaited<ReturnType<typeof loader>>;
  expect(data.editing).toMatchObject({ id: wang!.id, nameEn: "Wang Li-zhong", dietaryNeeds: "清真", titleZh: "" });
  expect((await page(event.slug, organizer.id, "?edit=nobody")).returned).toMatchObject({ editing: null, editMissing: true });

  await done(await act(event.slug, { intent: "remove", memberId: wang!.id }, organizer.id), "removed");
  data = (await page(event.slug, organizer.id)).returned as Awaited<ReturnType<typeof loader>>;
  expect(data.members.map((m) => [m.precedence, m.nameZh])).toEqual([[1, "吴朝晖"]]);

  // an admin, who organizes nothing, may run any visit's delegation
  const admin = await createUser({ password: null, roles: ["admin"] });
  expect(statusOf((await page(event.slug, admin.id)).returned)).toBe(200);
});

test("import through real requests: the preview names the bad line, the fixed file is confirmed and appended; the template downloads", async () => {
  const { organizer, event } = await visit();
  const header = "中文名/Chinese name,英文名/English name,邮箱/Email,团长/Leader";
  const before = await footprint();
  const bad = await upload(event.slug, `\uFEFF${header}\r\n王立忠,Wang Lizhong,${email()},\r\n李兰,Li Lan,li@@zju,\r\n`, organizer.id);
  expect(statusOf(bad.returned)).toBe(200);
  const badData = (bad.returned as { data: { stage: string; token: string | null; preview: { issues: Array<{ line: number; column: string; message: string }> } } }).data;
  expect(badData.token).toBeNull();
  expect(badData.preview.issues).toEqual([{ line: 3, column: "邮箱/Email", message: "This is not a valid email address." }]);
  expect(await footprint()).toEqual(before);

  const unreadable = await upload(event.slug, "邮箱\r\nx@zju.example\r\n", organizer.id);
  expect(statusOf(unreadable.returned)).toBe(400);
  expect((unreadable.returned as { data: { message: string } }).data.message).toContain("The file has no name column.");

  const good = await upload(event.slug, `\uFEFF${header}\r\n王立忠,Wang Lizhong,${email()},\r\n李兰,Li Lan,,是\r\n`, organizer.id);
  const token = (good.returned as { data: { token: string } }).data.token;
  expect(token).toEqual(expect.any(String));
  const confirmed = await confirm(event.slug, token, organizer.id);
  expect(statusOf(confirmed.returned)).toBe(302);
  expect((confirmed.returned as Response).headers.get("Location")).toBe(`/events/${event.slug}/delegation?done=imported&count=2#members-heading`);
  const members = await prisma.delegationMember.findMany({ where: { delegation: { eventId: event.id } }, orderBy: { precedence: "asc" }, select: { nameZh: true, isLeader: true } });
  expect(members).toEqual([
    { nameZh: "王立忠", isLeader: false },
    { nameZh: "李兰", isLeader: true },
  ]);
  expect(statusOf((await confirm(event.slug, token, organizer.id)).returned)).toBe(409);
  expect(statusOf((await confirm(event.slug, "d1.forged.seal", organizer.id)).returned)).toBe(400);

  const template = (await templateLoader(routeArgs(await get(`/events/${event.slug}/delegation/template.csv`, { userId: organizer.id }), { slug: event.slug }))) as Response;
  expect(template.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
  expect(template.headers.get("Content-Disposition")).toContain("attachment");
  const bytes = new Uint8Array(await template.arrayBuffer());
  expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  expect(new TextDecoder().decode(bytes.slice(3))).toMatch(/^中文名\/Chinese name,英文名\/English name,/);
});

test("moving a visit on its edit page moves its visitor badges' window with it", async () => {
  const { organizer, event } = await visit();
  const added = await addMember(organizer.id, event.id, MemberSchema.parse({ nameZh: "罗卫东", email: email() }));
  if (!added.ok) throw new Error("member not added");
  const window = async () => prisma.badge.findFirstOrThrow({ where: { eventId: event.id, ribbon: "VISITOR" }, select: { validFrom: true, validUntil: true } });
  const before = await window();
  const fields = {
    intent: "details",
    kind: "PARTNERSHIP_VISIT",
    titleZh: "浙江大学校长来访",
    titleEn: "Visit of the President of Zhejiang University",
    startsAt: "2028-04-20T09:00",
    endsAt: "2028-04-20T17:00",
    timeZone: "Asia/Shanghai",
    audience: "INVITE_ONLY",
  };
  const response = await editAction(routeArgs(await post(`/events/${event.slug}/edit`, fields, { userId: organizer.id }), { slug: event.slug }));
  expect(statusOf(response as Response)).toBe(302);
  const after = await window();
  expect(after.validUntil).toEqual(new Date("2028-04-20T09:00:00Z"));
  expect(after.validFrom!.getTime()).toBeLessThanOrEqual(new Date("2028-04-20T01:00:00Z").getTime());
  expect(after).not.toEqual(before);
});
