import { readFileSync } from "node:fs";
import path from "node:path";

import ExcelJS from "exceljs";
import { expect, test } from "vitest";

import { createDepartment, createUser } from "../../tests/factories";
import { addAward, addCategory, changeProgrammeStatus, createProgramme, programmeContents } from "~/models/award.server";
import { confirmAwardImport, MAX_LINES, openImport, previewAwardImport, sealImport, type AwardPreviewResult } from "~/models/award-import.server";
import { prisma } from "~/utils/db.server";
import { translate } from "~/utils/i18n";

const FIXTURES = path.resolve(import.meta.dirname, "..", "..", "tests", "fixtures");

// ───────────── the seed's people of the 2019 Technology Awards ─────────────

const DEPARTMENTS = {
  AI: ["人工智能研究院", "Research Institute of Artificial Intelligence"],
  ISN: ["智能感知研究院", "Research Institute of Intelligent Sensing"],
  IIN: ["工业互联网研究中心", "Research Center for Industrial Internet"],
  ICP: ["智能计算研究院", "Research Institute of Intelligent Computing"],
  BD: ["大数据研究院", "Research Institute of Big Data"],
  HR: ["人力资源部", "Human Resources Department"],
} as const;
type Code = keyof typeof DEPARTMENTS;

// email, employee number, names, department: as prisma/seed.ts makes them (its generator is seeded)
const PEOPLE: Array<[string, string, string, string, Code]> = [
  ["pan.yunhe@lab.example", "ZJ20170003", "潘云鹤", "Pan Yunhe", "AI"],
  ["li.junjun.004@lab.example", "ZJ20180010", "李军骏", "Li Junjun", "AI"],
  ["gao.ming.011@lab.example", "ZJ20180016", "高明", "Gao Ming", "AI"],
  ["tang.xiao.018@lab.example", "ZJ20170011", "唐晓", "Tang Xiao", "AI"],
  ["liu.song.001@lab.example", "ZJ20170007", "刘松", "Liu Song", "ISN"],
  ["chen.hao.008@lab.example", "ZJ20180013", "陈昊", "Chen Hao", "ISN"],
  ["yang.gangtian.015@lab.example", "ZJ20180020", "杨刚天", "Yang Gangtian", "ISN"],
  ["huang.liqian.029@lab.example", "ZJ20190002", "黄莉倩", "Huang Liqian", "ISN"],
  ["qian.zhihong@lab.example", "ZJ20180003", "钱志宏", "Qian Zhihong", "IIN"],
  ["wang.xiusi.006@lab.example", "ZJ20180012", "王秀思", "Wang Xiusi", "IIN"],
  ["qian.xiulin.013@lab.example", "ZJ20180018", "钱秀琳", "Qian Xiulin", "IIN"],
  ["zhang.hanfang.020@lab.example", "ZJ20170012", "张涵芳", "Zhang Hanfang", "IIN"],
  ["staff@lab.example", "ZJ20180007", "王磊", "Wang Lei", "ICP"],
  ["wang.ying.005@lab.example", "ZJ20180011", "王颖", "Wang Ying", "BD"],
];

let world: Promise<{ departments: Record<Code, { id: string }>; people: Map<string, { id: string }> }> | undefined;
/** The departments and staff the fixture names, created once for this file's database. */
function seedPeople() {
  world ??= (async () => {
    const departments = {} as Record<Code, { id: string }>;
    for (const [code, [nameZh, nameEn]] of Object.entries(DEPARTMENTS)) departments[code as Code] = await createDepartment({ code, nameZh, nameEn });
    const people = new Map<string, { id: string }>();
    for (const [email, employeeNo, nameZh, nameEn, code] of PEOPLE) {
      const user = await createUser({ email, employeeNo, nameZh, nameEn, departmentId: departments[code].id, password: null });
      people.set(email, user);
      people.set(employeeNo, user);
    }
    return { departments, people };
  })();
  return world;
}

let programmes = 0;
/** A draft programme with the 2019 Technology Awards' categories, run by an award organizer. */
async function draftProgramme() {
  await seedPeople();
  const organizer = await createUser({ roles: ["awards", "staff"], password: null });
  const programme = await createProgramme(organizer.id, {
    year: 2019,
    slug: `tech-awards-${++programmes}-${Date.now().toString(36)}`,
    nameZh: "之江实验室2019年度科技奖",
    nameEn: "2019 Zhejiang Lab Technology Awards",
    descriptionZh: "",
    descriptionEn: "",
    eventSlug: "",
  });
  const categories = {
    first: await addCategory(organizer.id, programme.id, { nameZh: "科技奖", nameEn: "Technology Award", levelZh: "一等奖", levelEn: "First Prize" }),
    second: await addCategory(organizer.id, programme.id, { nameZh: "科技奖", nameEn: "Technology Award", levelZh: "二等奖", levelEn: "Second Prize" }),
    young: await addCategory(organizer.id, programme.id, { nameZh: "青年科技奖", nameEn: "Young Scientist Award", levelZh: "", levelEn: "" }),
  };
  return { organizer, programme, categories };
}
type Setup = Awaited<ReturnType<typeof draftProgramme>>;

const HEADER = ["category_zh", "level_zh", "kind", "recipient", "team_name_en", "members", "citation_zh", "citation_en"];
const quote = (value: string) => (/[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);
const csv = (rows: string[][], header = HEADER) => new TextEncoder().encode([header, ...rows].map((row) => row.map(quote).join(",")).join("\r\n") + "\r\n");
const fixture = (name: string) => new Uint8Array(readFileSync(path.join(FIXTURES, name)));

async function preview({ organizer, programme }: Setup, bytes: Uint8Array, fileName = "awards.csv") {
  return previewAwardImport({ programmeId: programme.id, actorId: organizer.id, fileName, bytes });
}

function previewed(result: AwardPreviewResult) {
  if (!result.ok) throw new Error(`expected a preview, got ${JSON.stringify(result)}`);
  return result;
}

function problemOf(result: AwardPreviewResult) {
  if (result.ok || !("problem" in result)) throw new Error(`expected a file problem, got ${JSON.stringify(result).slice(0, 300)}`);
  return result.problem;
}

async function confirm({ organizer, programme }: Setup, token: string | null) {
  if (!token) throw new Error("the preview offers nothing to confirm");
  return confirmAwardImport({ programmeId: programme.id, actorId: organizer.id, token });
}

/** Everything an import may write, counted, so a test can say "nothing was written". */
async function footprint() {
  return {
    awards: await prisma.award.count(),
    recipients: await prisma.awardRecipient.count(),
    teams: await prisma.team.count(),
    members: await prisma.teamMember.count(),
    categories: await prisma.awardCategory.count(),
    audit: await prisma.auditLog.count(),
  };
}

// ───────────── a good file ─────────────

test("the 2019 Technology Awards file previews as the seed has them, then confirming writes them all with one audit entry", async () => {
  const setup = await draftProgramme();
  const result = previewed(await preview(setup, fixture("awards-2019-import.csv"), "awards-2019-import.csv"));
  expect(result.preview.issues).toEqual([]);
  expect(result.preview.counts).toEqual({ lines: 5, awards: 5, already: 0, errors: 0, individuals: 2, teams: 3, departments: 0 });
  expect(result.preview.sheetName).toBeNull();
  // the preview resolves every identifier to the person, lead first, with their department
  const [ai, quantum, , young] = result.preview.awards;
  expect(ai).toMatchObject({ line: 2, category: { nameZh: "科技奖", levelZh: "一等奖" } });
  expect(ai!.recipient.kind === "TEAM" && ai!.recipient.members.map((member) => [member.nameZh, member.department?.nameZh])).toEqual([
    ["潘云鹤", "人工智能研究院"],
    ["李军骏", "人工智能研究院"],
    ["高明", "人工智能研究院"],
    ["唐晓", "人工智能研究院"],
  ]);
  expect(quantum!.recipient).toMatchObject({ kind: "TEAM", nameZh: "量子精密测量装置团队", nameEn: "Quantum Metrology Facility Team" });
  expect(young).toMatchObject({ line: 5, category: { nameZh: "青年科技奖", levelZh: "" }, recipient: { kind: "INDIVIDUAL", person: { nameZh: "王磊", department: { nameZh: "智能计算研究院" } } } });
  const before = await footprint();
  expect(before.awards).toBe(0);

  const done = await confirm(setup, result.token);
  expect(done).toEqual({ ok: true, summary: { awards: 5, teams: 3, already: 0 } });
  const contents = await programmeContents(setup.programme.id);
  expect(contents.map((category) => [category.nameZh, category.levelZh, category.awards.map((award) => award.recipients.map((r) => r.displayNameZh).join("+"))])).toEqual([
    ["科技奖", "一等奖", ["人工智能开源平台研发团队"]],
    ["科技奖", "二等奖", ["量子精密测量装置团队", "工控系统信息安全测试装置团队"]],
    ["青年科技奖", "", ["王磊", "王颖"]],
  ]);
  const team = contents[1]!.awards[1]!.recipients[0]!.team!;
  expect(team.members.map((member) => [member.user.nameZh, member.isLead])).toEqual([["钱志宏", true], ["王秀思", false], ["钱秀琳", false], ["张涵芳", false]]);
  expect(contents[1]!.awards.map((award) => award.position)).toEqual([0, 1]);
  expect(contents[0]!.awards[0]!.citationEn).toMatch(/^Built and launched the Lab's Artificial Intelligence Open Source Platform/);
  expect(contents[2]!.awards[1]!.recipients[0]).toMatchObject({ kind: "INDIVIDUAL", displayNameEn: "Wang Ying", user: { profile: { department: { nameZh: "大数据研究院" } } } });

  // audited once, for the whole import, naming the awards it made
  const imports = await prisma.auditLog.findMany({ where: { action: "award.import", entityId: setup.programme.id } });
  expect(imports).toHaveLength(1);
  expect(imports[0]).toMatchObject({ actorId: setup.organizer.id, entityType: "AwardProgramme", entityId: setup.programme.id });
  expect(JSON.parse(imports[0]!.metadata)).toMatchObject({ fileName: "awards-2019-import.csv", lines: 5, awards: 5, teams: 3 });
  expect(JSON.parse(imports[0]!.metadata).awardIds).toHaveLength(5);
  expect(await prisma.auditLog.count({ where: { action: "award.create" } })).toBe(0);
  expect((await footprint()).audit).toBe(before.audit + 1);
});

test("appended after the awards already in a category; lines already in the programme are shown and left alone", async () => {
  const setup = await draftProgramme();
  await addAward(setup.organizer.id, setup.programme.id, { categoryId: setup.categories.young.id, kind: "INDIVIDUAL", people: "ZJ20180007", citationZh: "手工录入", citationEn: "", teamNameZh: "", teamNameEn: "", departmentId: "" });
  const result = previewed(await preview(setup, fixture("awards-2019-import.csv")));
  expect(result.preview.counts).toMatchObject({ awards: 4, already: 1, errors: 0 });
  expect(result.preview.awards.find((award) => award.line === 5)).toMatchObject({ already: true });
  expect(await confirm(setup, result.token)).toEqual({ ok: true, summary: { awards: 4, teams: 3, already: 1 } });
  const young = (await programmeContents(setup.programme.id))[2]!;
  expect(young.awards.map((award) => [award.position, award.recipients[0]!.displayNameZh, award.citationZh.slice(0, 4)])).toEqual([
    [0, "王磊", "手工录入"],
    [1, "王颖", "多中心智"],
  ]);

  // the same file again: nothing new, so nothing to confirm
  const again = previewed(await preview(setup, fixture("awards-2019-import.csv")));
  expect(again.preview.counts).toMatchObject({ awards: 0, already: 5, errors: 0 });
  expect(again.token).toBeNull();
});

test("Chinese headers in any order, kinds in English, a title row above them, a department by code or name, extra columns ignored", async () => {
  const setup = await draftProgramme();
  const header = ["获奖对象", "类型", "奖项类别", "等级", "团队成员", "团队英文名", "备注"];
  const bytes = csv(
    [
      header,
      ["HR", "department", "科技奖", "一等奖", "", "", "x"],
      ["大数据研究院", "Department", "科技奖", "二等奖", "", "", ""],
      ["量子团队", "TEAM", "科技奖", "二等奖", "ZJ20170007、CHEN.HAO.008@LAB.EXAMPLE", "Quantum Team", ""],
      ["zj20180011", "个人", " 青年科技奖 ", "", "", "", ""],
    ],
    ["2019年度科技奖获奖名单", "", "", "", "", "", ""],
  );
  const result = previewed(await preview(setup, bytes));
  expect(result.preview.issues).toEqual([]);
  expect(result.preview.ignoredColumns).toEqual(["备注"]);
  expect(result.preview.awards.map((award) => [award.line, award.recipient.kind])).toEqual([
    [3, "DEPARTMENT"],
    [4, "DEPARTMENT"],
    [5, "TEAM"],
    [6, "INDIVIDUAL"],
  ]);
  expect(result.preview.awards[0]!.recipient).toMatchObject({ department: { code: "HR", nameZh: "人力资源部" } });
  expect(result.preview.awards[2]!.recipient).toMatchObject({ members: [{ nameZh: "刘松" }, { nameZh: "陈昊" }] });
  expect(result.preview.awards[3]!.recipient).toMatchObject({ person: { nameZh: "王颖" } });
});

test("an .xlsx works too: numbers from number cells, rows numbered as Excel numbers them", async () => {
  const setup = await draftProgramme();
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("获奖名单");
  sheet.addRow(["类别", "等级", "类型", "获奖对象"]);
  sheet.addRow(["青年科技奖", null, "个人", { text: "staff@lab.example", hyperlink: "mailto:staff@lab.example" }]);
  // row 3 left empty, as people do between groups
  sheet.getRow(4).values = ["青年科技奖", null, "个人", 20189999];
  const bytes = new Uint8Array((await workbook.xlsx.writeBuffer()) as ArrayBuffer);
  const result = previewed(await preview(setup, bytes, "awards.xlsx"));
  expect(result.preview.sheetName).toBe("获奖名单");
  expect(result.preview.awards.map((award) => award.line)).toEqual([2]);
  expect(result.preview.issues).toEqual([{ line: 4, column: "获奖对象", messageKey: "awardImport.error.unknownStaff", params: { value: "20189999" } }]);
});

// ───────────── bad lines ─────────────

test("every kind of bad line is named by its line and column, all at once, and nothing can be confirmed", async () => {
  const setup = await draftProgramme();
  const left = await createUser({ email: "left.2019@lab.example", employeeNo: "ZJ20170099", password: null });
  await prisma.user.update({ where: { id: left.id }, data: { deletedAt: new Date() } });
  await createUser({ kind: "GUEST", email: "guest.2019@zju.example", password: null });
  const long = "很".repeat(2001);
  const bytes = csv([
    ["科技奖", "一等奖", "个人", "ZJ20189999", "", "", "", ""], // 2 unknown staff
    ["科技奖", "一等奖", "个人", "left.2019@lab.example", "", "", "", ""], // 3 left
    ["科技奖", "一等奖", "个人", "guest.2019@zju.example", "", "", "", ""], // 4 a guest is not staff
    ["科技奖", "一等奖", "部门", "不存在的部门", "", "", "", ""], // 5 unknown department
    ["科技奖", "一等奖", "集体", "AI", "", "", "", ""], // 6 unknown kind
    ["科技奖", "二等奖", "团队", "某团队", "", "", "", ""], // 7 no English name, no members
    ["科技奖", "二等奖", "个人", "", "", "", "", ""], // 8 empty recipient
    ["科技奖", "二等奖", "个人", "staff@lab.example", "", "", "", ""], // 9 fine
    ["科技奖", "二等奖", "个人", "ZJ20180007", "", "", "", ""], // 10 the same person as line 9
    ["青年科技奖", "", "个人", "wang.ying.005@lab.example", "", "", long, ""], // 11 over-long citation
    ["科技奖", "三等奖", "个人", "ZJ20180010", "", "", "", ""], // 12 unknown category
    ["科技奖", "一等奖", "个人", "ZJ20180010", "Team", "ZJ20180016", "", ""], // 13 team columns on a person
    ["科技奖", "一等奖", "个人", "ZJ20180010; ZJ20180016", "", "", "", ""], // 14 two people on an individual line
    ["科技奖", "一等奖", "团队", "另一团队", "Another Team", "ZJ20180010、li.junjun.004@lab.example", "", ""], // 15 one member twice
    ["", "", "", "", "", "", "", ""], // 16 blank: skipped
    ["", "一等奖", "", "ZJ20180010", "", "", "", ""], // 17 no category, no kind
  ]);
  const before = await footprint();
  const result = previewed(await preview(setup, bytes));
  expect(result.token).toBeNull();
  const en = result.preview.issues.map((issue) => `${issue.line} ${issue.column}: ${translate("en", issue.messageKey, issue.params)}`);
  expect(en).toEqual([
    "2 recipient: No staff member has the employee number or email “ZJ20189999”.",
    "3 recipient: “left.2019@lab.example” has left the Lab (the account is deactivated).",
    "4 recipient: No staff member has the employee number or email “guest.2019@zju.example”.",
    "5 recipient: No department has the name or code “不存在的部门”.",
    "6 kind: “集体” is not a recipient type: use individual, team or department (个人、团队、部门).",
    "7 team_name_en: A team needs its English name.",
    "7 members: A team needs its members: employee numbers or emails separated by ; or 、, the lead first.",
    "8 recipient: No recipient given.",
    "10 recipient: Same category and recipient as line 9.",
    "11 citation_zh: Longer than 2000 characters.",
    "12 category_zh: The programme has no category “科技奖 · 三等奖”. Add it on the manage page first, or use one of: 科技奖 · 一等奖、科技奖 · 二等奖、青年科技奖.",
    "13 team_name_en: Only team lines have an English team name and members: is the type right?",
    "13 members: Only team lines have an English team name and members: is the type right?",
    "14 recipient: One person per line for an individual award; for a group, use a team line.",
    "15 members: “li.junjun.004@lab.example” is listed twice.",
    "17 category_zh: This cell is empty.",
    "17 kind: This cell is empty.",
  ]);
  // the same problem in Chinese, as the page shows it to a Chinese reader
  expect(translate("zh-CN", result.preview.issues[0]!.messageKey, result.preview.issues[0]!.params)).toBe("找不到工号或邮箱为“ZJ20189999”的员工。");
  expect(result.preview.counts).toMatchObject({ lines: 15, errors: 14, awards: 1 });
  expect(await footprint()).toEqual(before);
});

test("lines are the spreadsheet's rows: a citation over two text lines is one row, and blank rows count", async () => {
  const setup = await draftProgramme();
  const bytes = csv([
    ["青年科技奖", "", "个人", "staff@lab.example", "", "", "第一段。\r\n第二段。", "First.\nSecond."],
    ["", "", "", "", "", "", "", ""],
    ["青年科技奖", "", "个人", "nobody@lab.example", "", "", "", ""],
  ]);
  const result = previewed(await preview(setup, bytes));
  expect(result.preview.issues.map((issue) => issue.line)).toEqual([4]);
  expect(result.preview.awards[0]).toMatchObject({ line: 2, citationZh: "第一段。\n第二段。", citationEn: "First.\nSecond." });
});

test("files that cannot be previewed at all: each gets its own reason and nothing is written", async () => {
  const setup = await draftProgramme();
  const before = await footprint();
  const reason = async (bytes: Uint8Array, name = "awards.csv") => problemOf(await preview(setup, bytes, name));
  expect(await reason(csv([["科技奖"]], ["category_zh", "level_zh"]))).toEqual({ messageKey: "awardImport.problem.missingColumns", columns: ["kind", "recipient"] });
  expect((await reason(csv([], HEADER))).messageKey).toBe("awardImport.problem.noRows");
  expect(await reason(new Uint8Array())).toEqual({ messageKey: "awardImport.problem.empty" });
  expect(await reason(csv([["科技奖", "一等奖"]], ["category_zh", "类别", "kind", "recipient"]))).toEqual({
    messageKey: "awardImport.problem.duplicateColumn",
    params: { first: "category_zh", second: "类别" },
  });
  // 张三 in GBK: Excel's plain "CSV" on a Chinese Windows
  const gbk = new Uint8Array([...new TextEncoder().encode("category_zh,kind,recipient\r\n"), 0xd5, 0xc5, 0xc8, 0xfd, ...new TextEncoder().encode(",个人,ZJ1\r\n")]);
  expect((await reason(gbk)).messageKey).toBe("awardImport.problem.encoding");
  expect((await reason(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 1, 2, 3]), "awards.xls")).messageKey).toBe("awardImport.problem.oldExcel");
  expect((await reason(new TextEncoder().encode("PK\u0003\u0004 not a zip"), "awards.xlsx")).messageKey).toBe("awardImport.problem.notWorkbook");
  expect(await reason(new TextEncoder().encode('category_zh,kind,recipient\r\n"科技奖,个人,ZJ1\r\n'))).toEqual({ messageKey: "awardImport.problem.unclosedQuote", params: { line: 2 } });
  const tooMany = csv(Array.from({ length: MAX_LINES + 1 }, () => ["科技奖", "一等奖", "个人", "staff@lab.example", "", "", "", ""]));
  expect(await reason(tooMany)).toEqual({ messageKey: "awardImport.problem.tooManyRows", params: { max: MAX_LINES } });
  expect(await footprint()).toEqual(before);
});

// ───────────── confirming ─────────────

test("a failure in the middle of the writes rolls everything back: no award, team, member or audit entry", async () => {
  const setup = await draftProgramme();
  const result = previewed(await preview(setup, fixture("awards-2019-import.csv")));
  const before = await footprint();
  // the first award (a team) is written, then the second team fails, as a disk or constraint error would
  await prisma.$executeRawUnsafe(`CREATE TRIGGER award_import_failure BEFORE INSERT ON "Team" WHEN NEW."nameZh" = '量子精密测量装置团队' BEGIN SELECT RAISE(ABORT, 'simulated failure'); END`);
  try {
    await expect(confirm(setup, result.token)).rejects.toThrow();
  } finally {
    await prisma.$executeRawUnsafe(`DROP TRIGGER award_import_failure`);
  }
  expect(await footprint()).toEqual(before);
  expect(await prisma.award.count({ where: { category: { programmeId: setup.programme.id } } })).toBe(0);
  // nothing half-done stands in the way of trying again, with the same preview
  expect(await confirm(setup, result.token)).toMatchObject({ ok: true, summary: { awards: 5 } });
});

test("the same preview confirmed twice, one after the other or at once, imports once", async () => {
  const setup = await draftProgramme();
  const result = previewed(await preview(setup, fixture("awards-2019-import.csv")));
  expect(await confirm(setup, result.token)).toMatchObject({ ok: true });
  const after = await footprint();
  expect(await confirm(setup, result.token)).toEqual({ ok: false, reason: "used" });
  expect(await footprint()).toEqual(after);

  // two browsers posting the same preview together (in one process the client already runs them one after the
  // other; across processes the write lock taken first does)
  const other = await draftProgramme();
  const twin = previewed(await preview(other, fixture("awards-2019-import.csv")));
  const outcomes = await Promise.all([confirm(other, twin.token), confirm(other, twin.token)]);
  expect(outcomes.filter((outcome) => outcome.ok)).toHaveLength(1);
  expect(outcomes.filter((outcome) => !outcome.ok)).toEqual([{ ok: false, reason: "used" }]);
  expect(await prisma.award.count({ where: { category: { programmeId: other.programme.id } } })).toBe(5);
});

test("changed since the preview (a member left, an award added by hand): nothing is written, and a fresh preview says why", async () => {
  const setup = await draftProgramme();
  const result = previewed(await preview(setup, fixture("awards-2019-import.csv")));
  const leaver = await createUser({ email: "leaving.soon@lab.example", employeeNo: "ZJ20179999", password: null });
  const withLeaver = previewed(await preview(setup, csv([["科技奖", "一等奖", "团队", "离职测试团队", "Leaver Team", "ZJ20170003; ZJ20179999"]])));
  await prisma.user.update({ where: { id: leaver.id }, data: { deletedAt: new Date() } });
  const before = await footprint();
  const changed = await confirm(setup, withLeaver.token);
  expect(changed).toMatchObject({ ok: false, reason: "changed", token: null });
  expect(changed.ok === false && changed.reason === "changed" && changed.preview.issues).toEqual([
    { line: 2, column: "members", messageKey: "awardImport.error.staffLeft", params: { value: "ZJ20179999" } },
  ]);
  expect(await footprint()).toEqual(before);

  // someone adds 王颖's award by hand: the import would now add 4, not 5, so it asks again with a fresh seal
  await addAward(setup.organizer.id, setup.programme.id, { categoryId: setup.categories.young.id, kind: "INDIVIDUAL", people: "wang.ying.005@lab.example", citationZh: "", citationEn: "", teamNameZh: "", teamNameEn: "", departmentId: "" });
  const fresh = await confirm(setup, result.token);
  if (fresh.ok || fresh.reason !== "changed") throw new Error(`expected a changed plan, got ${JSON.stringify(fresh)}`);
  expect(fresh.preview.counts).toMatchObject({ awards: 4, already: 1 });
  expect(await prisma.award.count({ where: { category: { programmeId: setup.programme.id } } })).toBe(1);
  expect(await confirm(setup, fresh.token)).toEqual({ ok: true, summary: { awards: 4, teams: 3, already: 1 } });
});

test("the seal: tampered, for another programme or organizer, or expired, it is refused; an announced programme takes no import", async () => {
  const setup = await draftProgramme();
  const other = await draftProgramme();
  const result = previewed(await preview(setup, fixture("awards-2019-import.csv")));
  const token = result.token!;
  const [version, body, mac] = token.split(".");
  const flipped = `${version}.${body!.slice(0, -2)}${body!.at(-2) === "A" ? "B" : "A"}${body!.slice(-1)}.${mac}`;
  const now = new Date();
  const expect_ = { programmeId: setup.programme.id, actorId: setup.organizer.id, now };
  expect(openImport(token, expect_)).toMatchObject({ awards: 5, lines: [{ line: 2 }, { line: 3 }, { line: 4 }, { line: 5 }, { line: 6 }] });
  expect(openImport(flipped, expect_)).toBeNull();
  expect(openImport(token, { ...expect_, programmeId: other.programme.id })).toBeNull();
  expect(openImport(token, { ...expect_, actorId: other.organizer.id })).toBeNull();
  expect(openImport(token, { ...expect_, now: new Date(now.getTime() + 2 * 3600_000) })).toBeNull();
  // a seal made with a key we do not hold
  const forged = sealImport({ ...openImport(token, expect_)!, nonce: "n".repeat(16) });
  expect(openImport(`${forged.split(".").slice(0, 2).join(".")}.${"A".repeat(43)}`, expect_)).toBeNull();
  expect(await confirmAwardImport({ programmeId: other.programme.id, actorId: setup.organizer.id, token })).toEqual({ ok: false, reason: "expired" });
  expect(await confirm(setup, flipped)).toEqual({ ok: false, reason: "expired" });

  // announced between preview and confirm: refused, nothing written; and no preview for it either
  await changeProgrammeStatus(setup.organizer.id, setup.programme.id, { to: "ANNOUNCED" });
  expect(await confirm(setup, token)).toEqual({ ok: false, reason: "blocked", blocked: "awardImport.announced" });
  expect(await prisma.award.count({ where: { category: { programmeId: setup.programme.id } } })).toBe(0);
  expect(await preview(setup, fixture("awards-2019-import.csv"))).toEqual({ ok: false, blocked: "awardImport.announced" });
});
