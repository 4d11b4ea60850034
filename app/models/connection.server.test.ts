import { expect, test } from "vitest";

import { badgePayload, getOrIssueBadge, revokeAndReissue } from "~/models/badge.server";
import { chineseNameParts, englishNameParts, peopleVcard } from "~/models/contact-vcard.server";
import { connectByBadge, deleteConnection, listConnections, NOTE_MAX, setGuestContactOptIn, updateNote } from "~/models/connection.server";
import { issueGuestLink } from "~/models/guest-link.server";
import { prisma } from "~/utils/db.server";

import { createDepartment, createEvent, createUser } from "../../tests/factories";

async function attendee(eventId: string, options: Parameters<typeof createUser>[0] = {}) {
  const user = await createUser(options);
  await prisma.registration.create({ data: { eventId, userId: user.id, status: "CONFIRMED" } });
  const badge = (await getOrIssueBadge(eventId, user.id))!;
  return { user, badge, payload: badgePayload(badge.token) };
}

async function conference() {
  const department = await createDepartment({ nameZh: "智能计算研究院", nameEn: "Institute of Intelligent Computing" });
  const event = await createEvent({ titleZh: "2027 年度大会", titleEn: "2027 Annual Conference" });
  const hire = await attendee(event.id, { nameZh: "刘洋", nameEn: "Liu Yang", pinyin: "Liu Yang", recruitmentBatch: "2026-5", departmentId: department.id });
  const colleague = await attendee(event.id, { nameZh: "王小明", nameEn: "Wang Xiaoming", pinyin: "Wang Xiaoming", departmentId: department.id, titleZh: "研究员", titleEn: "Researcher" });
  await prisma.staffProfile.update({ where: { userId: colleague.user.id }, data: { phone: "+86 571 5800 1234", employeeNo: `SECRET-${colleague.user.id}` } });
  return { event, department, hire, colleague };
}

const counts = async (eventId: string) => ({
  checkIns: await prisma.checkIn.count({ where: { eventId } }),
  connections: await prisma.connection.count({ where: { eventId } }),
});

test("a scan connects both ways in one go, shows only the directory card, notifies the colleague, and never checks anyone in", async () => {
  const { event, hire, colleague } = await conference();
  const result = await connectByBadge({ scannerId: hire.user.id, eventId: event.id, payload: colleague.payload });
  expect(result.outcome).toBe("CONNECTED");
  if (result.outcome !== "CONNECTED") throw new Error("expected a connection");
  expect(result.person).toEqual({
    userId: colleague.user.id,
    kind: "STAFF",
    nameZh: "王小明",
    nameEn: "Wang Xiaoming",
    pinyin: "Wang Xiaoming",
    departmentZh: "智能计算研究院",
    departmentEn: "Institute of Intelligent Computing",
    titleZh: "研究员",
    titleEn: "Researcher",
    organisationZh: null,
    organisationEn: null,
    email: colleague.user.email,
    phone: "+86 571 5800 1234",
  });
  // nothing beyond the directory: no employee number, hire date, batch or registration answers
  expect(JSON.stringify(result)).not.toContain("SECRET-");

  const rows = await prisma.connection.findMany({ where: { eventId: event.id }, select: { fromUserId: true, toUserId: true } });
  expect(rows).toHaveLength(2);
  expect(rows).toEqual(expect.arrayContaining([{ fromUserId: hire.user.id, toUserId: colleague.user.id }, { fromUserId: colleague.user.id, toUserId: hire.user.id }]));
  const notes = await prisma.notification.findMany({ where: { userId: colleague.user.id }, select: { kind: true, payload: true } });
  expect(notes).toHaveLength(1);
  expect(notes[0]!.kind).toBe("CONNECTION_MADE");
  expect(JSON.parse(notes[0]!.payload)).toEqual({ eventSlug: event.slug, eventTitleZh: "2027 年度大会", eventTitleEn: "2027 Annual Conference", nameZh: "刘洋", nameEn: "Liu Yang" });
  expect(await prisma.auditLog.count({ where: { action: "connection.create", actorId: hire.user.id } })).toBe(1);

  // again, from either side: already connected, no new rows, no second notification
  expect((await connectByBadge({ scannerId: hire.user.id, eventId: event.id, payload: colleague.payload })).outcome).toBe("ALREADY");
  expect((await connectByBadge({ scannerId: colleague.user.id, eventId: event.id, payload: hire.payload })).outcome).toBe("ALREADY");
  expect(await counts(event.id)).toEqual({ checkIns: 0, connections: 2 });
  expect(await prisma.notification.count({ where: { userId: { in: [hire.user.id, colleague.user.id] } } })).toBe(1);
  // the colleague sees the hire in their own list
  expect((await listConnections(colleague.user.id, event.id)).map((met) => met.person.nameZh)).toEqual(["刘洋"]);
});

test("two people scanning each other at the same moment make one pair of rows", async () => {
  const { event, hire, colleague } = await conference();
  const outcomes = await Promise.all([
    connectByBadge({ scannerId: hire.user.id, eventId: event.id, payload: colleague.payload }),
    connectByBadge({ scannerId: colleague.user.id, eventId: event.id, payload: hire.payload }),
  ]);
  expect(outcomes.map((o) => o.outcome).sort()).toEqual(expect.arrayContaining(["CONNECTED"]));
  expect(outcomes.every((o) => o.outcome === "CONNECTED" || o.outcome === "ALREADY")).toBe(true);
  expect(await counts(event.id)).toEqual({ checkIns: 0, connections: 2 });
});

test("bad scans are answers that reveal nothing: self, unknown, another event, revoked, unregistered scanner", async () => {
  const { event, hire, colleague } = await conference();
  expect(await connectByBadge({ scannerId: hire.user.id, eventId: event.id, payload: hire.payload })).toEqual({ outcome: "SELF" });
  for (const junk of ["", "hello", "CV1.", `${colleague.payload}x`, "https://example.com/CV1.abc", "\u0000\u00ff"]) {
    expect(await connectByBadge({ scannerId: hire.user.id, eventId: event.id, payload: junk })).toEqual({ outcome: "UNKNOWN" });
  }
  const elsewhere = await createEvent({ titleZh: "另一场活动", titleEn: "Another event" });
  const stranger = await attendee(elsewhere.id);
  // only "another event": not its name, not the person
  expect(await connectByBadge({ scannerId: hire.user.id, eventId: event.id, payload: stranger.payload })).toEqual({ outcome: "WRONG_EVENT" });

  const revoked = await attendee(event.id);
  await revokeAndReissue(hire.user.id, event.id, revoked.badge.id, "lost");
  expect(await connectByBadge({ scannerId: hire.user.id, eventId: event.id, payload: revoked.payload })).toEqual({ outcome: "REVOKED" });
  const cancelled = await attendee(event.id);
  await prisma.registration.update({ where: { eventId_userId: { eventId: event.id, userId: cancelled.user.id } }, data: { status: "CANCELLED" } });
  expect(await connectByBadge({ scannerId: hire.user.id, eventId: event.id, payload: cancelled.payload })).toEqual({ outcome: "REVOKED" });

  // the scanner must be a confirmed registrant, an organizer or check-in staff of this event
  const outsider = await createUser();
  expect(await connectByBadge({ scannerId: outsider.id, eventId: event.id, payload: colleague.payload })).toEqual({ outcome: "NOT_REGISTERED" });
  const waiting = await createUser();
  await prisma.registration.create({ data: { eventId: event.id, userId: waiting.id, status: "WAITLISTED", waitlistedAt: new Date() } });
  expect(await connectByBadge({ scannerId: waiting.id, eventId: event.id, payload: colleague.payload })).toEqual({ outcome: "NOT_REGISTERED" });
  const door = await createUser();
  const organizer = await createUser();
  const staffed = await createEvent({ checkinStaffIds: [door.id], organizerIds: [organizer.id] });
  const guestOfStaffed = await attendee(staffed.id);
  expect((await connectByBadge({ scannerId: door.id, eventId: staffed.id, payload: guestOfStaffed.payload })).outcome).toBe("CONNECTED");
  expect((await connectByBadge({ scannerId: organizer.id, eventId: staffed.id, payload: guestOfStaffed.payload })).outcome).toBe("CONNECTED");

  expect(await counts(event.id)).toEqual({ checkIns: 0, connections: 0 });
  expect(await prisma.checkIn.count({ where: { eventId: staffed.id } })).toBe(0);
});

test("unknown codes are rate-limited per person: the eleventh in a minute is refused, even a real badge, until the minute is over", async () => {
  const { event, hire, colleague } = await conference();
  const start = new Date("2027-01-15T09:00:00+08:00");
  for (let i = 0; i < 10; i++) {
    expect((await connectByBadge({ scannerId: hire.user.id, eventId: event.id, payload: `CV1.${"A".repeat(21)}${i}`, now: start })).outcome).toBe("UNKNOWN");
  }
  expect((await connectByBadge({ scannerId: hire.user.id, eventId: event.id, payload: colleague.payload, now: start })).outcome).toBe("RATE_LIMITED");
  // someone else is not held up
  expect((await connectByBadge({ scannerId: colleague.user.id, eventId: event.id, payload: hire.payload, now: start })).outcome).toBe("CONNECTED");
  const later = new Date(start.getTime() + 61_000);
  expect((await connectByBadge({ scannerId: hire.user.id, eventId: event.id, payload: colleague.payload, now: later })).outcome).toBe("ALREADY");
});

test("a guest is scannable only after opting in on their own page, and the choice is audited", async () => {
  const organizer = await createUser();
  const visit = await createEvent({ kind: "PARTNERSHIP_VISIT", audience: "INVITE_ONLY", organizerIds: [organizer.id] });
  const host = await attendee(visit.id);
  const delegation = await prisma.delegation.create({ data: { eventId: visit.id, organisationZh: "浙江大学", organisationEn: "Zhejiang University" } });
  const guest = await createUser({ kind: "GUEST", password: null, nameZh: "吴朝晖", nameEn: "Wu Zhaohui" });
  const member = await prisma.delegationMember.create({
    data: { delegationId: delegation.id, userId: guest.id, nameZh: "吴朝晖", nameEn: "Wu Zhaohui", titleZh: "校长", titleEn: "President", organisationZh: "浙江大学", organisationEn: "Zhejiang University", email: "wu@zju.example", phone: "+86 139 0000 0000", dietaryNeeds: "素食", precedence: 1 },
  });
  const badge = await prisma.badge.create({ data: { eventId: visit.id, userId: guest.id, token: "GuestBadgeToken0123456", ribbon: "VISITOR" } });
  const payload = badgePayload(badge.token);

  expect(await connectByBadge({ scannerId: host.user.id, eventId: visit.id, payload })).toEqual({ outcome: "NOT_OPTED_IN" });
  const link = await issueGuestLink(organizer.id, visit.id, member.id, { replace: true });
  if (!link.ok) throw new Error(link.messageKey);
  expect(await setGuestContactOptIn(link.token, true)).toEqual({ status: "saved", optIn: true });
  expect(await setGuestContactOptIn(link.token, true)).toEqual({ status: "saved", optIn: true });
  expect(await prisma.auditLog.count({ where: { action: "guest.contactOptIn", entityId: member.id } })).toBe(1);
  expect(await setGuestContactOptIn("not-a-token", true)).toEqual({ status: "malformed" });

  const result = await connectByBadge({ scannerId: host.user.id, eventId: visit.id, payload });
  if (result.outcome !== "CONNECTED") throw new Error(result.outcome);
  // the guest's card: the delegation's title, organisation and email; never the phone or dietary needs
  expect(result.person).toMatchObject({ kind: "GUEST", nameZh: "吴朝晖", titleEn: "President", organisationZh: "浙江大学", email: "wu@zju.example", phone: null });
  expect(JSON.stringify(result)).not.toContain("素食");
  // guests keep no list: only the host's row, and no notification for a guest
  expect(await prisma.connection.count({ where: { eventId: visit.id } })).toBe(1);
  expect(await prisma.notification.count({ where: { userId: guest.id } })).toBe(0);

  await setGuestContactOptIn(link.token, false);
  expect(await prisma.auditLog.count({ where: { action: "guest.contactOptOut", entityId: member.id } })).toBe(1);
  expect(await connectByBadge({ scannerId: host.user.id, eventId: visit.id, payload })).toEqual({ outcome: "NOT_OPTED_IN" });
  expect(await prisma.checkIn.count({ where: { eventId: visit.id } })).toBe(0);
});

test("notes are private to their writer and at most 400 characters; removing ends the connection for both sides", async () => {
  const { event, hire, colleague } = await conference();
  const made = await connectByBadge({ scannerId: hire.user.id, eventId: event.id, payload: colleague.payload });
  if (made.outcome !== "CONNECTED") throw new Error(made.outcome);
  const [theirs] = await listConnections(colleague.user.id, event.id);

  expect(await updateNote(hire.user.id, event.id, made.connectionId, "谈了多模态大模型，下周约饭")).toBe(true);
  expect(await updateNote(colleague.user.id, event.id, theirs!.connectionId, "new hire, GPU cluster questions")).toBe(true);
  expect((await listConnections(hire.user.id, event.id))[0]!.note).toBe("谈了多模态大模型，下周约饭");
  expect((await listConnections(colleague.user.id, event.id))[0]!.note).toBe("new hire, GPU cluster questions");
  // not the writer's row: nothing changes
  expect(await updateNote(colleague.user.id, event.id, made.connectionId, "overwritten")).toBe(false);
  expect(await updateNote(hire.user.id, "another-event", made.connectionId, "overwritten")).toBe(false);
  expect((await listConnections(hire.user.id, event.id))[0]!.note).toBe("谈了多模态大模型，下周约饭");
  await expect(updateNote(hire.user.id, event.id, made.connectionId, "字".repeat(NOTE_MAX + 1))).rejects.toThrow(RangeError);
  expect(await updateNote(hire.user.id, event.id, made.connectionId, "字".repeat(NOTE_MAX))).toBe(true);

  // someone else cannot remove it; the scanned colleague can, and it goes from both lists
  const other = await attendee(event.id);
  expect(await deleteConnection(other.user.id, event.id, theirs!.connectionId)).toBe(false);
  expect(await deleteConnection(colleague.user.id, event.id, theirs!.connectionId)).toBe(true);
  expect(await prisma.connection.count({ where: { eventId: event.id } })).toBe(0);
  expect(await listConnections(hire.user.id, event.id)).toEqual([]);
  expect(await deleteConnection(colleague.user.id, event.id, theirs!.connectionId)).toBe(false);
  expect(await prisma.auditLog.count({ where: { action: "connection.delete", actorId: colleague.user.id } })).toBe(1);
});

// ───────────────────────────── vCard ─────────────────────────────

/** The file's content lines, unfolded per RFC 6350 §3.2, checked without any vCard library. */
function unfold(text: string) {
  expect(text.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);
  for (const physical of text.split("\r\n")) expect(Buffer.byteLength(physical)).toBeLessThanOrEqual(75);
  return text.replace(/\r\n[ \t]/g, "").split("\r\n").filter(Boolean);
}

function cards(text: string) {
  const result: Array<Map<string, string[]>> = [];
  let current: Map<string, string[]> | null = null;
  for (const line of unfold(text)) {
    if (line === "BEGIN:VCARD") current = new Map();
    else if (line === "END:VCARD") {
      result.push(current!);
      current = null;
    } else {
      const colon = line.indexOf(":");
      const name = line.slice(0, colon).split(";")[0]!;
      current!.set(name, [...(current!.get(name) ?? []), line.slice(colon + 1)]);
    }
  }
  expect(current).toBeNull();
  return result;
}

test("names split the Chinese way: surname first and no space in Chinese, given name first in English", () => {
  expect(chineseNameParts("王小明")).toEqual({ family: "王", given: "小明", full: "王小明" });
  expect(chineseNameParts("欧阳修")).toEqual({ family: "欧阳", given: "修", full: "欧阳修" });
  expect(chineseNameParts("欧阳")).toEqual({ family: "欧", given: "阳", full: "欧阳" });
  expect(chineseNameParts("约翰·史密斯")).toEqual({ family: "史密斯", given: "约翰", full: "约翰·史密斯" });
  expect(englishNameParts("Wang Xiaoming", "王小明")).toEqual({ family: "Wang", given: "Xiaoming", full: "Xiaoming Wang" });
  expect(englishNameParts("Ouyang Xiu", "欧阳修")).toEqual({ family: "Ouyang", given: "Xiu", full: "Xiu Ouyang" });
  expect(englishNameParts("John Smith", "约翰·史密斯")).toEqual({ family: "Smith", given: "John", full: "John Smith" });
  expect(englishNameParts("Madonna", "麦当娜")).toEqual({ family: "Madonna", given: "", full: "Madonna" });
});

test("the vCard export: both languages, Chinese names right, only directory fields, the private note, CRLF and folded lines", async () => {
  const { event, hire, colleague } = await conference();
  const made = await connectByBadge({ scannerId: hire.user.id, eventId: event.id, payload: colleague.payload });
  if (made.outcome !== "CONNECTED") throw new Error(made.outcome);
  const note = "谈了多模态大模型；下周三一起吃饭, 记得带论文\n第二行".repeat(4);
  await updateNote(hire.user.id, event.id, made.connectionId, note);
  const institution = { nameZh: "之江实验室", nameEn: "Zhejiang Lab" };
  const people = await listConnections(hire.user.id, event.id);

  const zh = peopleVcard(people, "zh-CN", institution);
  expect(zh.endsWith("\r\n")).toBe(true);
  const [card] = cards(zh);
  expect(card!.get("VERSION")).toEqual(["3.0"]);
  expect(card!.get("N")).toEqual(["王;小明;;;"]);
  expect(card!.get("FN")).toEqual(["王小明"]);
  expect(card!.get("X-PHONETIC-LAST-NAME")).toEqual(["Wang"]);
  expect(card!.get("X-PHONETIC-FIRST-NAME")).toEqual(["Xiaoming"]);
  expect(card!.get("SORT-STRING")).toEqual(["Wang Xiaoming"]);
  expect(card!.get("ORG")).toEqual(["之江实验室;智能计算研究院"]);
  expect(card!.get("TITLE")).toEqual(["研究员"]);
  expect(card!.get("EMAIL")).toEqual([colleague.user.email]);
  expect(card!.get("TEL")).toEqual(["+86 571 5800 1234"]);
  expect(card!.get("NOTE")).toEqual([note.replace(/;/g, "\\;").replace(/,/g, "\\,").replace(/\n/g, "\\n")]);
  expect(zh).not.toContain("SECRET-");

  const en = cards(peopleVcard(people, "en", institution))[0]!;
  expect(en.get("N")).toEqual(["Wang;Xiaoming;;;"]);
  expect(en.get("FN")).toEqual(["Xiaoming Wang"]);
  expect(en.get("ORG")).toEqual(["Zhejiang Lab;Institute of Intelligent Computing"]);
  expect(en.get("TITLE")).toEqual(["Researcher"]);
  expect(peopleVcard([], "en", institution)).toBe("");
});

test("a delegate of two visits is scannable at each only as that visit's opt-in says, with that visit's card", async () => {
  const organizer = await createUser();
  const guest = await createUser({ kind: "GUEST", password: null, nameZh: "吴朝晖", nameEn: "Wu Zhaohui" });
  const visitOf = async (titleEn: string, contactOptIn: boolean) => {
    const visit = await createEvent({ kind: "PARTNERSHIP_VISIT", audience: "INVITE_ONLY", organizerIds: [organizer.id] });
    const host = await attendee(visit.id);
    const delegation = await prisma.delegation.create({ data: { eventId: visit.id, organisationZh: "浙江大学", organisationEn: "Zhejiang University" } });
    await prisma.delegationMember.create({ data: { delegationId: delegation.id, userId: guest.id, nameZh: "吴朝晖", nameEn: "Wu Zhaohui", titleEn, precedence: 1, contactOptIn } });
    await prisma.registration.create({ data: { eventId: visit.id, userId: guest.id, status: "CONFIRMED" } });
    const badge = (await getOrIssueBadge(visit.id, guest.id))!;
    return { visit, host, payload: badgePayload(badge.token), ribbon: badge.ribbon };
  };
  const opted = await visitOf("President", true);
  const closed = await visitOf("President Emeritus", false);
  // each badge is a visitor's badge of its own visit
  expect([opted.ribbon, closed.ribbon]).toEqual(["VISITOR", "VISITOR"]);

  const result = await connectByBadge({ scannerId: opted.host.user.id, eventId: opted.visit.id, payload: opted.payload });
  if (result.outcome !== "CONNECTED") throw new Error(result.outcome);
  expect(result.person).toMatchObject({ kind: "GUEST", titleEn: "President" });
  // the opt-in of one visit says nothing of the other
  expect(await connectByBadge({ scannerId: closed.host.user.id, eventId: closed.visit.id, payload: closed.payload })).toEqual({ outcome: "NOT_OPTED_IN" });
  // the card in a list is the card of the visit the list is for
  expect((await listConnections(opted.host.user.id, opted.visit.id)).map((met) => met.person.titleEn)).toEqual(["President"]);
});
