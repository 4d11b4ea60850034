import { expect, test } from "vitest";

import { createEvent, createUser } from "../factories";
import { get, post, routeArgs, settle, statusOf } from "../request";
import { badgePayload, getOrIssueBadge, revokeAndReissue } from "~/models/badge.server";
import { issueGuestLink, revokeGuestLinks } from "~/models/guest-link.server";
import * as guestPage from "~/routes/guest.$token";
import * as peoplePage from "~/routes/events.$slug.people";
import * as peopleVcf from "~/routes/events.$slug.people[.]vcf";
import * as scanPage from "~/routes/events.$slug.scan";
import { prisma } from "~/utils/db.server";

async function attendee(eventId: string, options: Parameters<typeof createUser>[0] = {}) {
  const user = await createUser(options);
  await prisma.registration.create({ data: { eventId, userId: user.id, status: "CONFIRMED" } });
  const badge = (await getOrIssueBadge(eventId, user.id))!;
  return { user, badge, payload: badgePayload(badge.token) };
}

async function conference() {
  const event = await createEvent({ titleZh: "2027 年度大会", titleEn: "2027 Annual Conference" });
  const hire = await attendee(event.id, { nameZh: "刘洋", nameEn: "Liu Yang", pinyin: "Liu Yang", recruitmentBatch: "2026-5", locale: "zh-CN" });
  const colleague = await attendee(event.id, { nameZh: "王小明", nameEn: "Wang Xiaoming", pinyin: "Wang Xiaoming", titleZh: "研究员", titleEn: "Researcher" });
  const second = await attendee(event.id, { nameZh: "欧阳修", nameEn: "Ouyang Xiu", pinyin: "Ouyang Xiu" });
  return { event, hire, colleague, second };
}

const scan = async (slug: string, code: string, userId?: string, intent = "scan") =>
  settle(async () => scanPage.action(routeArgs(await post(`/events/${slug}/scan`, { intent, code }, { userId }), { slug })));

type Answer = { outcome: string; message: string; person: { nameZh: string; facts: Array<{ key: string; value: string }> } | null };
const answerOf = (outcome: { returned?: unknown; thrown?: unknown }) => (outcome.returned as { data: Answer }).data;

test("signed out: the scanner, a posted badge, the list and the vCard all redirect to sign-in and reveal nothing", async () => {
  const { event, colleague } = await conference();
  const before = await prisma.connection.count();
  for (const outcome of [
    await settle(async () => scanPage.loader(routeArgs(await get(`/events/${event.slug}/scan`), { slug: event.slug }))),
    await scan(event.slug, colleague.payload),
    await settle(async () => peoplePage.loader(routeArgs(await get(`/events/${event.slug}/people`), { slug: event.slug }))),
    await settle(async () => peopleVcf.loader(routeArgs(await get(`/events/${event.slug}/people.vcf?lang=en`), { slug: event.slug }))),
  ]) {
    const response = outcome.thrown as Response;
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toMatch(/^\/login\?redirectTo=/);
    const text = `${response.headers.get("Location")} ${await response.text()}`;
    for (const secret of ["王小明", "Wang", colleague.badge.token]) expect(text).not.toContain(secret);
  }
  expect(await prisma.connection.count()).toBe(before);
});

test("the scanner page: registrants, organizers and door staff; others get 403 with the reason; unknown or hidden events 404", async () => {
  const door = await createUser();
  const organizer = await createUser();
  const event = await createEvent({ checkinStaffIds: [door.id], organizerIds: [organizer.id] });
  const hire = await attendee(event.id);
  for (const userId of [hire.user.id, door.id, organizer.id]) {
    const loaded = await scanPage.loader(routeArgs(await get(`/events/${event.slug}/scan`, { userId }), { slug: event.slug }));
    expect(loaded).toMatchObject({ event: { slug: event.slug }, count: 0 });
  }
  const stranger = await createUser();
  const refused = await settle(async () => scanPage.loader(routeArgs(await get(`/events/${event.slug}/scan`, { userId: stranger.id }), { slug: event.slug })));
  expect(statusOf(refused.thrown)).toBe(403);
  expect((refused.thrown as { data: unknown }).data).toEqual({ messageKey: "scan.outcome.NOT_REGISTERED" });
  const posted = await scan(event.slug, hire.payload, stranger.id);
  expect(statusOf(posted.thrown)).toBe(403);

  const missing = await settle(async () => scanPage.loader(routeArgs(await get(`/events/nope/scan`, { userId: hire.user.id }), { slug: "nope" })));
  expect(statusOf(missing.thrown)).toBe(404);
  const draft = await createEvent({ status: "DRAFT" });
  const hidden = await settle(async () => scanPage.loader(routeArgs(await get(`/events/${draft.slug}/scan`, { userId: hire.user.id }), { slug: draft.slug })));
  expect(statusOf(hidden.thrown)).toBe(404);
});

test("scanning: a colleague's card (200), again (200), and 400/403/409 for the rest, in the reader's language; never a check-in", async () => {
  const { event, hire, colleague } = await conference();
  const connected = await scan(event.slug, `  ${colleague.payload}\n`, hire.user.id);
  expect(statusOf(connected.returned)).toBe(200);
  expect(answerOf(connected)).toEqual({
    kind: "scan",
    outcome: "CONNECTED",
    message: "已将 王小明 加入“认识的人”。",
    person: { nameZh: "王小明", nameEn: "Wang Xiaoming", pinyin: "Wang Xiaoming", guest: false, facts: [{ key: "title", value: "研究员" }, { key: "email", value: colleague.user.email }] },
  });
  const again = await scan(event.slug, colleague.payload, hire.user.id);
  expect(statusOf(again.returned)).toBe(200);
  expect(answerOf(again).outcome).toBe("ALREADY");

  const elsewhere = await createEvent();
  const stranger = await attendee(elsewhere.id, { nameZh: "陌生人", nameEn: "Stranger" });
  const revoked = await attendee(event.id, { nameZh: "失效者", nameEn: "Revoked Person" });
  await revokeAndReissue(hire.user.id, event.id, revoked.badge.id, "lost");
  for (const [code, status, outcome] of [
    [hire.payload, 409, "SELF"],
    [stranger.payload, 409, "WRONG_EVENT"],
    [revoked.payload, 409, "REVOKED"],
    [`CV1.${"Z".repeat(22)}`, 400, "UNKNOWN"],
    ["WIFI:S:lab;T:WPA;P:secret;;", 400, "NOT_A_CODE"],
    ["https://elsewhere.example/attend/abcdefghijkl", 400, "NOT_A_CODE"],
    ["   ", 400, "EMPTY"],
  ] as const) {
    const outcome_ = await scan(event.slug, code, hire.user.id);
    expect(statusOf(outcome_.returned), code).toBe(status);
    const answer = answerOf(outcome_);
    expect(answer.outcome).toBe(outcome);
    expect(answer.person).toBeNull();
    // another event's badge, or a revoked one, says so and names no one
    expect(JSON.stringify(answer)).not.toMatch(/陌生人|Stranger|失效者|Revoked Person/);
  }
  expect(answerOf(await scan(event.slug, stranger.payload, hire.user.id)).message).toBe("这是另一场活动的胸牌。");

  // a session poster of this site opens its page
  const poster = await scan(event.slug, "http://localhost:3000/attend/Poster_token-123", hire.user.id);
  expect((poster.returned as Response).status).toBe(302);
  expect((poster.returned as Response).headers.get("Location")).toBe("/attend/Poster_token-123");

  for (const bad of [await scan(event.slug, colleague.payload, hire.user.id, "checkin"), await scan(event.slug, "x".repeat(501), hire.user.id)]) {
    expect(statusOf(bad.thrown)).toBe(400);
  }
  expect(await prisma.checkIn.count({ where: { eventId: event.id } })).toBe(0);
  expect(await prisma.checkIn.count({ where: { eventId: elsewhere.id } })).toBe(0);
});

test("a guest who has not opted in is refused with 403 and nothing about them; after opting in on the guest page, 200", async () => {
  const organizer = await createUser();
  const visit = await createEvent({ kind: "PARTNERSHIP_VISIT", audience: "INVITE_ONLY", organizerIds: [organizer.id] });
  const host = await attendee(visit.id, { locale: "en" });
  const delegation = await prisma.delegation.create({ data: { eventId: visit.id, organisationZh: "浙江大学", organisationEn: "Zhejiang University" } });
  const guest = await createUser({ kind: "GUEST", password: null, nameZh: "吴朝晖", nameEn: "Wu Zhaohui" });
  const member = await prisma.delegationMember.create({
    data: { delegationId: delegation.id, userId: guest.id, nameZh: "吴朝晖", nameEn: "Wu Zhaohui", titleZh: "校长", titleEn: "President", organisationZh: "浙江大学", organisationEn: "Zhejiang University", email: "wu@zju.example", precedence: 1 },
  });
  const badge = await prisma.badge.create({ data: { eventId: visit.id, userId: guest.id, token: "RouteGuestBadgeToken01", ribbon: "VISITOR" } });
  const payload = badgePayload(badge.token);

  const refused = await scan(visit.slug, payload, host.user.id);
  expect(statusOf(refused.returned)).toBe(403);
  expect(answerOf(refused)).toEqual({ kind: "scan", outcome: "NOT_OPTED_IN", message: "Cannot add: this badge's holder has not chosen to exchange contacts.", person: null });

  const link = await issueGuestLink(organizer.id, visit.id, member.id, { replace: true });
  if (!link.ok) throw new Error(link.messageKey);
  const page = (await guestPage.loader(routeArgs(await get(`/guest/${link.token}`), { token: link.token }))) as unknown as { data: { badge: { contactOptIn: boolean } } };
  expect(page.data.badge.contactOptIn).toBe(false);
  const bad = await settle(async () => guestPage.action(routeArgs(await post(`/guest/${link.token}`, { intent: "contact-opt-in", optIn: "maybe" }), { token: link.token })));
  expect(statusOf(bad.thrown)).toBe(400);
  const saved = (await guestPage.action(routeArgs(await post(`/guest/${link.token}`, { intent: "contact-opt-in", optIn: "on" }), { token: link.token }))) as Response;
  expect(saved.status).toBe(302);
  expect(saved.headers.get("Location")).toBe(`/guest/${link.token}#contact-heading`);
  expect(saved.headers.get("Referrer-Policy")).toBe("no-referrer");
  const after = (await guestPage.loader(routeArgs(await get(`/guest/${link.token}`), { token: link.token }))) as unknown as { data: { badge: { contactOptIn: boolean } } };
  expect(after.data.badge.contactOptIn).toBe(true);
  expect(await prisma.auditLog.count({ where: { action: "guest.contactOptIn", entityId: member.id } })).toBe(1);

  const connected = await scan(visit.slug, payload, host.user.id);
  expect(statusOf(connected.returned)).toBe(200);
  expect(answerOf(connected).person).toMatchObject({ nameZh: "吴朝晖", guest: true, facts: [{ key: "title", value: "President" }, { key: "organisation", value: "Zhejiang University" }, { key: "email", value: "wu@zju.example" }] });

  // a revoked link changes nothing any more
  await revokeGuestLinks(organizer.id, visit.id, member.id);
  const gone = await guestPage.action(routeArgs(await post(`/guest/${link.token}`, { intent: "contact-opt-in", optIn: "off" }), { token: link.token }));
  expect(statusOf(gone)).toBe(410);
  expect((await prisma.delegationMember.findUniqueOrThrow({ where: { id: member.id } })).contactOptIn).toBe(true);
  expect(await prisma.checkIn.count({ where: { eventId: visit.id } })).toBe(0);
});

test("ten unknown codes in a minute, and the next scan gets 429", async () => {
  const { event, hire, colleague } = await conference();
  for (let i = 0; i < 10; i++) expect(statusOf((await scan(event.slug, `CV1.${"Q".repeat(20)}${String(i).padStart(2, "0")}`, hire.user.id)).returned)).toBe(400);
  const limited = await scan(event.slug, colleague.payload, hire.user.id);
  expect(statusOf(limited.returned)).toBe(429);
  expect(answerOf(limited)).toMatchObject({ outcome: "RATE_LIMITED", message: "无法识别的代码过多，请一分钟后再试。", person: null });
  expect(await prisma.connection.count({ where: { eventId: event.id } })).toBe(0);
});

test("people I met: only one's own list; notes saved (400 when too long, 404 for another's); removal confirmed, both sides gone", async () => {
  const { event, hire, colleague, second } = await conference();
  await scan(event.slug, colleague.payload, hire.user.id);
  await scan(event.slug, second.payload, hire.user.id);
  type Loaded = { people: Array<{ connectionId: string; note: string; name: string; card: { nameZh: string } }>; canScan: boolean };
  const load = async (userId: string, query = "") => (await peoplePage.loader(routeArgs(await get(`/events/${event.slug}/people${query}`, { userId }), { slug: event.slug }))) as unknown as Loaded;
  const mine = await load(hire.user.id);
  expect(mine.canScan).toBe(true);
  expect(mine.people.map((p) => p.card.nameZh).sort()).toEqual(["欧阳修", "王小明"]);
  const theirs = await load(colleague.user.id);
  expect(theirs.people.map((p) => p.card.nameZh)).toEqual(["刘洋"]);
  const toColleague = mine.people.find((p) => p.card.nameZh === "王小明")!.connectionId;
  const toHire = theirs.people[0]!.connectionId;

  const act = async (fields: Record<string, string>, userId: string) => settle(async () => peoplePage.action(routeArgs(await post(`/events/${event.slug}/people`, fields, { userId }), { slug: event.slug })));
  const saved = await act({ intent: "note", connectionId: toColleague, note: "  谈了多模态大模型  " }, hire.user.id);
  expect(saved.returned).toEqual({ intent: "note", connectionId: toColleague, error: null, saved: true });
  expect((await load(hire.user.id)).people.find((p) => p.connectionId === toColleague)!.note).toBe("谈了多模态大模型");
  expect((await load(colleague.user.id)).people[0]!.note).toBe("");
  const tooLong = await act({ intent: "note", connectionId: toColleague, note: "字".repeat(401) }, hire.user.id);
  expect(statusOf(tooLong.returned)).toBe(400);
  expect((tooLong.returned as { data: unknown }).data).toMatchObject({ error: "people.noteTooLong" });
  // someone else's connection id is not found, for reading, writing and removing
  expect(statusOf((await act({ intent: "note", connectionId: toHire, note: "x" }, hire.user.id)).thrown)).toBe(404);
  expect(statusOf((await act({ intent: "delete", connectionId: toHire }, hire.user.id)).thrown)).toBe(404);
  expect(statusOf((await settle(async () => load(hire.user.id, `?remove=${toHire}`))).thrown)).toBe(404);
  expect(statusOf((await act({ intent: "wat" }, hire.user.id)).thrown)).toBe(400);
  expect(statusOf((await act({ intent: "delete" }, hire.user.id)).thrown)).toBe(400);

  // the confirmation step is a GET that changes nothing; the removal is the POST
  expect((await load(colleague.user.id, `?remove=${toHire}`)).people).toHaveLength(1);
  const removed = await act({ intent: "delete", connectionId: toHire }, colleague.user.id);
  expect((removed.returned as Response).headers.get("Location")).toBe(`/events/${event.slug}/people?removed=1`);
  expect((await load(colleague.user.id)).people).toEqual([]);
  expect((await load(hire.user.id)).people.map((p) => p.card.nameZh)).toEqual(["欧阳修"]);
  expect(await prisma.checkIn.count({ where: { eventId: event.id } })).toBe(0);
});

test("the vCard download: attachment, text/vcard UTF-8, both languages with Chinese names right, 400 for another language", async () => {
  const { event, hire, colleague, second } = await conference();
  await scan(event.slug, colleague.payload, hire.user.id);
  await scan(event.slug, second.payload, hire.user.id);
  const download = async (query: string) => peopleVcf.loader(routeArgs(await get(`/events/${event.slug}/people.vcf${query}`, { userId: hire.user.id }), { slug: event.slug }));
  const unfolded = async (response: Response) => (await response.text()).replace(/\r\n[ \t]/g, "").split("\r\n");

  const zh = await download("?lang=zh-CN");
  expect(zh.headers.get("Content-Type")).toBe("text/vcard; charset=utf-8");
  expect(zh.headers.get("Content-Disposition")).toBe(`attachment; filename="people-${event.slug}-zh-CN.vcf"`);
  expect(zh.headers.get("Cache-Control")).toBe("private, no-store");
  const zhLines = await unfolded(zh);
  expect(zhLines).toEqual(expect.arrayContaining(["N:王;小明;;;", "FN:王小明", "N:欧阳;修;;;", "FN:欧阳修", "TITLE:研究员"]));
  expect(zhLines.filter((line) => line === "BEGIN:VCARD")).toHaveLength(2);

  const enLines = await unfolded(await download("?lang=en"));
  expect(enLines).toEqual(expect.arrayContaining(["N:Wang;Xiaoming;;;", "FN:Xiaoming Wang", "N:Ouyang;Xiu;;;", "FN:Xiu Ouyang", "TITLE:Researcher"]));
  // no language asked: the reader's own (zh-CN here)
  expect(await unfolded(await download(""))).toContain("FN:王小明");
  const refused = await settle(async () => download("?lang=fr"));
  expect(statusOf(refused.thrown)).toBe(400);
  // another person's file holds only their own connections
  const other = await attendee(event.id);
  expect(await (await peopleVcf.loader(routeArgs(await get(`/events/${event.slug}/people.vcf`, { userId: other.user.id }), { slug: event.slug }))).text()).toBe("");
});
