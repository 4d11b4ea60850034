import { expect, test } from "vitest";

import { addAward, addCategory, announcedWhere, changeProgrammeStatus, createProgramme, listProgrammes, programmeContents, removeAward, settleScheduledAnnouncements } from "~/models/award.server";
import { prisma } from "~/utils/db.server";
import type { SessionUser } from "~/utils/session.server";

import { createDepartment, createEvent, createUser } from "../../tests/factories";

const sessionUser = async (id: string) => {
  const user = await prisma.user.findUniqueOrThrow({ where: { id }, select: { id: true, email: true, kind: true, nameZh: true, nameEn: true, locale: true, roles: { select: { name: true, permissions: { select: { action: true, entity: true, access: true } } } } } });
  return user as SessionUser;
};

async function programme(status: "DRAFT" | "ANNOUNCED" = "DRAFT") {
  const organizer = await createUser();
  const event = await createEvent({ organizerIds: [organizer.id] });
  const slug = `awards-${Math.random().toString(36).slice(2, 8)}`;
  const created = await createProgramme(organizer.id, { year: 2027, slug, nameZh: "2027年度科技奖", nameEn: "2027 Technology Awards", descriptionZh: "", descriptionEn: "", eventSlug: event.slug });
  const category = await addCategory(organizer.id, created.id, { nameZh: "科技进步奖", nameEn: "Science and Technology Progress Award", levelZh: "一等奖", levelEn: "First prize" });
  if (status === "ANNOUNCED") await changeProgrammeStatus(organizer.id, created.id, { to: "ANNOUNCED" });
  return { organizer, event, id: created.id, slug, categoryId: category.id };
}

test("the embargo: only announced programmes, or scheduled ones whose time has come, are public", async () => {
  const draft = await programme();
  const announced = await programme("ANNOUNCED");
  const soon = await programme();
  await changeProgrammeStatus(soon.organizer.id, soon.id, { to: "APPROVED" });
  const now = new Date();
  await changeProgrammeStatus(soon.organizer.id, soon.id, { to: "SCHEDULED", announceAt: new Date(now.getTime() + 60_000) }, now);
  const publicIds = async (at: Date) => (await prisma.awardProgramme.findMany({ where: { AND: [announcedWhere(at), { id: { in: [draft.id, announced.id, soon.id] } }] }, select: { id: true } })).map((p) => p.id).sort();
  expect(await publicIds(now)).toEqual([announced.id]);
  // a minute later the scheduled one is public, with nobody doing anything
  expect(await publicIds(new Date(now.getTime() + 61_000))).toEqual([announced.id, soon.id].sort());
  // and the stored status catches up on the next read, keeping who scheduled it and the scheduled time
  await settleScheduledAnnouncements(new Date(now.getTime() + 61_000));
  expect(await prisma.awardProgramme.findUniqueOrThrow({ where: { id: soon.id } })).toMatchObject({ status: "ANNOUNCED", announcedById: soon.organizer.id, announcedAt: new Date(now.getTime() + 60_000) });
});

test("status moves draft → approved → scheduled or announced; announcing records who and when and is final", async () => {
  const { organizer, id } = await programme();
  const now = new Date();
  await expect(changeProgrammeStatus(organizer.id, id, { to: "SCHEDULED", announceAt: new Date(now.getTime() + 1000) }, now)).rejects.toMatchObject({ init: { status: 409 } });
  await changeProgrammeStatus(organizer.id, id, { to: "APPROVED" });
  await expect(changeProgrammeStatus(organizer.id, id, { to: "SCHEDULED", announceAt: new Date(now.getTime() - 1000) }, now)).rejects.toMatchObject({ init: { status: 409 } });
  await changeProgrammeStatus(organizer.id, id, { to: "ANNOUNCED" }, now);
  expect(await prisma.awardProgramme.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "ANNOUNCED", announcedById: organizer.id, announcedAt: now });
  for (const to of ["DRAFT", "APPROVED", "ANNOUNCED"] as const) {
    await expect(changeProgrammeStatus(organizer.id, id, { to })).rejects.toMatchObject({ init: { status: 409 } });
  }
  expect(await prisma.auditLog.count({ where: { entityId: id, action: { startsWith: "award." } } })).toBe(3);
});

test("awards go to individuals, teams (first named is the lead) or departments; an unknown person writes nothing", async () => {
  const { organizer, id, categoryId } = await programme();
  const department = await createDepartment({ code: `AW-${Math.random().toString(36).slice(2, 7)}`, nameZh: "智能计算研究院", nameEn: "Intelligent Computing" });
  const [a, b, c] = [await createUser({ nameZh: "张三", nameEn: "Zhang San", employeeNo: `A${Date.now()}` }), await createUser({ nameZh: "李四", nameEn: "Li Si" }), await createUser({ nameZh: "王五", nameEn: "Wang Wu" })];
  const employeeNo = (await prisma.staffProfile.findUniqueOrThrow({ where: { userId: a.id } })).employeeNo;
  expect(await addAward(organizer.id, id, { categoryId, kind: "INDIVIDUAL", people: employeeNo, citationZh: "表彰", citationEn: "For", teamNameZh: "", teamNameEn: "", departmentId: "" })).toMatchObject({ ok: true });
  expect(await addAward(organizer.id, id, { categoryId, kind: "TEAM", people: `${c.email}\n${b.email}\n${c.email}`, citationZh: "", citationEn: "", teamNameZh: "大模型团队", teamNameEn: "Large Model Team", departmentId: "" })).toMatchObject({ ok: true });
  expect(await addAward(organizer.id, id, { categoryId, kind: "DEPARTMENT", people: "", citationZh: "", citationEn: "", teamNameZh: "", teamNameEn: "", departmentId: department.id })).toMatchObject({ ok: true });
  const before = await prisma.award.count();
  expect(await addAward(organizer.id, id, { categoryId, kind: "INDIVIDUAL", people: `${a.email}\nnobody@lab.example`, citationZh: "", citationEn: "", teamNameZh: "", teamNameEn: "", departmentId: "" })).toEqual({
    ok: false,
    field: "people",
    messageKey: "awards.form.unknownPeople",
    unknown: ["nobody@lab.example"],
  });
  expect(await prisma.award.count()).toBe(before);

  const [category] = await programmeContents(id);
  const recipients = category!.awards.map((award) => award.recipients[0]!);
  expect(recipients.map((r) => [r.kind, r.displayNameZh])).toEqual([
    ["INDIVIDUAL", "张三"],
    ["TEAM", "大模型团队"],
    ["DEPARTMENT", "智能计算研究院"],
  ]);
  expect(recipients[1]!.team!.members.map((m) => [m.user.nameZh, m.isLead])).toEqual([
    ["王五", true],
    ["李四", false],
  ]);
  // removing an award of another programme is refused
  const other = await programme();
  expect(await removeAward(organizer.id, other.id, category!.awards[0]!.id)).toBe(false);
  expect(await removeAward(organizer.id, id, category!.awards[0]!.id)).toBe(true);
});

test("a deleted account keeps its award, under the name it was awarded", async () => {
  const { organizer, id, categoryId } = await programme("ANNOUNCED");
  const winner = await createUser({ nameZh: "赵六", nameEn: "Zhao Liu" });
  await addAward(organizer.id, id, { categoryId, kind: "INDIVIDUAL", people: winner.email, citationZh: "", citationEn: "", teamNameZh: "", teamNameEn: "", departmentId: "" });
  await prisma.user.delete({ where: { id: winner.id } });
  const [category] = await programmeContents(id);
  expect(category!.awards[0]!.recipients[0]).toMatchObject({ displayNameZh: "赵六", displayNameEn: "Zhao Liu", userId: null });
});

test("the list: staff see announced programmes only; the ceremony's organizers and award organizers also see drafts", async () => {
  const draft = await programme();
  const announced = await programme("ANNOUNCED");
  const staff = await sessionUser((await createUser()).id);
  const awardsRole = await sessionUser((await createUser({ roles: ["awards", "staff"] })).id);
  const slugs = async (user: SessionUser | null) => (await listProgrammes(user)).map((p) => p.slug);
  for (const viewer of [null, staff]) {
    expect(await slugs(viewer)).toContain(announced.slug);
    expect(await slugs(viewer)).not.toContain(draft.slug);
  }
  expect(await slugs(awardsRole)).toEqual(expect.arrayContaining([draft.slug, announced.slug]));
  const organizer = await sessionUser(draft.organizer.id);
  expect(await slugs(organizer)).toContain(draft.slug);
  expect(await slugs(await sessionUser(announced.organizer.id))).not.toContain(draft.slug);
});

test("a badge says 'awardee' only once the programme is announced, for individual winners and team members alike", async () => {
  const { organizer, event, id, categoryId } = await programme();
  const [winner, member, bystander] = [await createUser(), await createUser(), await createUser()];
  for (const person of [winner, member, bystander]) await prisma.registration.create({ data: { eventId: event.id, userId: person.id, status: "CONFIRMED" } });
  await addAward(organizer.id, id, { categoryId, kind: "INDIVIDUAL", people: winner.email, citationZh: "", citationEn: "", teamNameZh: "", teamNameEn: "", departmentId: "" });
  await addAward(organizer.id, id, { categoryId, kind: "TEAM", people: `${bystander.email}\n${member.email}`, citationZh: "", citationEn: "", teamNameZh: "团队", teamNameEn: "Team", departmentId: "" });
  const { getOrIssueBadge } = await import("~/models/badge.server");
  expect((await getOrIssueBadge(event.id, winner.id))!.ribbon).toBe("STAFF");
  expect((await getOrIssueBadge(event.id, member.id))!.ribbon).toBe("STAFF");
  await changeProgrammeStatus(organizer.id, id, { to: "ANNOUNCED" });
  expect((await getOrIssueBadge(event.id, winner.id))!.ribbon).toBe("AWARDEE");
  expect((await getOrIssueBadge(event.id, member.id))!.ribbon).toBe("AWARDEE");
  // the organizer's own ribbon is not touched, and a badge issued after the announcement is an awardee's from the start
  const late = await createUser();
  await prisma.registration.create({ data: { eventId: event.id, userId: late.id, status: "CONFIRMED" } });
  await prisma.teamMember.create({ data: { teamId: (await prisma.team.findFirstOrThrow({ where: { nameZh: "团队", members: { some: { userId: member.id } } } })).id, userId: late.id } });
  expect((await getOrIssueBadge(event.id, late.id))!.ribbon).toBe("AWARDEE");
});
