import { expect, test } from "vitest";

import {
  countFollowUps,
  countsLabel,
  createFollowUp,
  createNote,
  deleteFollowUp,
  deleteNote,
  dueDateFromInput,
  dueDateInput,
  FollowUpSchema,
  isOverdue,
  loadOutcomes,
  myFollowUps,
  myFollowUpTexts,
  NoteSchema,
  outcomeAccess,
  outcomeSummary,
  setFollowUpStatus,
  updateFollowUp,
  updateNote,
} from "~/models/visit-outcome.server";
import { prisma } from "~/utils/db.server";
import { sessionUserSelect, type SessionUser } from "~/utils/session.server";

import { createUser } from "../../tests/factories";
import { createVisitWithMeeting } from "../../tests/visit-fixtures";


async function sessionUser(id: string) {
  return prisma.user.findUniqueOrThrow({ where: { id }, select: sessionUserSelect }) as Promise<SessionUser>;
}

async function visit(timeZone = "Asia/Shanghai") {
  const fixture = await createVisitWithMeeting({ timeZone });
  const owner = await createUser({ nameZh: "潘云鹤", nameEn: "Pan Yunhe", email: `owner-${Date.now()}-${Math.random()}@lab.example` });
  return { ...fixture, owner };
}

const actionInput = (owner: string, overrides: Partial<{ titleZh: string; titleEn: string; dueDate: string | null }> = {}) => ({
  titleZh: "确定重大项目清单",
  titleEn: "Agree the list of major projects",
  owner,
  dueDate: "2027-03-31",
  ...overrides,
});

const auditOf = (entityId: string) => prisma.auditLog.findMany({ where: { entityId }, orderBy: { createdAt: "asc" }, select: { action: true, actorId: true, metadata: true } });

test("the forms' schemas: a Chinese title, an owner and a note body are required; the English title and due date are not", () => {
  expect(FollowUpSchema.safeParse({ titleZh: "  ", owner: "a@lab.example" }).error?.issues[0]?.message).toBe("outcomes.action.titleRequired");
  expect(FollowUpSchema.safeParse({ titleZh: "事项", owner: "" }).error?.issues[0]?.message).toBe("outcomes.action.ownerRequired");
  expect(FollowUpSchema.safeParse({ titleZh: "事项", owner: "a@lab.example", dueDate: "31/03/2027" }).error?.issues[0]?.message).toBe("outcomes.action.dueInvalid");
  expect(FollowUpSchema.parse({ titleZh: " 事项 ", owner: "a@lab.example" })).toEqual({ titleZh: "事项", titleEn: "", owner: "a@lab.example", dueDate: null });
  expect(NoteSchema.safeParse({ body: " \n " }).error?.issues[0]?.message).toBe("outcomes.note.bodyRequired");
  expect(NoteSchema.parse({ body: "要点", agendaItemId: "" })).toEqual({ body: "要点", agendaItemId: null });
});

test("a due date is a day in the visit's zone, stored as 18:00 that day, and overdue once that day is over there", () => {
  const due = dueDateFromInput("2027-03-31", "Asia/Shanghai")!;
  expect(due.toISOString()).toBe("2027-03-31T10:00:00.000Z");
  expect(dueDateInput(due, "Asia/Shanghai")).toBe("2027-03-31");
  expect(dueDateFromInput("2027-02-30", "Asia/Shanghai")).toBeNull();
  const london = dueDateFromInput("2027-03-31", "Europe/London")!;
  expect(london.toISOString()).toBe("2027-03-31T17:00:00.000Z");
  // still the 31st in Shanghai at 23:59, the 1st a minute later
  expect(isOverdue({ status: "OPEN", dueDate: due }, "Asia/Shanghai", new Date("2027-03-31T15:59:00Z"))).toBe(false);
  expect(isOverdue({ status: "OPEN", dueDate: due }, "Asia/Shanghai", new Date("2027-03-31T16:00:00Z"))).toBe(true);
  expect(isOverdue({ status: "DONE", dueDate: due }, "Asia/Shanghai", new Date("2027-05-01T00:00:00Z"))).toBe(false);
  expect(isOverdue({ status: "OPEN", dueDate: null }, "Asia/Shanghai", new Date("2030-01-01T00:00:00Z"))).toBe(false);
});

test("notes: added to a meeting of the visit or to the whole visit, edited with a version, deleted, all audited with the old text", async () => {
  const { organizer, event, meetingId } = await visit();
  const onMeeting = await createNote(organizer.id, event.id, { agendaItemId: meetingId, body: "**共识**：共建大科学装置" });
  const general = await createNote(organizer.id, event.id, { agendaItemId: null, body: "整体来访顺利" });
  if (!onMeeting.ok || !general.ok) throw new Error("refused");

  let outcomes = await loadOutcomes(event.id);
  expect(outcomes.notes.map((note) => [note.agendaItemId, note.body, note.author?.nameEn])).toEqual([
    [meetingId, "**共识**：共建大科学装置", "Chen Xiao"],
    [null, "整体来访顺利", "Chen Xiao"],
  ]);
  const before = outcomes.notes[0]!;

  expect(await updateNote(organizer.id, event.id, onMeeting.noteId, { agendaItemId: meetingId, body: "修订后的纪要", version: before.updatedAt.toISOString() })).toEqual({ ok: true });
  // the same version again is stale now
  expect(await updateNote(organizer.id, event.id, onMeeting.noteId, { agendaItemId: null, body: "又一次", version: before.updatedAt.toISOString() })).toMatchObject({ ok: false, status: 409, formErrors: ["outcomes.note.stale"] });
  expect(await deleteNote(organizer.id, event.id, general.noteId)).toEqual({ ok: true });
  expect(await deleteNote(organizer.id, event.id, general.noteId)).toMatchObject({ ok: false, status: 404 });

  outcomes = await loadOutcomes(event.id);
  expect(outcomes.notes.map((note) => note.body)).toEqual(["修订后的纪要"]);
  const trail = await auditOf(onMeeting.noteId);
  expect(trail.map((entry) => entry.action)).toEqual(["outcome.note.create", "outcome.note.update"]);
  expect(JSON.parse(trail[1]!.metadata)).toMatchObject({ before: { body: "**共识**：共建大科学装置", agendaItemId: meetingId } });
  const deletion = await auditOf(general.noteId);
  expect(deletion.map((entry) => entry.action)).toEqual(["outcome.note.create", "outcome.note.delete"]);
  expect(JSON.parse(deletion[1]!.metadata).before.body).toBe("整体来访顺利");
});

test("a note on an agenda item of another event, or a note of another event, is not found (404) and nothing is written", async () => {
  const { organizer, event } = await visit();
  const other = await visit();
  expect(await createNote(organizer.id, event.id, { agendaItemId: other.meetingId, body: "x" })).toMatchObject({ ok: false, status: 404 });
  const theirs = await createNote(other.organizer.id, other.event.id, { agendaItemId: null, body: "他们的" });
  if (!theirs.ok) throw new Error("refused");
  expect(await updateNote(organizer.id, event.id, theirs.noteId, { agendaItemId: null, body: "改", version: new Date().toISOString() })).toMatchObject({ ok: false, status: 404 });
  expect(await deleteNote(organizer.id, event.id, theirs.noteId)).toMatchObject({ ok: false, status: 404 });
  expect(await prisma.meetingNote.count({ where: { eventId: event.id } })).toBe(0);
});

test("actions: an active staff owner by email or employee number; guests, former staff and strangers are refused on the owner field", async () => {
  const { organizer, owner, event } = await visit();
  const created = await createFollowUp(organizer.id, event.id, actionInput(owner.email.toUpperCase()));
  if (!created.ok) throw new Error("refused");
  const row = await prisma.followUpAction.findUniqueOrThrow({ where: { id: created.actionId } });
  expect(row).toMatchObject({ ownerId: owner.id, status: "OPEN", titleZh: "确定重大项目清单", dueDate: new Date("2027-03-31T10:00:00Z") });
  const profile = await prisma.staffProfile.findUniqueOrThrow({ where: { userId: owner.id } });
  expect(await createFollowUp(organizer.id, event.id, actionInput(profile.employeeNo!, { dueDate: null }))).toMatchObject({ ok: true });

  const guest = await createUser({ kind: "GUEST", password: null });
  const former = await createUser();
  await prisma.user.update({ where: { id: former.id }, data: { deletedAt: new Date() } });
  for (const who of [guest.email, former.email, "nobody@lab.example"]) {
    expect(await createFollowUp(organizer.id, event.id, actionInput(who))).toEqual({ ok: false, status: 400, fieldErrors: { owner: ["outcomes.action.ownerUnknown"] }, formErrors: [] });
  }
  expect(await prisma.followUpAction.count({ where: { eventId: event.id } })).toBe(2);
  expect((await auditOf(created.actionId)).map((entry) => entry.action)).toEqual(["outcome.action.create"]);
});

test("an edit made on a copy that changed since it was loaded is refused (409); a fresh one lands and is audited with before and after", async () => {
  const { organizer, owner, event } = await visit();
  const created = await createFollowUp(organizer.id, event.id, actionInput(owner.email));
  if (!created.ok) throw new Error("refused");
  const loaded = await prisma.followUpAction.findUniqueOrThrow({ where: { id: created.actionId } });
  const version = loaded.updatedAt.toISOString();
  await new Promise((resolve) => setTimeout(resolve, 5));
  expect(await updateFollowUp(organizer.id, event.id, created.actionId, { ...actionInput(owner.email, { titleEn: "First edit" }), version })).toEqual({ ok: true });
  expect(await updateFollowUp(organizer.id, event.id, created.actionId, { ...actionInput(owner.email, { titleEn: "Second edit" }), version })).toMatchObject({ ok: false, status: 409, formErrors: ["outcomes.action.stale"] });
  expect((await prisma.followUpAction.findUniqueOrThrow({ where: { id: created.actionId } })).titleEn).toBe("First edit");
  expect(await updateFollowUp(organizer.id, event.id, "nope", { ...actionInput(owner.email), version })).toMatchObject({ ok: false, status: 404 });
  const trail = await auditOf(created.actionId);
  expect(trail.map((entry) => entry.action)).toEqual(["outcome.action.create", "outcome.action.update"]);
  expect(JSON.parse(trail[1]!.metadata)).toMatchObject({ before: { titleEn: "Agree the list of major projects" }, after: { titleEn: "First edit" } });
  expect(await deleteFollowUp(organizer.id, event.id, created.actionId)).toEqual({ ok: true });
  expect(await deleteFollowUp(organizer.id, event.id, created.actionId)).toMatchObject({ ok: false, status: 404 });
});

test("status: the owner closes and reopens their own action; anyone else who does not manage the visit is refused; who and when come from the audit", async () => {
  const { organizer, owner, host, event } = await visit();
  const created = await createFollowUp(organizer.id, event.id, actionInput(owner.email));
  if (!created.ok) throw new Error("refused");
  expect(await setFollowUpStatus(host.id, event.id, created.actionId, "DONE", { manage: false })).toMatchObject({ ok: false, status: 403 });
  expect(await setFollowUpStatus(owner.id, event.id, created.actionId, "DONE", { manage: false })).toEqual({ ok: true, changed: true });
  // twice is harmless, and writes nothing more
  expect(await setFollowUpStatus(owner.id, event.id, created.actionId, "DONE", { manage: false })).toEqual({ ok: true, changed: false });
  expect(await setFollowUpStatus(owner.id, "other-event", created.actionId, "OPEN", { manage: false })).toMatchObject({ ok: false, status: 404 });

  const [action] = (await loadOutcomes(event.id)).actions;
  expect(action).toMatchObject({ status: "DONE", done: { by: { nameEn: "Pan Yunhe" } } });
  expect((await auditOf(created.actionId)).map((entry) => [entry.action, entry.actorId])).toEqual([
    ["outcome.action.create", organizer.id],
    ["outcome.action.done", owner.id],
  ]);
  expect(await setFollowUpStatus(organizer.id, event.id, created.actionId, "OPEN", { manage: true })).toEqual({ ok: true, changed: true });
  expect((await loadOutcomes(event.id)).actions[0]).toMatchObject({ status: "OPEN", done: null });
});

test("the list: open first, soonest due first and undated last, then done; counts and the owner's own view", async () => {
  const { organizer, owner, event } = await visit();
  const someoneElse = await createUser();
  const ids: Record<string, string> = {};
  for (const [key, who, dueDate] of [
    ["late", owner.email, "2027-06-30"],
    ["soon", someoneElse.email, "2027-03-31"],
    ["undated", owner.email, null],
    ["closed", owner.email, "2027-01-31"],
  ] as const) {
    const created = await createFollowUp(organizer.id, event.id, actionInput(who, { titleZh: key, dueDate }));
    if (!created.ok) throw new Error("refused");
    ids[key] = created.actionId;
  }
  await setFollowUpStatus(owner.id, event.id, ids.closed!, "DONE", { manage: false });
  const { actions } = await loadOutcomes(event.id);
  expect(actions.map((action) => action.titleZh)).toEqual(["soon", "late", "undated", "closed"]);
  expect(countFollowUps(actions)).toEqual({ open: 3, done: 1 });
  expect(countsLabel("en", countFollowUps(actions))).toBe("3 open · 1 done");
  expect(countsLabel("zh-CN", countFollowUps(actions))).toBe("3 项待办 · 1 项已完成");
  const mine = await loadOutcomes(event.id, { ownerId: owner.id });
  expect(mine.actions.map((action) => action.titleZh)).toEqual(["late", "undated", "closed"]);
  expect(mine.notes).toEqual([]);
});

test("who may open the outcomes: organizers manage, hosts read, owners see their own, other staff and guests nothing", async () => {
  const { organizer, owner, host, event } = await visit();
  await createFollowUp(organizer.id, event.id, actionInput(owner.email));
  const admin = await createUser({ roles: ["admin"] });
  const stranger = await createUser();
  const guest = await createUser({ kind: "GUEST", password: null });
  expect(await outcomeAccess(await sessionUser(organizer.id), event.id)).toEqual({ manage: true, read: true, owner: false });
  expect(await outcomeAccess(await sessionUser(admin.id), event.id)).toEqual({ manage: true, read: true, owner: false });
  expect(await outcomeAccess(await sessionUser(host.id), event.id)).toEqual({ manage: false, read: true, owner: false });
  expect(await outcomeAccess(await sessionUser(owner.id), event.id)).toEqual({ manage: false, read: false, owner: true });
  expect(await outcomeAccess(await sessionUser(stranger.id), event.id)).toEqual({ manage: false, read: false, owner: false });
  expect(await outcomeAccess(await sessionUser(guest.id), event.id)).toEqual({ manage: false, read: false, owner: false });

  const fullEvent = { id: event.id, kind: event.kind, timeZone: event.timeZone };
  expect(await outcomeSummary(await sessionUser(stranger.id), fullEvent, "en")).toBeNull();
  expect(await outcomeSummary(await sessionUser(host.id), { ...fullEvent, kind: "INTERNAL_CONFERENCE" }, "en")).toBeNull();
  const summary = await outcomeSummary(await sessionUser(host.id), fullEvent, "en", new Date("2027-04-02T00:00:00Z"));
  expect(summary).toMatchObject({ counts: "1 open · 0 done", open: [{ title: "Agree the list of major projects", owner: "Pan Yunhe", due: "Wed, 31 March 2027", overdue: true }], done: [] });
});

test("my follow-ups: open ones across visits soonest first, then the recently done, each dated in its own visit's zone", async () => {
  const first = await visit();
  const second = await visit("Europe/London");
  const owner = first.owner;
  const a = await createFollowUp(first.organizer.id, first.event.id, actionInput(owner.email, { titleZh: "甲", titleEn: "A", dueDate: "2027-06-30" }));
  const b = await createFollowUp(second.organizer.id, second.event.id, actionInput(owner.email, { titleZh: "乙", titleEn: "", dueDate: "2027-03-31" }));
  const c = await createFollowUp(first.organizer.id, first.event.id, actionInput(owner.email, { titleZh: "丙", titleEn: "C" }));
  const old = await createFollowUp(first.organizer.id, first.event.id, actionInput(owner.email, { titleZh: "旧", titleEn: "Old" }));
  await createFollowUp(first.organizer.id, first.event.id, actionInput(first.host.email, { titleZh: "别人的" }));
  if (!a.ok || !b.ok || !c.ok || !old.ok) throw new Error("refused");
  await setFollowUpStatus(owner.id, first.event.id, c.actionId, "DONE", { manage: false });
  await setFollowUpStatus(owner.id, first.event.id, old.actionId, "DONE", { manage: false });
  // closed long ago: not "recently done"
  await prisma.$executeRaw`UPDATE "FollowUpAction" SET "updatedAt" = ${new Date("2020-01-01T00:00:00Z")} WHERE id = ${old.actionId}`;

  const rows = myFollowUpTexts("en", await myFollowUps(owner.id), new Date("2027-04-01T12:00:00Z"));
  expect(rows.map((row) => [row.title, row.status, row.due, row.overdue, row.eventSlug])).toEqual([
    // English missing: the Chinese title stands in
    ["乙", "OPEN", "Wed, 31 March 2027", true, second.event.slug],
    ["A", "OPEN", "Wed, 30 June 2027", false, first.event.slug],
    ["C", "DONE", "Wed, 31 March 2027", false, first.event.slug],
  ]);
  expect(rows[2]!.doneLine).toMatch(/^Done by Pan Yunhe on /);
});
