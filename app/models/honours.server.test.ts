import type { Client, Config } from "@libsql/client";
import { SaxesParser } from "saxes";
import { expect, test } from "vitest";

import type { AwardStatus } from "~/generated/prisma/client";
import { changeProgrammeStatus } from "~/models/award.server";
import {
  announcementsAtom,
  entityTag,
  escapeXml,
  excerpt,
  HonoursFilterSchema,
  listHonours,
  listMyAwards,
  matchesEntityTag,
} from "~/models/honours.server";
import { prisma } from "~/utils/db.server";
import { ConveneLibSQL } from "~/utils/libsql.server";

import { createDepartment, createUser } from "../../tests/factories";

// Every SQL statement sent to the database, so a test can count what one call costs. Installed before the first
// query of this file, when Prisma opens its connection.
const statements: string[] = [];
const createClient = ConveneLibSQL.prototype.createClient;
ConveneLibSQL.prototype.createClient = function (this: ConveneLibSQL, config: Config): Client {
  const client = createClient.call(this, config);
  const execute = client.execute.bind(client);
  client.execute = ((statement: Parameters<Client["execute"]>[0], ...rest: unknown[]) => {
    statements.push(typeof statement === "string" ? statement : statement.sql);
    return (execute as (...args: unknown[]) => ReturnType<Client["execute"]>)(statement, ...rest);
  }) as Client["execute"];
  return client;
};

async function countQueries<T>(run: () => Promise<T>) {
  const before = statements.length;
  const result = await run();
  return { result, queries: statements.slice(before).filter((sql) => /^\s*(SELECT|WITH)\b/i.test(sql)).length };
}

let counter = 0;
const unique = (stem: string) => `${stem}-${Date.now().toString(36)}-${counter++}`;

type RecipientSpec =
  | { kind: "INDIVIDUAL"; user: { id: string; nameZh: string; nameEn: string } }
  | { kind: "TEAM"; nameZh: string; nameEn: string; members: Array<{ id: string; isLead?: boolean }> }
  | { kind: "DEPARTMENT"; department: { id: string; nameZh: string; nameEn: string } };

type ProgrammeSpec = {
  year: number;
  status: AwardStatus;
  announceAt?: Date | null;
  announcedAt?: Date | null;
  nameZh?: string;
  nameEn?: string;
  categories: Array<{
    nameZh: string;
    nameEn: string;
    levelZh?: string;
    levelEn?: string;
    awards: Array<{ citationZh?: string; citationEn?: string; recipients: RecipientSpec[] }>;
  }>;
};

/** A programme with categories, awards and recipients; teams are created with their members, the first the lead unless told. */
async function createProgramme(spec: ProgrammeSpec) {
  const slug = unique(`p${spec.year}`);
  const programme = await prisma.awardProgramme.create({
    data: {
      slug,
      year: spec.year,
      nameZh: spec.nameZh ?? `${spec.year}年度奖项${slug}`,
      nameEn: spec.nameEn ?? `${spec.year} Awards ${slug}`,
      status: spec.status,
      announceAt: spec.announceAt ?? null,
      announcedAt: spec.announcedAt ?? (spec.status === "ANNOUNCED" ? new Date(`${spec.year + 1}-01-18T07:40:00Z`) : null),
    },
  });
  const awardIds: string[][] = [];
  for (const [categoryPosition, category] of spec.categories.entries()) {
    const row = await prisma.awardCategory.create({
      data: {
        programmeId: programme.id,
        nameZh: category.nameZh,
        nameEn: category.nameEn,
        levelZh: category.levelZh ?? "",
        levelEn: category.levelEn ?? "",
        position: categoryPosition,
      },
    });
    const ids: string[] = [];
    for (const [awardPosition, award] of category.awards.entries()) {
      const recipients = [];
      for (const recipient of award.recipients) {
        if (recipient.kind === "INDIVIDUAL") {
          recipients.push({ kind: "INDIVIDUAL" as const, userId: recipient.user.id, displayNameZh: recipient.user.nameZh, displayNameEn: recipient.user.nameEn });
        } else if (recipient.kind === "TEAM") {
          const team = await prisma.team.create({
            data: {
              nameZh: recipient.nameZh,
              nameEn: recipient.nameEn,
              members: { create: recipient.members.map((m, i) => ({ userId: m.id, isLead: m.isLead ?? i === 0, position: i })) },
            },
          });
          recipients.push({ kind: "TEAM" as const, teamId: team.id, displayNameZh: recipient.nameZh, displayNameEn: recipient.nameEn });
        } else {
          recipients.push({
            kind: "DEPARTMENT" as const,
            departmentId: recipient.department.id,
            displayNameZh: recipient.department.nameZh,
            displayNameEn: recipient.department.nameEn,
          });
        }
      }
      const created = await prisma.award.create({
        data: {
          categoryId: row.id,
          citationZh: award.citationZh ?? "",
          citationEn: award.citationEn ?? "",
          position: awardPosition,
          recipients: { create: recipients.map((r, position) => ({ ...r, position })) },
        },
      });
      ids.push(created.id);
    }
    awardIds.push(ids);
  }
  return { ...programme, awardIds };
}

const all = HonoursFilterSchema.parse({});
const filter = (input: Record<string, string>) => HonoursFilterSchema.parse(input);
const namesOf = (roll: Awaited<ReturnType<typeof listHonours>>) => roll.honours.flatMap((h) => h.recipients.map((r) => r.nameEn));

/** One database per file: the world of these tests, built once. */
const world = (async () => {
  const ai = await createDepartment({ nameZh: "人工智能研究院", nameEn: "Research Institute of AI" });
  const hr = await createDepartment({ nameZh: "人力资源处", nameEn: "Human Resources" });
  const wang = await createUser({ nameZh: "王文静", nameEn: "Wang Wenjing", pinyin: "wangwenjing", departmentId: ai.id });
  const li = await createUser({ nameZh: "李明", nameEn: "Li Ming", departmentId: ai.id });
  const zhao = await createUser({ nameZh: "赵雷", nameEn: "Zhao Lei", departmentId: hr.id });
  const percent = await createUser({ nameZh: "百分号", nameEn: "Hundred % Percent", departmentId: hr.id });
  const secretMember = await createUser({ nameZh: "保密成员", nameEn: "Hidden Member", departmentId: hr.id });
  const announced2019 = await createProgramme({
    year: 2019,
    status: "ANNOUNCED",
    categories: [
      {
        nameZh: "科技奖",
        nameEn: "Technology Award",
        levelZh: "一等奖",
        levelEn: "First Prize",
        awards: [
          {
            citationZh: "建成人工智能开源平台。",
            citationEn: "Built the AI Open Source Platform.",
            recipients: [{ kind: "TEAM", nameZh: "开源平台团队", nameEn: "Open Platform Team", members: [{ id: li.id }, { id: wang.id }, { id: zhao.id }] }],
          },
        ],
      },
      {
        nameZh: "青年科技奖",
        nameEn: "Young Scientist Award",
        awards: [{ citationZh: "调度方向系列成果。", citationEn: "Results on scheduling with 100% uptime.", recipients: [{ kind: "INDIVIDUAL", user: wang }] }],
      },
    ],
  });
  const contribution2019 = await createProgramme({
    year: 2019,
    status: "ANNOUNCED",
    categories: [
      {
        nameZh: "贡献奖",
        nameEn: "Contribution Award",
        levelZh: "先进集体",
        levelEn: "Outstanding Unit",
        awards: [
          { citationZh: "完成人才招引计划。", citationEn: "Ran the recruitment plans.", recipients: [{ kind: "DEPARTMENT", department: hr }] },
          { citationZh: "百分号的贡献。", citationEn: "Hundred's work.", recipients: [{ kind: "INDIVIDUAL", user: percent }] },
        ],
      },
    ],
  });
  const dueSchedule = await createProgramme({
    year: 2024,
    status: "SCHEDULED",
    announceAt: new Date(Date.now() - 60_000),
    categories: [{ nameZh: "创新奖", nameEn: "Innovation Award", awards: [{ citationEn: "Came due a minute ago.", recipients: [{ kind: "INDIVIDUAL", user: zhao }] }] }],
  });
  const embargoed = [] as Array<Awaited<ReturnType<typeof createProgramme>>>;
  for (const [status, announceAt] of [
    ["DRAFT", null],
    ["APPROVED", null],
    ["SCHEDULED", new Date(Date.now() + 3_600_000)],
  ] as const) {
    embargoed.push(
      await createProgramme({
        year: 2030,
        status,
        announceAt,
        nameZh: `保密奖项${status}`,
        nameEn: `Secret Awards ${status}`,
        categories: [
          {
            nameZh: "保密类别",
            nameEn: "Secret Category",
            awards: [
              {
                citationZh: `保密事迹${status}`,
                citationEn: `Secret citation ${status}`,
                recipients: [
                  { kind: "TEAM", nameZh: `保密团队${status}`, nameEn: `Secret Team ${status}`, members: [{ id: secretMember.id }, { id: wang.id }] },
                  { kind: "INDIVIDUAL", user: li },
                  { kind: "DEPARTMENT", department: ai },
                ],
              },
            ],
          },
        ],
      }),
    );
  }
  return { ai, hr, wang, li, zhao, percent, secretMember, announced2019, contribution2019, dueSchedule, embargoed };
})();

test("the roll shows announced programmes and scheduled ones whose time has come, never draft, approved or future-scheduled ones", async () => {
  const { dueSchedule } = await world;
  const roll = await listHonours(all);
  expect(roll.years).toEqual([2024, 2019]);
  expect(roll.total).toBe(5);
  const serialized = JSON.stringify(roll);
  expect(serialized).not.toMatch(/保密|Secret|Hidden Member/);
  expect(roll.honours[0]!.programme.slug).toBe(dueSchedule.slug);
  // asking for the embargoed year directly gives nothing either
  const hidden = await listHonours(filter({ year: "2030" }));
  expect(hidden.total).toBe(0);
  expect(hidden.honours).toEqual([]);
});

test("the roll is ordered newest year first, then by category and award, with team members lead first", async () => {
  const { announced2019, contribution2019 } = await world;
  const roll = await listHonours(filter({ year: "2019" }));
  const [first, second] = [announced2019, contribution2019].sort((a, b) => a.slug.localeCompare(b.slug));
  expect(roll.honours.map((h) => h.awardId)).toEqual([...first!.awardIds.flat(), ...second!.awardIds.flat()]);
  const team = roll.honours.flatMap((h) => h.recipients).find((r) => r.kind === "TEAM")!;
  expect(team).toMatchObject({ nameZh: "开源平台团队", nameEn: "Open Platform Team" });
  expect(team.members).toEqual([
    { nameZh: "李明", nameEn: "Li Ming", isLead: true },
    { nameZh: "王文静", nameEn: "Wang Wenjing", isLead: false },
    { nameZh: "赵雷", nameEn: "Zhao Lei", isLead: false },
  ]);
  const individual = roll.honours.flatMap((h) => h.recipients).find((r) => r.nameEn === "Wang Wenjing")!;
  expect(individual).toMatchObject({ kind: "INDIVIDUAL", departmentZh: "人工智能研究院", departmentEn: "Research Institute of AI", members: [] });
});

test("a departed winner keeps the award under the name as awarded, without a department", async () => {
  const { contribution2019 } = await world;
  const leaver = await createUser({ nameZh: "离职者", nameEn: "Left Already", departmentId: (await world).ai.id });
  const award = await prisma.award.create({
    data: {
      categoryId: (await prisma.awardCategory.findFirstOrThrow({ where: { programmeId: contribution2019.id } })).id,
      position: 9,
      recipients: { create: { kind: "INDIVIDUAL", userId: leaver.id, displayNameZh: "离职者", displayNameEn: "Left Already" } },
    },
  });
  try {
    await prisma.user.update({ where: { id: leaver.id }, data: { deletedAt: new Date() } });
    const roll = await listHonours(filter({ q: "离职者" }));
    expect(roll.honours.map((h) => h.awardId)).toEqual([award.id]);
    expect(roll.honours[0]!.recipients[0]).toMatchObject({ nameZh: "离职者", nameEn: "Left Already", departmentZh: null, departmentEn: null });
    // nor is it counted to the department they worked in
    expect((await listHonours(filter({ department: (await world).ai.id }))).honours.map((h) => h.awardId)).not.toContain(award.id);
  } finally {
    await prisma.award.delete({ where: { id: award.id } });
  }
});

test("free text finds team members, team names, recipients and citations in either language, case-insensitively", async () => {
  await world;
  // a team member (not the lead) finds the team's award as well as their own
  expect(namesOf(await listHonours(filter({ q: "王文静" })))).toEqual(["Open Platform Team", "Wang Wenjing"]);
  expect(namesOf(await listHonours(filter({ q: "wang WENJING" })))).toEqual(["Open Platform Team", "Wang Wenjing"]);
  expect(namesOf(await listHonours(filter({ q: "wangwenjing" })))).toEqual(["Open Platform Team", "Wang Wenjing"]);
  expect(namesOf(await listHonours(filter({ q: "开源平台团队" })))).toEqual(["Open Platform Team"]);
  expect(namesOf(await listHonours(filter({ q: "招引" })))).toEqual(["Human Resources"]);
  expect(namesOf(await listHonours(filter({ q: "human resources" })))).toEqual(["Human Resources"]);
  expect(namesOf(await listHonours(filter({ q: "no such person" })))).toEqual([]);
});

test("free text is literal: % and _ are not wildcards", async () => {
  await world;
  // "%" appears in one name and one citation; as a LIKE pattern it would match everything
  expect(namesOf(await listHonours(filter({ q: "%" }))).sort()).toEqual(["Hundred % Percent", "Wang Wenjing"]);
  expect(namesOf(await listHonours(filter({ q: "_" })))).toEqual([]);
  expect(namesOf(await listHonours(filter({ q: "100% up" })))).toEqual(["Wang Wenjing"]);
});

test("free text never reaches embargoed awards: not through a member, a team name or a citation", async () => {
  await world;
  for (const q of ["保密成员", "Hidden Member", "保密团队", "Secret citation", "保密事迹DRAFT"]) {
    expect((await listHonours(filter({ q }))).total, q).toBe(0);
  }
});

test("department: the department itself, individuals in it, and teams with a member in it", async () => {
  const { ai, hr } = await world;
  // AI: Wang's individual award and the team (Li and Wang are members)
  expect(namesOf(await listHonours(filter({ department: ai.id })))).toEqual(["Open Platform Team", "Wang Wenjing"]);
  // HR: the team (Zhao is a member), the department's own award, Percent's, and Zhao's 2024 one
  expect(namesOf(await listHonours(filter({ department: hr.id }))).sort()).toEqual(
    ["Hundred % Percent", "Human Resources", "Open Platform Team", "Zhao Lei"].sort(),
  );
  expect((await listHonours(filter({ department: "no-such-department" }))).total).toBe(0);
});

test("kind narrows by recipient kind, and together with department on the same recipient", async () => {
  const { ai, hr } = await world;
  expect(namesOf(await listHonours(filter({ kind: "team" })))).toEqual(["Open Platform Team"]);
  expect(namesOf(await listHonours(filter({ kind: "department" })))).toEqual(["Human Resources"]);
  expect(namesOf(await listHonours(filter({ kind: "individual" }))).sort()).toEqual(["Hundred % Percent", "Wang Wenjing", "Zhao Lei"]);
  expect(namesOf(await listHonours(filter({ kind: "individual", department: ai.id })))).toEqual(["Wang Wenjing"]);
  expect(namesOf(await listHonours(filter({ kind: "department", department: ai.id })))).toEqual([]);
  expect(namesOf(await listHonours(filter({ kind: "team", department: hr.id, year: "2019" })))).toEqual(["Open Platform Team"]);
});

test("filters: stale values are ignored, a search over 100 characters is refused", () => {
  expect(HonoursFilterSchema.parse({ year: "twenty", kind: "robot", page: "-3", department: "" })).toEqual({
    q: undefined,
    year: undefined,
    department: undefined,
    kind: undefined,
    page: 1,
  });
  expect(HonoursFilterSchema.parse({ q: "  王  ", year: "2019", kind: "team", page: "2" })).toMatchObject({ q: "王", year: 2019, kind: "team", page: 2 });
  expect(HonoursFilterSchema.safeParse({ q: "x".repeat(101) }).success).toBe(false);
  expect(HonoursFilterSchema.safeParse({ q: "x".repeat(100) }).success).toBe(true);
});

test("excerpt cuts on whole characters and marks the cut", () => {
  expect(excerpt("短")).toBe("短");
  expect(excerpt("🏆".repeat(5), 3)).toBe("🏆🏆🏆…");
  expect(excerpt("abc def", 4)).toBe("abc…");
});

test("twenty years of a hundred awards: two queries, a page of a hundred, newest year first", async () => {
  await world;
  const programmes = Array.from({ length: 20 }, (_, i) => ({ id: unique("bulk-p"), year: 1990 + i }));
  await prisma.awardProgramme.createMany({
    data: programmes.map((p) => ({ id: p.id, slug: p.id, year: p.year, nameZh: `${p.year}年度`, nameEn: `${p.year} Awards`, status: "ANNOUNCED" as const, announcedAt: new Date() })),
  });
  const categories = programmes.map((p) => ({ id: unique("bulk-c"), programmeId: p.id, nameZh: "奖", nameEn: "Award" }));
  await prisma.awardCategory.createMany({ data: categories });
  const awards = categories.flatMap((c) => Array.from({ length: 100 }, (_, i) => ({ id: unique("bulk-a"), categoryId: c.id, position: i, citationEn: `Bulk ${i}` })));
  await prisma.award.createMany({ data: awards });
  await prisma.awardRecipient.createMany({
    data: awards.map((a, i) => ({ awardId: a.id, kind: "INDIVIDUAL" as const, displayNameZh: `人${i}`, displayNameEn: `Person ${i}` })),
  });

  try {
    const small = await countQueries(() => listHonours(filter({ year: "2019" })));
    const started = performance.now();
    const large = await countQueries(() => listHonours(all));
    const elapsed = performance.now() - started;
    expect(large.queries).toBe(2);
    expect(small.queries).toBe(2);
    expect(large.result.total).toBe(2005);
    expect(large.result.pageCount).toBe(21);
    expect(large.result.honours).toHaveLength(100);
    // 2024 (one award) comes first, then 2019's four, then the bulk years from 2009 down
    expect(large.result.honours.slice(0, 6).map((h) => h.programme.year)).toEqual([2024, 2019, 2019, 2019, 2019, 2009]);
    expect(elapsed).toBeLessThan(1500);

    const last = await listHonours(filter({ page: "21" }));
    expect(last.honours.map((h) => h.recipients[0]!.nameEn)).toEqual(["Person 95", "Person 96", "Person 97", "Person 98", "Person 99"].map((n) => n));
    expect(last.honours.every((h) => h.programme.year === 1990)).toBe(true);
    expect((await listHonours(filter({ page: "22" }))).honours).toEqual([]);
  } finally {
    await prisma.awardProgramme.deleteMany({ where: { id: { in: programmes.map((p) => p.id) } } });
  }
});

test("my awards: by name, through a team, through the department (marked so); announced only", async () => {
  const { wang, zhao, hr, secretMember, li } = await world;
  const mine = await listMyAwards(wang.id);
  expect(mine.map((a) => [a.kind, a.nameEn, a.isLead])).toEqual([
    ["TEAM", "Open Platform Team", false],
    ["INDIVIDUAL", "Wang Wenjing", false],
  ]);
  expect(mine[0]!.programme).toMatchObject({ year: 2019 });
  expect((await listMyAwards(li.id)).map((a) => [a.kind, a.nameEn, a.isLead])).toEqual([["TEAM", "Open Platform Team", true]]);
  // Zhao: the scheduled-and-due 2024 award, the team's, and HR's as the department's
  expect((await listMyAwards(zhao.id)).map((a) => [a.kind, a.nameEn])).toEqual([
    ["INDIVIDUAL", "Zhao Lei"],
    ["TEAM", "Open Platform Team"],
    ["DEPARTMENT", hr.nameEn],
  ]);
  // the embargoed team's member sees HR's award and nothing of the embargoed team
  expect((await listMyAwards(secretMember.id)).map((a) => a.nameEn)).toEqual([hr.nameEn]);
});

test("my awards: an embargoed award appears at the announcement, not before", async () => {
  const { embargoed, secretMember } = await world;
  const draft = embargoed[0]!;
  const admin = await createUser({ roles: ["admin"] });
  expect(JSON.stringify(await listMyAwards(secretMember.id))).not.toContain("Secret Team DRAFT");
  await changeProgrammeStatus(admin.id, draft.id, { to: "ANNOUNCED" });
  try {
    expect((await listMyAwards(secretMember.id)).map((a) => a.nameEn)).toContain("Secret Team DRAFT");
  } finally {
    await prisma.awardProgramme.update({ where: { id: draft.id }, data: { status: "DRAFT", announcedAt: null, announcedById: null } });
  }
});

// ───────────────────────── Atom ─────────────────────────

type ParsedFeed = { feed: Record<string, string>; links: Array<Record<string, string>>; entries: Array<Record<string, string>> };

/** A strict XML parse (saxes, the parser exceljs ships): throws on anything that is not well-formed. */
function parseAtom(xml: string): ParsedFeed {
  const parser = new SaxesParser({ xmlns: true });
  const parsed: ParsedFeed = { feed: {}, links: [], entries: [] };
  const path: string[] = [];
  let text = "";
  parser.on("error", (error) => {
    throw error;
  });
  parser.on("opentag", (node) => {
    path.push(node.local);
    text = "";
    if (node.uri !== "http://www.w3.org/2005/Atom") throw new Error(`element outside the Atom namespace: ${node.name}`);
    if (node.local === "entry") parsed.entries.push({});
    if (node.local === "link") {
      const attributes = Object.fromEntries(Object.entries(node.attributes).map(([name, a]) => [name, typeof a === "string" ? a : a.value]));
      if (path.includes("entry")) Object.assign(parsed.entries.at(-1)!, { link: attributes.href, linkRel: attributes.rel });
      else parsed.links.push(attributes);
    }
    if (node.local === "content") parsed.entries.at(-1)!.contentType = String((node.attributes.type as { value: string } | undefined)?.value);
  });
  parser.on("text", (chunk) => {
    text += chunk;
  });
  parser.on("closetag", (node) => {
    const where = path.includes("entry") && node.local !== "entry" ? parsed.entries.at(-1)! : parsed.feed;
    if (node.local !== "entry" && node.local !== "feed" && node.local !== "link") where[path.join("/").replace(/^feed\/(entry\/)?/, "")] = text;
    path.pop();
    text = "";
  });
  parser.write(xml).close();
  return parsed;
}

test("the feed: one entry per announced programme, newest announcement first, nothing embargoed", async () => {
  const { announced2019, contribution2019, dueSchedule } = await world;
  const xml = await announcementsAtom("http://convene.example:3000");
  const { feed, links, entries } = parseAtom(xml);
  expect(feed.title).toBe("获奖公告 · Award announcements");
  expect(feed.id).toBe("tag:convene.example,2026:awards");
  expect(links).toContainEqual(expect.objectContaining({ rel: "self", href: "http://convene.example:3000/awards.atom" }));
  expect(entries.map((e) => e.title)).toEqual([
    `${dueSchedule.nameZh} · ${dueSchedule.nameEn}`,
    ...[announced2019, contribution2019].sort((a, b) => a.slug.localeCompare(b.slug)).map((p) => `${p.nameZh} · ${p.nameEn}`),
  ]);
  // a scheduled announcement whose time has come counts from that time, though no one changed its status
  expect(entries[0]!.updated).toBe(dueSchedule.announceAt!.toISOString());
  expect(entries[1]!.updated).toBe("2020-01-18T07:40:00.000Z");
  expect(feed.updated).toBe(dueSchedule.announceAt!.toISOString());
  expect(entries[0]!.link).toBe(`http://convene.example:3000/awards/${dueSchedule.slug}`);
  expect(entries[0]!.id).toBe(`tag:convene.example,2026:awards/${dueSchedule.id}`);
  expect(xml).not.toMatch(/保密|Secret|Hidden Member/);
  const team = entries.find((e) => e.content!.includes("Open Platform Team"))!;
  expect(team.contentType).toBe("html");
  expect(team.content).toContain("<strong>开源平台团队 · Open Platform Team</strong>");
  expect(team.content).toContain("李明 Li Ming (负责人 · lead), 王文静 Wang Wenjing, 赵雷 Zhao Lei");
  expect(team.content).toContain("<em>建成人工智能开源平台。</em>");
  expect(team.content).toContain("<h3>科技奖 一等奖 · Technology Award, First Prize</h3>");
});

test("the feed escapes names with <, &, quotes, Chinese and emoji, and drops characters XML cannot carry", async () => {
  const tricky = await createUser({ nameZh: "张<三>&\"李\"🏆", nameEn: "O'Brien <b>bold</b> & \"co\" 🎉" });
  const programme = await createProgramme({
    year: 2025,
    status: "ANNOUNCED",
    announcedAt: new Date("2026-01-20T02:00:00Z"),
    nameZh: "奖项<&>\"🏆\"",
    nameEn: "Awards </title><script>alert(1)</script>",
    categories: [
      {
        nameZh: "类别&",
        nameEn: "Category <i>",
        awards: [
          {
            citationZh: "引用\u0001控制字符]]>结束",
            citationEn: "Citation with <br> & 'quotes'",
            recipients: [
              { kind: "INDIVIDUAL", user: tricky },
              { kind: "TEAM", nameZh: "团队<&>", nameEn: "Team \"A&B\"", members: [{ id: tricky.id }] },
            ],
          },
        ],
      },
    ],
  });
  try {
    const xml = await announcementsAtom("http://localhost:3000");
    const { entries } = parseAtom(xml);
    const entry = entries.find((e) => e.id!.endsWith(programme.id))!;
    // the title is text: exactly the names, once the XML is read
    expect(entry.title).toBe(`奖项<&>"🏆" · Awards </title><script>alert(1)</script>`);
    // the content is HTML carried as text: once read, the names are HTML-escaped, never markup
    expect(entry.content).toContain("张&lt;三&gt;&amp;&quot;李&quot;🏆 · O&#39;Brien");
    expect(entry.content).toContain("&lt;b&gt;bold&lt;/b&gt; &amp; &quot;co&quot; 🎉");
    expect(entry.content).toContain("团队&lt;&amp;&gt; · Team &quot;A&amp;B&quot;");
    expect(entry.content).toContain("Citation with &lt;br&gt; &amp; &#39;quotes&#39;");
    expect(entry.content).toContain("引用控制字符]]&gt;结束");
    expect(entry.content).not.toContain("<b>");
    expect(entry.content).not.toContain("<script>");
    expect(xml).not.toContain("\u0001");
  } finally {
    await prisma.awardProgramme.delete({ where: { id: programme.id } });
  }
});

test("escapeXml and the entity tag", () => {
  expect(escapeXml(`<a href="x">&'</a>`)).toBe("&lt;a href=&quot;x&quot;&gt;&amp;&apos;&lt;/a&gt;");
  expect(escapeXml("\u0000\u0008ok\u000b\uFFFE\uD800🎉")).toBe("ok🎉");
  const tag = entityTag("<feed/>");
  expect(tag).toMatch(/^"[\w-]{32}"$/);
  expect(entityTag("<feed/>")).toBe(tag);
  expect(entityTag("<feed />")).not.toBe(tag);
  expect(matchesEntityTag(tag, tag)).toBe(true);
  expect(matchesEntityTag(`"other", W/${tag}`, tag)).toBe(true);
  expect(matchesEntityTag("*", tag)).toBe(true);
  expect(matchesEntityTag('"other"', tag)).toBe(false);
  expect(matchesEntityTag(null, tag)).toBe(false);
});
