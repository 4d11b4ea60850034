import ExcelJS from "exceljs";
import { expect, test } from "vitest";

import { createDepartment, createEvent, createUser } from "../../tests/factories";
import {
  confirmCohortImport,
  MAX_ROWS,
  MAX_UPLOAD_BYTES,
  openRows,
  previewCohortImport,
  sealRows,
  type CohortIssue,
  type PreviewResult,
} from "~/models/cohort-import.server";
import { prisma } from "~/utils/db.server";
import { translate } from "~/utils/i18n";

// ───────────── the demo's departments, people and files ─────────────

let departments: Promise<Record<"AI" | "BD" | "GO", { id: string }>> | undefined;
/** Three of the seed's departments, created once for this file's database. */
function demoDepartments() {
  departments ??= (async () => ({
    AI: await createDepartment({ code: "AI", nameZh: "人工智能研究院", nameEn: "Research Institute of Artificial Intelligence" }),
    BD: await createDepartment({ code: "BD", nameZh: "大数据研究院", nameEn: "Research Institute of Big Data" }),
    GO: await createDepartment({ code: "GO", nameZh: "综合办公室", nameEn: "General Office" }),
  }))();
  return departments;
}

const SURNAMES = [["张", "Zhang"], ["王", "Wang"], ["李", "Li"], ["赵", "Zhao"], ["陈", "Chen"], ["刘", "Liu"], ["杨", "Yang"], ["黄", "Huang"]] as const;
const GIVEN = [["伟", "Wei"], ["芳", "Fang"], ["娜", "Na"], ["敏", "Min"], ["静", "Jing"], ["磊", "Lei"], ["洋", "Yang"], ["婷", "Ting"], ["浩然", "Haoran"], ["思远", "Siyuan"]] as const;
const DEPARTMENT_CELLS = ["AI", "人工智能研究院", "Research Institute of Big Data", "bd", "GO"];

type Person = { nameZh: string; nameEn: string; email: string; employeeNo: string; department: string; hireDate: string; batch: string };
let cohorts = 0;
/** `count` new hires with unique emails and employee numbers, departments given by code and by name. */
function newHires(count: number): Person[] {
  const cohort = ++cohorts;
  return Array.from({ length: count }, (_, i) => {
    const [surnameZh, surnameEn] = SURNAMES[i % SURNAMES.length]!;
    const [givenZh, givenEn] = GIVEN[Math.floor(i / SURNAMES.length) % GIVEN.length]!;
    return {
      nameZh: `${surnameZh}${givenZh}`,
      nameEn: `${surnameEn} ${givenEn}`,
      email: `hire${cohort}.${i + 1}@lab.example`,
      employeeNo: `ZJ27${String(cohort).padStart(2, "0")}${String(i + 1).padStart(4, "0")}`,
      department: DEPARTMENT_CELLS[i % DEPARTMENT_CELLS.length]!,
      hireDate: "2027-09-01",
      batch: "2027-1",
    };
  });
}

const EN_HEADER = ["Chinese name", "English name", "Email", "Employee number", "Department", "Hire date", "Recruitment batch"];
const ZH_HEADER = ["中文姓名", "英文姓名", "邮箱", "工号", "部门", "入职日期", "批次"];
const cells = (p: Person) => [p.nameZh, p.nameEn, p.email, p.employeeNo, p.department, p.hireDate, p.batch];

const quote = (value: string) => (/[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);
function csv(rows: string[][], { bom = false } = {}) {
  return new TextEncoder().encode((bom ? "\uFEFF" : "") + rows.map((row) => row.map(quote).join(",")).join("\r\n") + "\r\n");
}

async function xlsx(rows: ExcelJS.CellValue[][], sheetName = "2027新员工") {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(sheetName);
  for (const row of rows) sheet.addRow(row);
  return new Uint8Array((await workbook.xlsx.writeBuffer()) as ArrayBuffer);
}

async function organizedEvent(fields: Parameters<typeof createEvent>[0] = {}) {
  await demoDepartments();
  const organizer = await createUser({ password: null, roles: ["organizer", "staff"] });
  const event = await createEvent({ kind: "INTERNAL_CONFERENCE", ...fields, organizerIds: [organizer.id] });
  return { organizer, event };
}

type Setup = Awaited<ReturnType<typeof organizedEvent>>;

/** An account that already exists for a person of the file, as the file describes them unless overridden. */
async function existingStaff(person: Person, overrides: Parameters<typeof createUser>[0] = {}) {
  return createUser({
    email: person.email,
    nameZh: person.nameZh,
    nameEn: person.nameEn,
    employeeNo: person.employeeNo,
    password: null,
    hireDate: new Date(`${person.hireDate}T00:00:00Z`),
    recruitmentBatch: person.batch,
    ...overrides,
  });
}

async function preview({ organizer, event }: Setup, bytes: Uint8Array, fileName = "new-hires.csv") {
  return previewCohortImport({ eventId: event.id, actorId: organizer.id, fileName, bytes, mayUpdateAccounts: true });
}

/** The preview of a readable file; fails the test with the problem otherwise. */
function previewed(result: PreviewResult) {
  if (!result.ok) throw new Error(`expected a preview, got ${JSON.stringify(result)}`);
  return result;
}

function problemOf(result: PreviewResult) {
  if (result.ok || !("problem" in result)) throw new Error(`expected a file problem, got ${JSON.stringify(result).slice(0, 300)}`);
  return result.problem;
}

async function confirm({ organizer, event }: Setup, token: string | null) {
  if (!token) throw new Error("the preview has nothing to import");
  return confirmCohortImport({ eventId: event.id, actorId: organizer.id, token, mayUpdateAccounts: true });
}

/** Everything an import may write, counted, so a test can say "nothing was written". */
async function footprint() {
  const staff = await prisma.role.findUniqueOrThrow({ where: { name: "staff" }, select: { _count: { select: { users: true } } } });
  return {
    users: await prisma.user.count(),
    profiles: await prisma.staffProfile.count(),
    registrations: await prisma.registration.count(),
    audit: await prisma.auditLog.count(),
    staffRole: staff._count.users,
  };
}

const issueText = (issue: CohortIssue) =>
  translate("en", "import.issue", { line: issue.line, column: issue.column, message: translate("en", issue.messageKey, issue.params) });

// ───────────── reading ─────────────

test("a CSV with English headers and a byte-order mark previews every row, with departments by code or name", async () => {
  const setup = await organizedEvent();
  const hires = newHires(5);
  const result = previewed(await preview(setup, csv([EN_HEADER, ...hires.map(cells)], { bom: true })));
  expect(result.preview.issues).toEqual([]);
  expect(result.preview.counts).toEqual({ rows: 5, create: 5, update: 0, unchanged: 0, errors: 0, confirm: 5, waitlist: 0, already: 0 });
  expect(result.preview.rows.map((row) => row.row.line)).toEqual([2, 3, 4, 5, 6]);
  // "人工智能研究院" and "AI" are one department; "bd" and its English name another
  expect(result.preview.rows.map((row) => row.department.code)).toEqual(["AI", "AI", "BD", "BD", "GO"]);
  expect(result.preview.rows[0]!.row).toMatchObject({ nameZh: hires[0]!.nameZh, nameEn: hires[0]!.nameEn, email: hires[0]!.email, hireDate: "2027-09-01", recruitmentBatch: "2027-1" });
  expect(result.token).toMatch(/^c1\./);
});

test("Chinese headers in any order, a title row above them, pinyin instead of an English name, extra columns ignored", async () => {
  const setup = await organizedEvent();
  const [hire] = newHires(1);
  const bytes = csv([
    ["2027年新员工名单", "", "", "", "", "", "", ""],
    ["工号", "邮箱", "拼音", "备注", "中文姓名", "入职日期", "部门", "招聘批次"],
    [hire!.employeeNo, hire!.email.toUpperCase(), "Zhang Wei", "博士后", "张伟", "2027/9/1", "人工智能研究院", ""],
  ]);
  const result = previewed(await preview(setup, bytes));
  expect(result.preview.issues).toEqual([]);
  expect(result.preview.ignoredColumns).toEqual(["备注"]);
  expect(result.preview.rows[0]!.row).toEqual({
    line: 3,
    nameZh: "张伟",
    nameEn: "Zhang Wei",
    pinyin: "Zhang Wei",
    email: hire!.email,
    employeeNo: hire!.employeeNo,
    department: "人工智能研究院",
    hireDate: "2027-09-01",
    recruitmentBatch: null,
  });
});

test("an .xlsx built in Excel's ways: date cells, linked emails, numeric employee numbers, rich text, another sheet name", async () => {
  const setup = await organizedEvent();
  const suffix = Date.now() % 100_000;
  const bytes = await xlsx([
    ZH_HEADER,
    [{ richText: [{ text: "欧阳" }, { text: "娜娜", font: { bold: true } }] }, "Ouyang Nana", { text: `ouyang${suffix}@lab.example`, hyperlink: `mailto:ouyang${suffix}@lab.example` }, 2027_00_000 + suffix, "AI", new Date(Date.UTC(2027, 8, 1)), "2027-1"],
    ["司马光", "Sima Guang", `sima${suffix}@lab.example`, `ZJ-${suffix}`, "General Office", "2027-09-15", "2027-1"],
  ]);
  const result = previewed(await preview(setup, bytes, "新员工.xlsx"));
  expect(result.preview.issues).toEqual([]);
  expect(result.preview.sheetName).toBe("2027新员工");
  expect(result.preview.rows.map((row) => row.row)).toEqual([
    { line: 2, nameZh: "欧阳娜娜", nameEn: "Ouyang Nana", email: `ouyang${suffix}@lab.example`, employeeNo: String(2027_00_000 + suffix), department: "AI", hireDate: "2027-09-01", recruitmentBatch: "2027-1" },
    { line: 3, nameZh: "司马光", nameEn: "Sima Guang", email: `sima${suffix}@lab.example`, employeeNo: `ZJ-${suffix}`, department: "General Office", hireDate: "2027-09-15", recruitmentBatch: "2027-1" },
  ]);
});

// ───────────── errors, each with its line and column ─────────────

test("every kind of bad cell is an issue naming its line and its column as the file spells it", async () => {
  const setup = await organizedEvent();
  const guest = await createUser({ kind: "GUEST", email: `guest${Date.now()}@partner.example` });
  const taken = await createUser({ email: `taken${Date.now()}@lab.example`, employeeNo: `T${Date.now()}` });
  const gone = await createUser({ email: `gone${Date.now()}@lab.example` });
  await prisma.user.update({ where: { id: gone.id }, data: { deletedAt: new Date() } });
  const goneNo = (await prisma.staffProfile.findUniqueOrThrow({ where: { userId: gone.id } })).employeeNo;
  const takenNo = (await prisma.staffProfile.findUniqueOrThrow({ where: { userId: taken.id } })).employeeNo;
  const ok = newHires(12);
  const row = (i: number, change: Partial<Person>) => cells({ ...ok[i]!, ...change });
  const bytes = csv([
    ZH_HEADER,
    row(0, {}), // line 2: fine
    row(1, { nameZh: "" }), // 3
    row(2, { nameEn: "x".repeat(101) }), // 4
    row(3, { email: "not-an-email" }), // 5
    row(4, { employeeNo: "ZJ 2027/1" }), // 6
    row(5, { hireDate: "2027-02-30" }), // 7
    row(6, { hireDate: "next Monday" }), // 8
    row(7, { department: "Quantum Studies" }), // 9
    row(8, { email: guest.email }), // 10
    row(9, { email: taken.email }), // 11: the email is someone else's, with another employee number
    row(10, { employeeNo: takenNo }), // 12: the number is someone else's, with another email
    row(11, { email: gone.email, employeeNo: goneNo }), // 13
  ]);
  const result = previewed(await preview(setup, bytes));
  const issues = result.preview.issues.map(({ line, column, messageKey }) => ({ line, column, messageKey }));
  expect(issues).toEqual([
    { line: 3, column: "中文姓名", messageKey: "import.error.required" },
    { line: 4, column: "英文姓名", messageKey: "import.error.tooLong" },
    { line: 5, column: "邮箱", messageKey: "import.error.email" },
    { line: 6, column: "工号", messageKey: "import.error.employeeNo" },
    { line: 7, column: "入职日期", messageKey: "import.error.date" },
    { line: 8, column: "入职日期", messageKey: "import.error.date" },
    { line: 9, column: "部门", messageKey: "import.error.department" },
    { line: 10, column: "邮箱", messageKey: "import.error.guest" },
    { line: 11, column: "邮箱", messageKey: "import.error.emailTaken" },
    { line: 12, column: "工号", messageKey: "import.error.numberTaken" },
    { line: 13, column: "邮箱", messageKey: "import.error.deactivated" },
  ]);
  expect(result.preview.counts).toMatchObject({ rows: 12, create: 1, errors: 11 });
  expect(issueText(result.preview.issues[2]!)).toBe("Line 5, column 邮箱: not an email address");
  expect(issueText(result.preview.issues[9]!)).toBe(`Line 12, column 工号: this employee number belongs to ${taken.email}`);
  expect(translate("zh-CN", "import.issue", { line: 5, column: "邮箱", message: translate("zh-CN", "import.error.email") })).toBe("第 5 行，“邮箱”列：不是有效的邮箱地址");

  // In English headers the same cell is "column Email", as the example in the issue puts it.
  const english = previewed(await preview(setup, csv([EN_HEADER, ...Array.from({ length: 5 }, (_, i) => row(i, {})), row(5, { email: "wang@" })])));
  expect(issueText(english.preview.issues[0]!)).toBe("Line 7, column Email: not an email address");
});

test("a batch that Excel turned into a date is flagged, with advice, and the rest of the workbook still previews", async () => {
  const setup = await organizedEvent();
  const [good, bad] = newHires(2);
  const bytes = await xlsx([EN_HEADER, cells(good!), [...cells(bad!).slice(0, 6), new Date(Date.UTC(2027, 0, 1))]]);
  const result = previewed(await preview(setup, bytes, "hires.xlsx"));
  expect(result.preview.issues).toEqual([{ line: 3, column: "Recruitment batch", messageKey: "import.error.batchIsDate" }]);
  expect(result.preview.counts).toMatchObject({ create: 1, errors: 1 });
});

test("files that cannot be previewed at all: each gets its own reason and nothing is written", async () => {
  const setup = await organizedEvent();
  const before = await footprint();
  const [hire] = newHires(1);
  const reason = async (bytes: Uint8Array, fileName = "hires.csv") => problemOf(await preview(setup, bytes, fileName));

  expect(await reason(new Uint8Array())).toEqual({ messageKey: "import.problem.empty" });
  expect(await reason(new TextEncoder().encode("\uFEFF\r\n , ,\r\n"))).toEqual({ messageKey: "import.problem.empty" });
  expect(await reason(csv([EN_HEADER]))).toEqual({ messageKey: "import.problem.noRows" });

  // GBK, as Excel's plain "CSV" saves on Chinese Windows: 张三 is D5C5 C8FD
  const gbk = Buffer.concat([Buffer.from(`${EN_HEADER.join(",")}\r\n`), Buffer.from([0xd5, 0xc5, 0xc8, 0xfd]), Buffer.from(`,Zhang San,${hire!.email},${hire!.employeeNo},AI,2027-09-01,2027-1\r\n`)]);
  expect(await reason(new Uint8Array(gbk))).toEqual({ messageKey: "import.problem.encoding" });
  expect(await reason(new Uint8Array(Buffer.from(`\uFEFF${EN_HEADER.join(",")}`, "utf16le")))).toEqual({ messageKey: "import.problem.encoding" });

  expect(await reason(csv([["Chinese name", "Email", "备注"], ["张三", hire!.email, ""]]))).toEqual({
    messageKey: "import.problem.missingColumns",
    fields: ["nameEn", "employeeNo", "department", "hireDate", "recruitmentBatch"],
  });
  expect(await reason(csv([[...EN_HEADER, "邮箱"], [...cells(hire!), hire!.email]]))).toEqual({
    messageKey: "import.problem.duplicateColumn",
    params: { first: "Email", second: "邮箱" },
  });
  expect(await reason(new TextEncoder().encode(`${EN_HEADER.join(",")}\r\n"张三,Zhang San\r\n`))).toEqual({
    messageKey: "import.problem.unclosedQuote",
    params: { line: 2 },
  });

  // Not a workbook: random bytes named .xlsx, a workbook cut short, an old .xls, a PDF
  expect(await reason(new TextEncoder().encode("this is not a workbook"), "hires.xlsx")).toEqual({ messageKey: "import.problem.notWorkbook" });
  const workbook = await xlsx([EN_HEADER, cells(hire!)]);
  expect(await reason(workbook.subarray(0, workbook.length - 100), "hires.xlsx")).toEqual({ messageKey: "import.problem.notWorkbook" });
  expect(await reason(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]), "hires.xls")).toEqual({ messageKey: "import.problem.oldExcel" });
  expect(await reason(new TextEncoder().encode("%PDF-1.7\n%âãÏÓ\n"), "hires.pdf")).toEqual({ messageKey: "import.problem.unsupported" });

  const oversize = new Uint8Array(MAX_UPLOAD_BYTES + 1).fill(0x41);
  expect(await reason(oversize)).toEqual({ messageKey: "import.problem.tooLarge", params: { max: "2 MB" } });
  const tooMany = newHires(MAX_ROWS + 1).map(cells);
  expect(await reason(csv([EN_HEADER, ...tooMany]))).toEqual({ messageKey: "import.problem.tooManyRows", params: { max: MAX_ROWS } });

  expect(await footprint()).toEqual(before);
});

test("the same email or employee number twice in the file refuses the file, naming both lines", async () => {
  const setup = await organizedEvent();
  const hires = newHires(6);
  hires[4]!.email = hires[1]!.email.toUpperCase(); // line 6 repeats line 3's email, in other case
  hires[5]!.employeeNo = hires[0]!.employeeNo; // line 7 repeats line 2's number
  const found = problemOf(await preview(setup, csv([EN_HEADER, ...hires.map(cells)])));
  expect(found.messageKey).toBe("import.problem.duplicates");
  expect(found.issues?.map(issueText)).toEqual([
    `Line 6, column Email: the same as line 3 (${hires[1]!.email})`,
    `Line 7, column Employee number: the same as line 2 (${hires[0]!.employeeNo})`,
  ]);
});

// ───────────── preview counts and confirmation ─────────────

test("preview sorts rows into created, updated, unchanged and errors, and registrations into new and existing", async () => {
  const setup = await organizedEvent({ capacity: 100 });
  const { AI, BD } = await demoDepartments();
  const [fresh, moved, same, broken] = newHires(4);
  // `moved` exists in another department without a batch; `same` exists exactly as the file says and is registered
  await existingStaff(moved!, { departmentId: BD.id, recruitmentBatch: null });
  moved!.department = "AI";
  const sameUser = await existingStaff(same!, { departmentId: AI.id });
  same!.department = "AI";
  same!.employeeNo = same!.employeeNo.toLowerCase(); // HR typed it in lower case: still the same person
  await prisma.registration.create({ data: { eventId: setup.event.id, userId: sameUser.id, status: "CONFIRMED" } });
  broken!.hireDate = "01/09/2027";

  const result = previewed(await preview(setup, csv([EN_HEADER, ...[fresh!, moved!, same!, broken!].map(cells)])));
  expect(result.preview.counts).toEqual({ rows: 4, create: 1, update: 1, unchanged: 1, errors: 1, confirm: 2, waitlist: 0, already: 1 });
  const byLine = Object.fromEntries(result.preview.rows.map((row) => [row.row.line, row]));
  expect(byLine[3]).toMatchObject({ account: "update", changes: ["department", "recruitmentBatch"], registration: { kind: "confirm" } });
  expect(byLine[4]).toMatchObject({ account: "unchanged", changes: [], registration: { kind: "already", status: "CONFIRMED" } });
  expect(result.preview.seats).toEqual({ capacity: 100, confirmed: 1 });
});

test("confirming creates staff accounts without passwords, updates the others, and registers everyone on behalf of the organizer", async () => {
  const setup = await organizedEvent();
  const { BD, AI } = await demoDepartments();
  const [fresh, moved] = newHires(2);
  const existing = await existingStaff(moved!, { nameEn: "Old Name", password: "convene2026", departmentId: BD.id });
  moved!.department = "AI";
  const result = previewed(await preview(setup, csv([EN_HEADER, cells(fresh!), cells(moved!)])));
  const outcome = await confirm(setup, result.token);
  expect(outcome).toEqual({ ok: true, summary: { created: 1, updated: 1, unchanged: 0, confirmed: 2, waitlisted: 0, alreadyRegistered: 0, skipped: 0 } });

  const created = await prisma.user.findUniqueOrThrow({
    where: { email: fresh!.email },
    select: { id: true, kind: true, passwordHash: true, nameZh: true, nameEn: true, roles: { select: { name: true } }, profile: true },
  });
  expect(created).toMatchObject({ kind: "STAFF", passwordHash: null, nameZh: fresh!.nameZh, nameEn: fresh!.nameEn, roles: [{ name: "staff" }] });
  expect(created.profile).toMatchObject({ employeeNo: fresh!.employeeNo, departmentId: AI.id, recruitmentBatch: "2027-1", hireDate: new Date("2027-09-01T00:00:00Z") });

  const updated = await prisma.user.findUniqueOrThrow({ where: { id: existing.id }, select: { nameEn: true, passwordHash: true, profile: { select: { departmentId: true, recruitmentBatch: true } } } });
  expect(updated.nameEn).toBe(moved!.nameEn);
  expect(updated.passwordHash).not.toBeNull(); // an update never touches the password
  expect(updated.profile).toEqual({ departmentId: AI.id, recruitmentBatch: "2027-1" });

  const registrations = await prisma.registration.findMany({ where: { eventId: setup.event.id }, select: { userId: true, status: true, registeredById: true } });
  expect(registrations).toHaveLength(2);
  expect(registrations.every((r) => r.status === "CONFIRMED" && r.registeredById === setup.organizer.id)).toBe(true);
  const audit = await prisma.auditLog.findMany({ where: { actorId: setup.organizer.id }, select: { action: true } });
  expect(audit.map((entry) => entry.action).sort()).toEqual(["cohort.import", "registration.create", "registration.create", "user.create", "user.update"]);
});

test("re-importing the same file previews all unchanged and already registered, and confirming writes nothing", async () => {
  const setup = await organizedEvent();
  const bytes = csv([ZH_HEADER, ...newHires(8).map(cells)]);
  await confirm(setup, previewed(await preview(setup, bytes)).token);
  const before = await footprint();
  const stamps = await prisma.user.findMany({ where: { registrations: { some: { eventId: setup.event.id } } }, select: { id: true, updatedAt: true }, orderBy: { id: "asc" } });

  const again = previewed(await preview(setup, bytes));
  expect(again.preview.counts).toEqual({ rows: 8, create: 0, update: 0, unchanged: 8, errors: 0, confirm: 0, waitlist: 0, already: 8 });
  const outcome = await confirm(setup, again.token);
  expect(outcome).toEqual({ ok: true, summary: { created: 0, updated: 0, unchanged: 8, confirmed: 0, waitlisted: 0, alreadyRegistered: 8, skipped: 0 } });
  expect(await footprint()).toEqual(before);
  expect(await prisma.user.findMany({ where: { id: { in: stamps.map((s) => s.id) } }, select: { id: true, updatedAt: true }, orderBy: { id: "asc" } })).toEqual(stamps);
});

test("capacity is respected: confirmed while seats remain, then the waiting list in file order", async () => {
  const setup = await organizedEvent({ capacity: 4 });
  const already = await createUser({ password: null });
  await prisma.registration.create({ data: { eventId: setup.event.id, userId: already.id, status: "CONFIRMED" } });
  const hires = newHires(6);
  const result = previewed(await preview(setup, csv([EN_HEADER, ...hires.map(cells)])));
  expect(result.preview.counts).toMatchObject({ confirm: 3, waitlist: 3 });
  expect(result.preview.rows.map((row) => row.registration.kind)).toEqual(["confirm", "confirm", "confirm", "waitlist", "waitlist", "waitlist"]);

  const outcome = await confirm(setup, result.token);
  expect(outcome).toMatchObject({ ok: true, summary: { confirmed: 3, waitlisted: 3 } });
  const waiting = await prisma.registration.findMany({
    where: { eventId: setup.event.id, status: "WAITLISTED" },
    orderBy: [{ waitlistedAt: "asc" }, { createdAt: "asc" }, { id: "asc" }],
    select: { user: { select: { email: true } } },
  });
  expect(waiting.map((r) => r.user.email)).toEqual(hires.slice(3).map((h) => h.email));
  expect(await prisma.registration.count({ where: { eventId: setup.event.id, status: "CONFIRMED" } })).toBe(4);
});

test("seats taken between preview and confirm: the confirmation counts again and waitlists the overflow", async () => {
  const setup = await organizedEvent({ capacity: 5 });
  const result = previewed(await preview(setup, csv([EN_HEADER, ...newHires(4).map(cells)])));
  expect(result.preview.counts).toMatchObject({ confirm: 4, waitlist: 0 });
  for (let i = 0; i < 3; i++) {
    const walkIn = await createUser({ password: null });
    await prisma.registration.create({ data: { eventId: setup.event.id, userId: walkIn.id, status: "CONFIRMED" } });
  }
  expect(await confirm(setup, result.token)).toMatchObject({ ok: true, summary: { confirmed: 2, waitlisted: 2 } });
  expect(await prisma.registration.count({ where: { eventId: setup.event.id, status: "CONFIRMED" } })).toBe(5);
});

test("an email taken by someone else between preview and confirm: nothing is written and a fresh preview names the line", async () => {
  const setup = await organizedEvent();
  const hires = newHires(5);
  const result = previewed(await preview(setup, csv([EN_HEADER, ...hires.map(cells)])));
  const interloperNo = `X${Date.now()}`;
  await createUser({ email: hires[3]!.email, employeeNo: interloperNo });
  const before = await footprint();

  const outcome = await confirm(setup, result.token);
  if (outcome.ok || outcome.reason !== "changed") throw new Error(`expected "changed", got ${JSON.stringify(outcome).slice(0, 200)}`);
  expect(outcome.preview.issues.map(issueText)).toEqual([`Line 5, column Email: this email belongs to another staff member (employee number ${interloperNo})`]);
  expect(outcome.preview.counts).toMatchObject({ create: 4, errors: 1 });
  expect(await footprint()).toEqual(before);

  // The fresh preview's own seal imports the four that are still valid, and says one row was skipped.
  expect(await confirm(setup, outcome.token)).toMatchObject({ ok: true, summary: { created: 4, confirmed: 4, skipped: 1 } });
});

test("a failure in the middle of the writes rolls everything back: no accounts, no profiles, no registrations, no audit", async () => {
  const setup = await organizedEvent();
  const { GO } = await demoDepartments();
  const [changed, ...fresh] = newHires(6);
  await existingStaff(changed!, { departmentId: GO.id });
  changed!.department = "AI";
  const result = previewed(await preview(setup, csv([EN_HEADER, cells(changed!), ...fresh.map(cells)])));
  expect(result.preview.counts).toMatchObject({ create: 5, update: 1, confirm: 6 });
  const before = await footprint();

  // The accounts are written first; the registrations then fail, as a disk or constraint error would.
  await prisma.$executeRawUnsafe(
    `CREATE TRIGGER cohort_test_failure BEFORE INSERT ON "Registration" WHEN NEW."eventId" = '${setup.event.id}' BEGIN SELECT RAISE(ABORT, 'simulated failure'); END`,
  );
  try {
    // (Prisma reports the trigger's RAISE(ABORT) as a constraint violation; what matters is that it throws.)
    await expect(confirm(setup, result.token)).rejects.toThrow();
  } finally {
    await prisma.$executeRawUnsafe(`DROP TRIGGER cohort_test_failure`);
  }
  expect(await footprint()).toEqual(before);
  expect(await prisma.user.count({ where: { email: { in: fresh.map((h) => h.email) } } })).toBe(0);
  expect((await prisma.staffProfile.findFirstOrThrow({ where: { employeeNo: changed!.employeeNo } })).departmentId).toBe(GO.id);

  // Nothing half-done stands in the way of trying again.
  expect(await confirm(setup, result.token)).toMatchObject({ ok: true, summary: { created: 5, updated: 1, confirmed: 6 } });
});

test("the seal: tampered, for another event or organizer, or expired, it is refused; the event must be open", async () => {
  const setup = await organizedEvent();
  const other = await organizedEvent();
  const result = previewed(await preview(setup, csv([EN_HEADER, ...newHires(2).map(cells)])));
  const token = result.token!;
  const [version, body, mac] = token.split(".");
  const flipped = `${version}.${body!.slice(0, -2)}${body!.at(-2) === "A" ? "B" : "A"}${body!.slice(-1)}.${mac}`;
  expect(flipped).not.toBe(token);
  const now = new Date();
  expect(openRows(token, { eventId: setup.event.id, actorId: setup.organizer.id, now })).not.toBeNull();
  expect(openRows(flipped, { eventId: setup.event.id, actorId: setup.organizer.id, now })).toBeNull();
  expect(openRows(token, { eventId: other.event.id, actorId: setup.organizer.id, now })).toBeNull();
  expect(openRows(token, { eventId: setup.event.id, actorId: other.organizer.id, now })).toBeNull();
  expect(openRows(token, { eventId: setup.event.id, actorId: setup.organizer.id, now: new Date(now.getTime() + 2 * 3600_000) })).toBeNull();
  // a seal made with a key we do not hold
  const forged = sealRows({ eventId: setup.event.id, actorId: setup.organizer.id, expiresAt: now.getTime() + 60_000, fileName: "x.csv", labels: {}, skipped: 0, rows: [] });
  expect(openRows(`${forged.split(".").slice(0, 2).join(".")}.${"A".repeat(43)}`, { eventId: setup.event.id, actorId: setup.organizer.id, now })).toBeNull();
  expect(await confirm(setup, flipped)).toEqual({ ok: false, reason: "expired" });
  expect(await prisma.registration.count({ where: { eventId: setup.event.id } })).toBe(0);

  const cancelled = await organizedEvent({ status: "CANCELLED" });
  expect(await preview(cancelled, csv([EN_HEADER, ...newHires(1).map(cells)]))).toEqual({ ok: false, blocked: "import.closed" });
  await prisma.event.update({ where: { id: setup.event.id }, data: { status: "CANCELLED" } });
  expect(await confirm(setup, token)).toEqual({ ok: false, reason: "blocked", blocked: "import.closed" });
  expect(await prisma.registration.count({ where: { eventId: setup.event.id } })).toBe(0);
});

test("a year's cohort: 160 rows with 3 bad ones imports the 157 in well under a second, then the fixed file adds the 3", async () => {
  const setup = await organizedEvent({ capacity: 1_200 });
  const hires = newHires(160);
  const broken = structuredClone(hires);
  broken[6]!.email = "li.na@@lab.example"; // line 8
  broken[70]!.department = "Department of Nowhere"; // line 72
  broken[141]!.hireDate = "2027-13-01"; // line 143
  const started = performance.now();
  const result = previewed(await preview(setup, csv([ZH_HEADER, ...broken.map(cells)], { bom: true })));
  const previewMs = performance.now() - started;
  expect(result.preview.counts).toEqual({ rows: 160, create: 157, update: 0, unchanged: 0, errors: 3, confirm: 157, waitlist: 0, already: 0 });
  expect(result.preview.issues.map((issue) => [issue.line, issue.column, issue.messageKey])).toEqual([
    [8, "邮箱", "import.error.email"],
    [72, "部门", "import.error.department"],
    [143, "入职日期", "import.error.date"],
  ]);
  expect(result.token!.length).toBeLessThan(20_000);

  const confirmStarted = performance.now();
  const outcome = await confirm(setup, result.token);
  const confirmMs = performance.now() - confirmStarted;
  expect(outcome).toEqual({ ok: true, summary: { created: 157, updated: 0, unchanged: 0, confirmed: 157, waitlisted: 0, alreadyRegistered: 0, skipped: 3 } });
  console.info(`cohort import, 160 rows: preview ${previewMs.toFixed(0)} ms, confirm ${confirmMs.toFixed(0)} ms, seal ${result.token!.length} characters`);
  expect(previewMs + confirmMs).toBeLessThan(1_000);

  const fixed = previewed(await preview(setup, csv([ZH_HEADER, ...hires.map(cells)], { bom: true })));
  expect(fixed.preview.counts).toEqual({ rows: 160, create: 3, update: 0, unchanged: 157, errors: 0, confirm: 3, waitlist: 0, already: 157 });
  expect(await confirm(setup, fixed.token)).toMatchObject({ ok: true, summary: { created: 3, confirmed: 3, alreadyRegistered: 157, skipped: 0 } });
  expect(await prisma.registration.count({ where: { eventId: setup.event.id, registeredById: setup.organizer.id } })).toBe(160);
});
