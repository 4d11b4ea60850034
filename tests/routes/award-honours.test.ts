import { expect, test } from "vitest";

import type { AwardStatus } from "~/generated/prisma/client";
import { loader as atomLoader } from "~/routes/awards[.]atom";
import { loader as honoursLoader } from "~/routes/awards.honours";
import { loader as profileLoader } from "~/routes/profile";
import { prisma } from "~/utils/db.server";

import { createDepartment, createUser } from "../factories";
import { get, routeArgs, settle, statusOf } from "../request";

let counter = 0;

type Person = { id: string; nameZh: string; nameEn: string };

/** A programme with one category and one award per recipient list; a team's first member is its lead. */
async function programme(options: {
  year: number;
  status: AwardStatus;
  announceAt?: Date;
  nameZh: string;
  nameEn: string;
  category?: { nameZh: string; nameEn: string; levelZh?: string; levelEn?: string };
  awards: Array<{
    citationZh: string;
    citationEn: string;
    individual?: Person;
    team?: { nameZh: string; nameEn: string; members: Person[] };
    department?: Person;
  }>;
}) {
  const slug = `honours-${options.year}-${counter++}-${Date.now().toString(36)}`;
  const row = await prisma.awardProgramme.create({
    data: {
      slug,
      year: options.year,
      nameZh: options.nameZh,
      nameEn: options.nameEn,
      status: options.status,
      announceAt: options.announceAt ?? null,
      announcedAt: options.status === "ANNOUNCED" ? new Date(`${options.year + 1}-01-18T07:40:00Z`) : null,
      categories: { create: { nameZh: options.category?.nameZh ?? "科技奖", nameEn: options.category?.nameEn ?? "Technology Award", levelZh: options.category?.levelZh ?? "", levelEn: options.category?.levelEn ?? "" } },
    },
    include: { categories: true },
  });
  const awardIds: string[] = [];
  for (const [position, award] of options.awards.entries()) {
    const recipients = [];
    if (award.individual) recipients.push({ kind: "INDIVIDUAL" as const, userId: award.individual.id, displayNameZh: award.individual.nameZh, displayNameEn: award.individual.nameEn });
    if (award.team) {
      const team = await prisma.team.create({
        data: { nameZh: award.team.nameZh, nameEn: award.team.nameEn, members: { create: award.team.members.map((m, i) => ({ userId: m.id, isLead: i === 0, position: i })) } },
      });
      recipients.push({ kind: "TEAM" as const, teamId: team.id, displayNameZh: award.team.nameZh, displayNameEn: award.team.nameEn });
    }
    if (award.department) recipients.push({ kind: "DEPARTMENT" as const, departmentId: award.department.id, displayNameZh: award.department.nameZh, displayNameEn: award.department.nameEn });
    const created = await prisma.award.create({
      data: {
        categoryId: row.categories[0]!.id,
        citationZh: award.citationZh,
        citationEn: award.citationEn,
        position,
        recipients: { create: recipients.map((r, i) => ({ ...r, position: i })) },
      },
    });
    awardIds.push(created.id);
  }
  return { ...row, awardIds };
}

const world = (async () => {
  const institute = await createDepartment({ nameZh: "智能网络研究院", nameEn: "Intelligent Network Institute" });
  const lead = await createUser({ nameZh: "潘纲", nameEn: "Pan Gang", departmentId: institute.id });
  const member = await createUser({ nameZh: "周敏", nameEn: "Zhou Min", departmentId: institute.id });
  const young = await createUser({ nameZh: "陈晓", nameEn: "Chen Xiao" });
  const bystander = await createUser({ nameZh: "路人", nameEn: "Passer By" });
  const announced = await programme({
    year: 2019,
    status: "ANNOUNCED",
    nameZh: "之江实验室2019年度科技奖",
    nameEn: "2019 Zhejiang Lab Technology Awards",
    category: { nameZh: "科技奖", nameEn: "Technology Award", levelZh: "一等奖", levelEn: "First Prize" },
    awards: [
      {
        citationZh: "建成并发布之江实验室人工智能开源平台，汇聚算法、数据与算力资源，服务国内外开发者。".repeat(3),
        citationEn: "Built and launched the Lab's AI Open Source Platform. ".repeat(5),
        team: { nameZh: "人工智能开源平台研发团队", nameEn: "AI Open Source Platform Team", members: [lead, member] },
      },
      { citationZh: "异构计算调度。", citationEn: "Heterogeneous scheduling.", individual: young },
      { citationZh: "研究院集体。", citationEn: "The whole institute.", department: { id: institute.id, nameZh: institute.nameZh, nameEn: institute.nameEn } },
    ],
  });
  const secret = (status: AwardStatus, announceAt?: Date) =>
    programme({
      year: 2026,
      status,
      announceAt,
      nameZh: `保密奖项${status}${announceAt ? "到期" : ""}`,
      nameEn: `Embargoed Programme ${status}${announceAt ? " due" : ""}`,
      awards: [
        {
          citationZh: `保密事迹${status}`,
          citationEn: `Embargoed citation ${status}`,
          team: { nameZh: `保密团队${status}`, nameEn: `Embargoed Team ${status}`, members: [member] },
          individual: young,
        },
      ],
    });
  const draft = await secret("DRAFT");
  const approved = await secret("APPROVED");
  const future = await secret("SCHEDULED", new Date(Date.now() + 3_600_000));
  return { institute, lead, member, young, bystander, announced, draft, approved, future };
})();

const EMBARGOED = /保密|Embargoed/;

async function readHonours(query = "", { userId, language = "en" }: { userId?: string; language?: string } = {}) {
  return honoursLoader(routeArgs(await get(`/awards/honours${query}`, { userId, headers: { "Accept-Language": language } })));
}

test("honours roll: anonymous visitors read it, grouped by year, with the programme, category, team (lead marked) and a link to the announcement", async () => {
  const { announced, lead, member } = await world;
  const roll = await readHonours();
  expect(roll.title).toBe("Honours roll");
  expect(roll.total).toBe(3);
  expect(roll.groups.map((g) => g.heading)).toEqual(["2019"]);
  const [team, individual, department] = roll.groups[0]!.honours;
  expect(team).toMatchObject({
    href: `/awards/${announced.slug}#award-${announced.awardIds[0]}`,
    programme: "2019 Zhejiang Lab Technology Awards",
    category: "Technology Award · First Prize",
  });
  expect(team!.recipients).toEqual([
    expect.objectContaining({
      kind: "TEAM",
      kindLabel: "Team",
      name: "AI Open Source Platform Team",
      members: [
        { name: lead.nameEn, isLead: true },
        { name: member.nameEn, isLead: false },
      ],
    }),
  ]);
  // an excerpt, not the whole citation, goes to the page
  expect(team!.citation.length).toBeLessThanOrEqual(121);
  expect(team!.citation.endsWith("…")).toBe(true);
  expect(individual!.recipients[0]).toMatchObject({ kind: "INDIVIDUAL", name: "Chen Xiao" });
  expect(department!.recipients[0]).toMatchObject({ kind: "DEPARTMENT", kindLabel: "Department", name: "Intelligent Network Institute" });
  expect(JSON.stringify(roll)).not.toMatch(EMBARGOED);
});

test("honours roll: in Chinese, and the same for a signed-in member of the embargoed team as for a stranger", async () => {
  const { member } = await world;
  const zh = await readHonours("", { language: "zh-CN" });
  expect(zh.title).toBe("荣誉榜");
  expect(zh.groups[0]!.heading).toBe("2019年度");
  expect(zh.groups[0]!.honours[0]).toMatchObject({ programme: "之江实验室2019年度科技奖", category: "科技奖 · 一等奖" });
  expect(zh.groups[0]!.honours[0]!.recipients[0]!.members.map((m) => m.name)).toEqual(["潘纲", "周敏"]);
  const asMember = await readHonours("", { userId: member.id, language: "zh-CN" });
  expect(asMember).toEqual(zh);
  expect(JSON.stringify(asMember)).not.toMatch(EMBARGOED);
});

test("honours roll: filters by a team member's name in either language, by year, by department and by kind", async () => {
  const { institute } = await world;
  const names = (roll: Awaited<ReturnType<typeof readHonours>>) => roll.groups.flatMap((g) => g.honours.flatMap((h) => h.recipients.map((r) => r.name)));
  expect(names(await readHonours(`?q=${encodeURIComponent("周敏")}`))).toEqual(["AI Open Source Platform Team"]);
  expect(names(await readHonours("?q=zhou+min"))).toEqual(["AI Open Source Platform Team"]);
  expect(names(await readHonours("?year=2019&kind=individual"))).toEqual(["Chen Xiao"]);
  expect(names(await readHonours(`?department=${institute.id}`))).toEqual(["AI Open Source Platform Team", "Intelligent Network Institute"]);
  const none = await readHonours("?year=2026");
  expect(none.groups).toEqual([]);
  expect(none.filtered).toBe(true);
  expect(none.filter.year).toBe("2026");
  // the embargoed year is not offered as a choice
  expect((await readHonours()).years.map((y) => y.value)).toEqual(["2019"]);
});

test("honours roll: stale filter values are ignored, an over-long search is a 400, a page past the end a 404", async () => {
  await world;
  const stale = await readHonours("?year=abc&kind=robot&page=-1&department=");
  expect(stale.total).toBe(3);
  expect(stale.filter).toEqual({ q: "", year: "", department: "", kind: "" });
  const tooLong = await settle(async () => readHonours(`?q=${"x".repeat(101)}`));
  expect(statusOf(tooLong.thrown)).toBe(400);
  expect(tooLong.thrown).toMatchObject({ data: { messageKey: "honours.queryTooLong" } });
  const pastTheEnd = await settle(async () => readHonours("?page=2"));
  expect(statusOf(pastTheEnd.thrown)).toBe(404);
  const sqlish = await readHonours(`?q=${encodeURIComponent("' OR 1=1 --")}`);
  expect(sqlish.total).toBe(0);
});

async function readFeed(headers: Record<string, string> = {}) {
  return atomLoader(routeArgs(await get("/awards.atom", { headers })));
}

test("atom feed: Atom content type, a short public cache, an ETag and 304 when it has not changed", async () => {
  const { announced } = await world;
  const response = await readFeed();
  expect(response.status).toBe(200);
  expect(response.headers.get("Content-Type")).toBe("application/atom+xml; charset=utf-8");
  expect(response.headers.get("Cache-Control")).toBe("public, max-age=300");
  const etag = response.headers.get("ETag")!;
  expect(etag).toMatch(/^"[\w-]+"$/);
  const body = await response.text();
  expect(body).toMatch(/^<\?xml version="1.0" encoding="utf-8"\?>\n<feed xmlns="http:\/\/www.w3.org\/2005\/Atom"/);
  expect(body).toContain("<title>之江实验室2019年度科技奖 · 2019 Zhejiang Lab Technology Awards</title>");
  expect(body).toContain(`<link rel="alternate" type="text/html" href="http://localhost:3000/awards/${announced.slug}"/>`);

  const notModified = await readFeed({ "If-None-Match": etag });
  expect(notModified.status).toBe(304);
  expect(notModified.headers.get("ETag")).toBe(etag);
  expect(await notModified.text()).toBe("");
  expect((await readFeed({ "If-None-Match": '"stale"' })).status).toBe(200);

  // a correction to an announced citation changes the tag, so readers fetch it again
  await prisma.award.update({ where: { id: announced.awardIds[1]! }, data: { citationEn: "Heterogeneous scheduling, corrected." } });
  const changed = await readFeed({ "If-None-Match": etag });
  expect(changed.status).toBe(200);
  expect(changed.headers.get("ETag")).not.toBe(etag);
  expect(await changed.text()).toContain("Heterogeneous scheduling, corrected.");
});

test("atom feed: a draft, an approved and a future scheduled programme are absent, names and winners; a scheduled one whose time has come appears by itself", async () => {
  const { future } = await world;
  const before = await (await readFeed()).text();
  expect(before).not.toMatch(EMBARGOED);
  expect(before.match(/<entry>/g)).toHaveLength(1);

  // the clock moves past the scheduled time: no one touches the programme
  await prisma.awardProgramme.update({ where: { id: future.id }, data: { announceAt: new Date(Date.now() - 1000) } });
  const after = await (await readFeed()).text();
  expect(after.match(/<entry>/g)).toHaveLength(2);
  expect(after).toContain("<title>保密奖项SCHEDULED到期 · Embargoed Programme SCHEDULED due</title>");
  expect(after).toContain("Embargoed Team SCHEDULED");
  expect(after).toContain("保密事迹SCHEDULED");
  expect(after).not.toMatch(/DRAFT|APPROVED/);
  // reading the feed did not write anything
  expect((await prisma.awardProgramme.findUniqueOrThrow({ where: { id: future.id } })).status).toBe("SCHEDULED");
  // the scheduled-and-due entry is the newest announcement, dated by its scheduled time
  const first = after.indexOf("<entry>");
  expect(after.slice(first, after.indexOf("</entry>", first))).toContain("保密奖项SCHEDULED到期");
  await prisma.awardProgramme.update({ where: { id: future.id }, data: { announceAt: new Date(Date.now() + 3_600_000) } });
});

async function myAwards(userId: string, language = "en") {
  const result = await profileLoader(routeArgs(await get("/profile", { userId, headers: { "Accept-Language": language } })));
  return result.awards;
}

test("profile: each team member sees the team's award, the lead marked; individuals their own; the department's labelled as such", async () => {
  const { lead, member, young, bystander, announced } = await world;
  expect(await myAwards(member.id)).toEqual([
    {
      recipientId: expect.any(String),
      href: `/awards/${announced.slug}#award-${announced.awardIds[0]}`,
      year: "2019",
      programme: "2019 Zhejiang Lab Technology Awards",
      category: "Technology Award · First Prize",
      how: "With your team: AI Open Source Platform Team",
    },
    expect.objectContaining({ href: `/awards/${announced.slug}#award-${announced.awardIds[2]}`, how: "Your department's award: Intelligent Network Institute" }),
  ]);
  expect((await myAwards(lead.id, "zh-CN")).map((a) => a.how)).toEqual(["团队获奖（负责人）：人工智能开源平台研发团队", "所在部门获奖：智能网络研究院"]);
  expect((await myAwards(young.id)).map((a) => a.how)).toEqual(["Awarded to you"]);
  expect(await myAwards(bystander.id)).toEqual([]);
});

test("profile: embargoed awards do not show even to their winners, until the announcement", async () => {
  const { member, young, draft } = await world;
  for (const winner of [member, young]) {
    const result = await profileLoader(routeArgs(await get("/profile", { userId: winner.id })));
    expect(JSON.stringify(result)).not.toMatch(EMBARGOED);
  }
  await prisma.awardProgramme.update({ where: { id: draft.id }, data: { status: "ANNOUNCED", announcedAt: new Date() } });
  try {
    expect((await myAwards(member.id)).map((a) => a.how)).toContain("As lead of your team: Embargoed Team DRAFT");
    expect((await myAwards(young.id)).map((a) => a.programme)).toContain("Embargoed Programme DRAFT");
  } finally {
    await prisma.awardProgramme.update({ where: { id: draft.id }, data: { status: "DRAFT", announcedAt: null } });
  }
});
