import { expect, test } from "vitest";

import { action as eventAction, loader as eventLoader } from "~/routes/events.$slug._index";
import { action as settingsAction, loader as settingsLoader } from "~/routes/events.$slug.registration-settings";
import { action as registrationsAction, loader as registrationsLoader } from "~/routes/events.$slug.registrations";
import { prisma } from "~/utils/db.server";

import { createDepartment, createEvent, createUser } from "../factories";
import { get, post, routeArgs, settle, statusOf } from "../request";

const DAY = 24 * 3600 * 1000;

async function organizedEvent(fields: Parameters<typeof createEvent>[0] = {}) {
  const organizer = await createUser({ roles: ["organizer", "staff"] });
  const event = await createEvent({ ...fields, organizerIds: [organizer.id] });
  return { organizer, event };
}
const settingsPost = (slug: string, userId: string, fields: Record<string, string>) =>
  settle(async () => settingsAction(routeArgs(await post(`/events/${slug}/registration-settings`, fields, { userId, headers: { "Accept-Language": "en" } }), { slug })));
const eventPost = (slug: string, userId: string, fields: Record<string, string>) =>
  settle(async () => eventAction(routeArgs(await post(`/events/${slug}`, fields, { userId }), { slug })));
const registrationsPost = (slug: string, userId: string, fields: Record<string, string>) =>
  settle(async () => registrationsAction(routeArgs(await post(`/events/${slug}/registrations`, fields, { userId }), { slug })));
const location = (outcome: unknown) => (outcome as Response).headers.get("Location");
const dataOf = <T>(outcome: unknown) => (outcome as { data: T }).data;

test("settings: window in the event's zone, approval flag, and a bad window is a 400 next to the field", async () => {
  const { organizer, event } = await organizedEvent();
  const saved = await settingsPost(event.slug, organizer.id, { intent: "settings", capacity: "300", opensAt: "2027-11-01T09:00", closesAt: "2027-12-01T18:00", requiresApproval: "on" });
  expect(location(saved.returned)).toBe(`/events/${event.slug}/registration-settings?saved=1&promoted=0`);
  const stored = await prisma.event.findUniqueOrThrow({ where: { id: event.id } });
  expect(stored.registrationOpensAt?.toISOString()).toBe("2027-11-01T01:00:00.000Z");
  expect(stored.requiresApproval).toBe(true);
  expect(stored.capacity).toBe(300);
  const backwards = await settingsPost(event.slug, organizer.id, { intent: "settings", opensAt: "2027-12-01T09:00", closesAt: "2027-11-01T09:00" });
  expect(statusOf(backwards.returned)).toBe(400);
  expect(dataOf<{ result: { error: Record<string, string[]> } }>(backwards.returned).result.error.closesAt).toEqual(["agenda.endBeforeStart"]);
  const loaded = await settingsLoader(routeArgs(await get(`/events/${event.slug}/registration-settings`, { userId: organizer.id }), { slug: event.slug }));
  expect(loaded.settings).toMatchObject({ capacity: "300", opensAt: "2027-11-01T09:00", requiresApproval: "on" });
  expect(statusOf((await settingsPost(event.slug, organizer.id, { intent: "launch" })).thrown)).toBe(400);
});

test("questions: required answers and choices are checked on the server, and answers can change until the window closes", async () => {
  const { organizer, event } = await organizedEvent({ registrationClosesAt: new Date(Date.now() + 5 * DAY) });
  expect(location((await settingsPost(event.slug, organizer.id, { intent: "addQuestion", kind: "YES_NO", labelZh: "是否观看晚会", labelEn: "Will you attend the show?", required: "on" })).returned)).toContain("#questions");
  await settingsPost(event.slug, organizer.id, { intent: "addQuestion", kind: "CHOICE", labelEn: "Meal", choices: "素食 | Vegetarian\n清真 | Halal" });
  const noChoices = await settingsPost(event.slug, organizer.id, { intent: "addQuestion", kind: "CHOICE", labelEn: "Broken", choices: "only one" });
  expect(statusOf(noChoices.returned)).toBe(400);
  const [show, meal] = await prisma.registrationQuestion.findMany({ where: { eventId: event.id }, orderBy: { position: "asc" } });

  const staff = await createUser();
  const missing = await eventPost(event.slug, staff.id, { intent: "register" });
  expect(statusOf(missing.returned)).toBe(400);
  expect(dataOf<{ answerErrors: Record<string, string> }>(missing.returned).answerErrors).toEqual({ [show!.id]: "form.required" });
  const forged = await eventPost(event.slug, staff.id, { intent: "register", [`answer.${show!.id}`]: "maybe", [`answer.${meal!.id}`]: "c9" });
  expect(dataOf<{ answerErrors: Record<string, string> }>(forged.returned).answerErrors).toEqual({ [show!.id]: "form.invalidChoice", [meal!.id]: "form.invalidChoice" });
  expect(await prisma.registration.count({ where: { eventId: event.id } })).toBe(0);

  expect(statusOf((await eventPost(event.slug, staff.id, { intent: "register", [`answer.${show!.id}`]: "yes", [`answer.${meal!.id}`]: "c2" })).returned)).toBe(302);
  expect(statusOf((await eventPost(event.slug, staff.id, { intent: "answers", [`answer.${show!.id}`]: "no" })).returned)).toBe(302);
  const row = await prisma.registration.findFirstOrThrow({ where: { eventId: event.id, userId: staff.id } });
  expect(JSON.parse(row.answers)).toEqual({ [show!.id]: "no" });
  const list = await registrationsLoader(routeArgs(await get(`/events/${event.slug}/registrations`, { userId: organizer.id, headers: { "Accept-Language": "en" } }), { slug: event.slug }));
  expect(list.rows[0]?.answers).toEqual(["Will you attend the show?: No"]);

  await prisma.event.update({ where: { id: event.id }, data: { registrationClosesAt: new Date(Date.now() - DAY) } });
  const late = await eventPost(event.slug, staff.id, { intent: "answers", [`answer.${show!.id}`]: "yes" });
  expect(statusOf(late.returned)).toBe(409);
  const page = await eventLoader(routeArgs(await get(`/events/${event.slug}`, { userId: staff.id }), { slug: event.slug }));
  expect(page.registration.questions.find((q) => q.id === show!.id)?.answer).toBe("no");

  expect(location((await settingsPost(event.slug, organizer.id, { intent: "deleteQuestion", questionId: meal!.id })).returned)).toContain("#questions");
  expect(statusOf((await settingsPost(event.slug, organizer.id, { intent: "deleteQuestion", questionId: meal!.id })).thrown)).toBe(404);
});

test("approval: pending until decided; approval takes a seat or a waiting place; a decline needs a reason the registrant sees", async () => {
  const { organizer, event } = await organizedEvent({ capacity: 1, requiresApproval: true });
  const [first, second, third] = [await createUser(), await createUser(), await createUser()];
  for (const person of [first, second, third]) await eventPost(event.slug, person!.id, { intent: "register" });
  const rows = await prisma.registration.findMany({ where: { eventId: event.id }, orderBy: { createdAt: "asc" } });
  expect(rows.map((r) => r.status)).toEqual(["PENDING", "PENDING", "PENDING"]);
  const decide = (registrationId: string, decision: string, reason = "") => registrationsPost(event.slug, organizer.id, { intent: "decide", registrationId, decision, reason });

  expect(location((await decide(rows[0]!.id, "approve")).returned)).toBe(`/events/${event.slug}/registrations?decided=1`);
  await decide(rows[1]!.id, "approve");
  const noReason = await decide(rows[2]!.id, "decline");
  expect(statusOf(noReason.returned)).toBe(400);
  expect(dataOf<{ error: string }>(noReason.returned).error).toBe("registration.declineReasonRequired");
  await decide(rows[2]!.id, "decline", "名额已满，请参加下次活动");
  expect(statusOf((await decide(rows[2]!.id, "approve")).returned)).toBe(409);
  expect(statusOf((await decide("no-such-registration", "approve")).thrown)).toBe(404);

  const after = await prisma.registration.findMany({ where: { eventId: event.id }, orderBy: { createdAt: "asc" } });
  expect(after.map((r) => r.status)).toEqual(["CONFIRMED", "WAITLISTED", "DECLINED"]);
  const declinedView = await eventLoader(routeArgs(await get(`/events/${event.slug}`, { userId: third!.id }), { slug: event.slug }));
  expect(declinedView.registration).toMatchObject({ status: "DECLINED", declineReason: "名额已满，请参加下次活动" });
  expect(await prisma.notification.count({ where: { userId: third!.id, kind: "REGISTRATION_DECLINED" } })).toBe(1);
  expect(dataOf<{ error: string }>((await eventPost(event.slug, third!.id, { intent: "register" })).returned).error).toBe("registration.declined");
});

test("on behalf: an organizer registers a colleague by email or employee number, and it is recorded", async () => {
  const { organizer, event } = await organizedEvent();
  const colleague = await createUser({ employeeNo: "ZJ20195001" });
  const byNumber = await registrationsPost(event.slug, organizer.id, { intent: "onBehalf", staff: "ZJ20195001" });
  expect(location(byNumber.returned)).toBe(`/events/${event.slug}/registrations?registered=CONFIRMED`);
  const row = await prisma.registration.findFirstOrThrow({ where: { eventId: event.id, userId: colleague.id } });
  expect(row.registeredById).toBe(organizer.id);
  const unknown = await registrationsPost(event.slug, organizer.id, { intent: "onBehalf", staff: "nobody@lab.example" });
  expect(statusOf(unknown.returned)).toBe(400);
  const list = await registrationsLoader(routeArgs(await get(`/events/${event.slug}/registrations`, { userId: organizer.id }), { slug: event.slug }));
  expect(list.rows.find((r) => r.email === colleague.email)?.registeredBy).toBeTruthy();
});

test("invitations: named people and whole departments open an invitation-only event to exactly them", async () => {
  const { organizer, event } = await organizedEvent({ audience: "INVITE_ONLY" });
  const department = await createDepartment();
  const [named, inDepartment, outsider] = [await createUser({ employeeNo: "ZJ1" }), await createUser({ departmentId: department.id }), await createUser()];
  const canSee = async (userId: string) => statusOf((await settle(async () => eventLoader(routeArgs(await get(`/events/${event.slug}`, { userId }), { slug: event.slug })))).thrown) !== 404;
  expect(await canSee(named.id)).toBe(false);

  const partly = await settingsPost(event.slug, organizer.id, { intent: "invite", people: `ZJ1, ghost@lab.example`, departmentId: "" });
  expect(statusOf(partly.returned)).toBe(400);
  expect(dataOf<{ unknown: string[]; invited: number }>(partly.returned)).toMatchObject({ unknown: ["ghost@lab.example"], invited: 1 });
  expect(location((await settingsPost(event.slug, organizer.id, { intent: "invite", people: "", departmentId: department.id })).returned)).toContain("invited=1");
  // Inviting again adds nothing.
  expect(location((await settingsPost(event.slug, organizer.id, { intent: "invite", people: named.email, departmentId: department.id })).returned)).toContain("invited=0");

  expect(await canSee(named.id)).toBe(true);
  expect(await canSee(inDepartment.id)).toBe(true);
  expect(await canSee(outsider.id)).toBe(false);
  expect(statusOf((await eventPost(event.slug, outsider.id, { intent: "register" })).thrown)).toBe(404);
  expect(statusOf((await eventPost(event.slug, inDepartment.id, { intent: "register" })).returned)).toBe(302);

  const invitation = await prisma.eventInvitation.findFirstOrThrow({ where: { eventId: event.id, userId: named.id } });
  await settingsPost(event.slug, organizer.id, { intent: "uninvite", invitationId: invitation.id });
  expect(await canSee(named.id)).toBe(false);
  const staff = await createUser();
  expect(statusOf((await settingsPost(event.slug, staff.id, { intent: "invite", people: staff.email })).thrown)).toBe(403);
});
