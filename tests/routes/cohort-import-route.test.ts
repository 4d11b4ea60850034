import ExcelJS from "exceljs";
import { expect, test } from "vitest";

import { readCohortFile } from "~/models/cohort-import.server";
import { action as importAction, loader as importLoader } from "~/routes/events.$slug.import";
import { loader as csvLoader } from "~/routes/events.$slug.registrations[.]csv";
import { loader as xlsxLoader } from "~/routes/events.$slug.registrations[.]xlsx";
import { prisma } from "~/utils/db.server";

import { createDepartment, createEvent, createUser } from "../factories";
import { get, post, routeArgs, sessionCookieFor, settle, statusOf } from "../request";

const ORIGIN = "http://localhost:3000";
const HEADER = "中文姓名,英文姓名,邮箱,工号,部门,入职日期,批次";

let department: Promise<{ code: string }> | undefined;
const aiDepartment = () =>
  (department ??= createDepartment({ code: "AI", nameZh: "人工智能研究院", nameEn: "Research Institute of Artificial Intelligence" }));

async function organizedEvent(fields: Parameters<typeof createEvent>[0] = {}) {
  await aiDepartment();
  const organizer = await createUser({ password: null, roles: ["organizer", "staff"] });
  const event = await createEvent({ ...fields, organizerIds: [organizer.id] });
  return { organizer, event };
}

let batches = 0;
/** A CSV of `count` new hires with fresh emails and employee numbers, as UTF-8 with a byte-order mark. */
function cohortCsv(count: number, lines: (i: number) => string | null = () => null) {
  const batch = `${Date.now().toString(36)}${++batches}`;
  const rows = Array.from({ length: count }, (_, i) => lines(i) ?? `新员工${i + 1},New Hire ${i + 1},hire.${batch}.${i + 1}@lab.example,ZJ-${batch}-${i + 1},AI,2027-09-01,2027-1`);
  return `\uFEFF${HEADER}\r\n${rows.join("\r\n")}\r\n`;
}

/** A real multipart upload, as the browser's form sends it. */
async function upload(slug: string, file: File, userId: string, headers: Record<string, string> = {}) {
  const form = new FormData();
  form.append("intent", "preview");
  form.append("file", file);
  const request = new Request(`${ORIGIN}/events/${slug}/import`, {
    method: "POST",
    body: form,
    headers: { Cookie: await sessionCookieFor(userId), "Accept-Language": "en", ...headers },
  });
  return settle(async () => importAction(routeArgs(request, { slug })));
}

type ActionPayload = {
  stage: "problem" | "preview";
  problem?: { messageKey: string; fields: string[]; issues: Array<{ line: number; column: string; messageKey: string }> };
  preview?: { counts: Record<string, number>; issues: Array<{ line: number; column: string; messageKey: string }>; rows: Array<{ line: number; department: string }> };
  token?: string | null;
};
const payloadOf = (outcome: unknown) => (outcome as { data: ActionPayload }).data;

const csvFile = (text: string | Uint8Array<ArrayBuffer>, name = "new-hires.csv") => new File([text], name, { type: "text/csv" });

async function footprint() {
  return { users: await prisma.user.count(), registrations: await prisma.registration.count(), audit: await prisma.auditLog.count() };
}

test("only the event's organizers may open or post the import: staff and another event's organizer get 403", async () => {
  const { event } = await organizedEvent();
  const staff = await createUser({ password: null });
  const { organizer: otherOrganizer } = await organizedEvent();
  const before = await footprint();
  for (const userId of [staff.id, otherOrganizer.id]) {
    const page = await settle(async () => importLoader(routeArgs(await get(`/events/${event.slug}/import`, { userId }), { slug: event.slug })));
    expect(statusOf(page.thrown)).toBe(403);
    const posted = await upload(event.slug, csvFile(cohortCsv(2)), userId);
    expect(statusOf(posted.thrown)).toBe(403);
    const confirmed = await settle(async () => importAction(routeArgs(await post(`/events/${event.slug}/import`, { intent: "confirm", token: "c1.x.y" }, { userId }), { slug: event.slug })));
    expect(statusOf(confirmed.thrown)).toBe(403);
  }
  // signed out: to the sign-in page
  const anonymous = await settle(async () => importLoader(routeArgs(await get(`/events/${event.slug}/import`), { slug: event.slug })));
  expect(statusOf(anonymous.thrown)).toBe(302);
  expect(await footprint()).toEqual(before);
});

test("a 3 MB upload is refused with 400 before it is parsed, whether or not the client declares its size", async () => {
  const { organizer, event } = await organizedEvent();
  const before = await footprint();
  const big = csvFile(cohortCsv(1) + "x".repeat(3 * 1024 * 1024));

  const streamed = await upload(event.slug, big, organizer.id);
  expect(statusOf(streamed.returned)).toBe(400);
  expect(payloadOf(streamed.returned).problem?.messageKey).toBe("import.problem.tooLarge");

  const declared = await upload(event.slug, csvFile("tiny"), organizer.id, { "Content-Length": String(20 * 1024 * 1024) });
  expect(statusOf(declared.returned)).toBe(400);
  expect(payloadOf(declared.returned).problem?.messageKey).toBe("import.problem.tooLarge");
  expect(await footprint()).toEqual(before);
});

test("malformed files answer 400 with a reason and write nothing: GBK, not a workbook, missing columns, duplicates, empty, no file", async () => {
  const { organizer, event } = await organizedEvent();
  const before = await footprint();
  const reason = async (file: File) => {
    const outcome = await upload(event.slug, file, organizer.id);
    expect(statusOf(outcome.returned)).toBe(400);
    return payloadOf(outcome.returned).problem!;
  };
  const gbk = new Uint8Array([...new TextEncoder().encode(`${HEADER}\r\n`), 0xd5, 0xc5, 0xc8, 0xfd, ...new TextEncoder().encode(",Zhang San,z@lab.example,ZJ1,AI,2027-09-01,2027-1\r\n")]);
  expect((await reason(csvFile(gbk))).messageKey).toBe("import.problem.encoding");
  expect((await reason(csvFile("PK\u0003\u0004 not really a zip", "hires.xlsx"))).messageKey).toBe("import.problem.notWorkbook");
  expect(await reason(csvFile("中文姓名,邮箱\r\n张三,z@lab.example\r\n"))).toMatchObject({
    messageKey: "import.problem.missingColumns",
    fields: ["nameEn", "employeeNo", "department", "hireDate", "recruitmentBatch"],
  });
  const duplicated = await reason(csvFile(cohortCsv(3, (i) => (i === 2 ? "王五,Wang Wu,dup@lab.example,ZJ-D3,AI,2027-09-01,2027-1" : i === 0 ? "张三,Zhang San,dup@lab.example,ZJ-D1,AI,2027-09-01,2027-1" : null))));
  expect(duplicated.messageKey).toBe("import.problem.duplicates");
  expect(duplicated.issues).toEqual([{ line: 4, column: "邮箱", messageKey: "import.error.duplicate", params: { other: 2, value: "dup@lab.example" } }]);
  expect((await reason(csvFile(""))).messageKey).toBe("import.problem.empty");
  expect((await reason(new File([], "", { type: "application/octet-stream" }))).messageKey).toBe("import.problem.noFile");
  expect(await footprint()).toEqual(before);
});

test("preview then confirm through real requests: the errors name line and column, the good rows are imported, the page shows the counts", async () => {
  const { organizer, event } = await organizedEvent({ capacity: 3 });
  const csv = cohortCsv(5, (i) => (i === 1 ? "李娜,Li Na,li.na@@lab.example,ZJ-LINA,AI,2027-09-01,2027-1" : null));
  const before = await footprint();

  const previewed = await upload(event.slug, csvFile(csv), organizer.id);
  expect(statusOf(previewed.returned)).toBe(200);
  const { preview, token } = payloadOf(previewed.returned);
  expect(preview!.counts).toEqual({ rows: 5, create: 4, update: 0, unchanged: 0, errors: 1, confirm: 3, waitlist: 1, already: 0 });
  expect(preview!.issues).toEqual([{ line: 3, column: "邮箱", messageKey: "import.error.email" }]);
  expect(preview!.rows[0]!.department).toBe("Research Institute of Artificial Intelligence");
  expect(await footprint()).toEqual(before); // the preview wrote nothing

  const confirmed = await settle(async () => importAction(routeArgs(await post(`/events/${event.slug}/import`, { intent: "confirm", token: token! }, { userId: organizer.id }), { slug: event.slug })));
  expect(statusOf(confirmed.returned)).toBe(302);
  const location = (confirmed.returned as Response).headers.get("Location")!;
  expect(location).toBe(`/events/${event.slug}/import?created=4&updated=0&unchanged=0&confirmed=3&waitlisted=1&already=0&skipped=1`);
  const registrations = await prisma.registration.findMany({ where: { eventId: event.id }, select: { status: true, registeredById: true } });
  expect(registrations.map((r) => r.status).sort()).toEqual(["CONFIRMED", "CONFIRMED", "CONFIRMED", "WAITLISTED"]);
  expect(registrations.every((r) => r.registeredById === organizer.id)).toBe(true);

  const page = await importLoader(routeArgs(await get(location, { userId: organizer.id }), { slug: event.slug }));
  expect(page.summary).toEqual({ created: 4, updated: 0, unchanged: 0, confirmed: 3, waitlisted: 1, already: 0, skipped: 1 });
  expect(page.seats).toEqual({ capacity: 3, confirmed: 3 });

  // The same seal again (a double click, a resubmitted form): nothing new.
  const twice = await settle(async () => importAction(routeArgs(await post(`/events/${event.slug}/import`, { intent: "confirm", token: token! }, { userId: organizer.id }), { slug: event.slug })));
  expect((twice.returned as Response).headers.get("Location")).toContain("created=0&updated=0&unchanged=4&confirmed=0&waitlisted=0&already=4");
  expect(await prisma.registration.count({ where: { eventId: event.id } })).toBe(4);

  // A damaged seal is a 400 that says to upload the file again (other refusals: see the model test).
  const damaged = await settle(async () => importAction(routeArgs(await post(`/events/${event.slug}/import`, { intent: "confirm", token: `${token}x` }, { userId: organizer.id }), { slug: event.slug })));
  expect(statusOf(damaged.returned)).toBe(400);
  expect(payloadOf(damaged.returned).problem?.messageKey).toBe("import.expired");
});

test("an .xlsx upload previews like a CSV", async () => {
  const { organizer, event } = await organizedEvent();
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("名单");
  sheet.addRow(["Chinese name", "Pinyin", "Email", "Employee number", "Department", "Hire date", "Batch"]);
  sheet.addRow(["周杰", "Zhou Jie", `zhou.${Date.now()}@lab.example`, `ZJ-X${Date.now()}`, "人工智能研究院", new Date(Date.UTC(2027, 8, 1)), "2027-1"]);
  const bytes = (await workbook.xlsx.writeBuffer()) as ArrayBuffer;
  const outcome = await upload(event.slug, new File([bytes], "新员工.xlsx", { type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" }), organizer.id);
  expect(statusOf(outcome.returned)).toBe(200);
  expect(payloadOf(outcome.returned).preview!.counts).toMatchObject({ create: 1, errors: 0 });
});

test("a cancelled event cannot take an import: the page says so and a post is a 409", async () => {
  const { organizer, event } = await organizedEvent({ status: "CANCELLED" });
  const page = await importLoader(routeArgs(await get(`/events/${event.slug}/import`, { userId: organizer.id }), { slug: event.slug }));
  expect(page.blocked).toBe("import.closed");
  const posted = await upload(event.slug, csvFile(cohortCsv(1)), organizer.id);
  expect(statusOf(posted.returned)).toBe(409);
  expect(payloadOf(posted.returned).problem?.messageKey).toBe("import.closed");
});

// ───────────── the XLSX export ─────────────

async function loadExport(loader: typeof xlsxLoader, path: string, slug: string, userId: string) {
  return loader(routeArgs(await get(path, { userId, headers: { "Accept-Language": "en" } }), { slug }));
}

async function sheetRows(response: Response) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(await response.arrayBuffer());
  const rows: Array<Array<string | null>> = [];
  workbook.worksheets[0]!.eachRow((row) => rows.push((row.values as ExcelJS.CellValue[]).slice(1).map((v) => (v === null || v === undefined ? null : String(v)))));
  return { rows, workbook };
}

test("XLSX export: 403 for staff and other organizers; the same rows and columns as the CSV, header in ?lang=, Chinese intact", async () => {
  const { organizer, event } = await organizedEvent();
  const staff = await createUser({ password: null });
  const { organizer: otherOrganizer } = await organizedEvent();
  for (const userId of [staff.id, otherOrganizer.id]) {
    const refused = await settle(async () => loadExport(xlsxLoader, `/events/${event.slug}/registrations.xlsx`, event.slug, userId));
    expect(statusOf(refused.thrown)).toBe(403);
  }

  const people = [
    await createUser({ nameZh: "欧阳娜娜", nameEn: "Ouyang Nana", recruitmentBatch: "2027-1" }),
    await createUser({ nameZh: "王磊", nameEn: "Wang, Lei \"Ray\"" }),
  ];
  for (const person of people) await prisma.registration.create({ data: { eventId: event.id, userId: person.id, status: "CONFIRMED", registeredById: organizer.id } });

  const response = await loadExport(xlsxLoader, `/events/${event.slug}/registrations.xlsx?lang=zh-CN`, event.slug, organizer.id);
  expect(response.status).toBe(200);
  expect(response.headers.get("Content-Type")).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  expect(response.headers.get("Content-Disposition")).toBe(
    `attachment; filename="${event.slug}-registrations.xlsx"; filename*=UTF-8''${event.slug}-registrations-zh-CN.xlsx`,
  );
  const { rows, workbook } = await sheetRows(response);
  expect(workbook.worksheets[0]!.name).toBe("报名名单");
  expect(rows[0]).toEqual(["中文姓名", "英文姓名", "邮箱", "工号", "部门", "招聘批次", "状态", "报名时间"]);

  // Row for row, cell for cell, what the CSV export says.
  const csvResponse = await loadExport(csvLoader, `/events/${event.slug}/registrations.csv?lang=zh-CN`, event.slug, organizer.id);
  const csvSheet = await readCohortFile("export.csv", new Uint8Array(await csvResponse.arrayBuffer()));
  if (!csvSheet.ok) throw new Error("the CSV export did not read back");
  expect(rows.map((row) => row.map((cell) => cell ?? ""))).toEqual(csvSheet.sheet.rows.map((row) => row.cells.map(String)));
  expect(rows.flat()).toContain("欧阳娜娜");
  expect(rows.flat()).toContain("Wang, Lei \"Ray\"");

  const english = await sheetRows(await loadExport(xlsxLoader, `/events/${event.slug}/registrations.xlsx`, event.slug, organizer.id));
  expect(english.rows[0]).toEqual(["Name in Chinese", "Name in English", "Email", "Employee number", "Department", "Recruitment batch", "Status", "Registered"]);
});

test("XLSX export: a name that looks like a formula stays a plain text cell", async () => {
  const { organizer, event } = await organizedEvent();
  const prankster = await createUser({ nameZh: "测试", nameEn: '=HYPERLINK("http://evil.example","click")' });
  await prisma.registration.create({ data: { eventId: event.id, userId: prankster.id, status: "CONFIRMED" } });
  const { workbook } = await sheetRows(await loadExport(xlsxLoader, `/events/${event.slug}/registrations.xlsx?q=${encodeURIComponent("测试")}`, event.slug, organizer.id));
  const cell = workbook.worksheets[0]!.getRow(2).getCell(2);
  expect(cell.type).toBe(ExcelJS.ValueType.String);
  expect(cell.value).toBe('=HYPERLINK("http://evil.example","click")');
  expect(cell.formula).toBeUndefined();
});

test("an event organizer's import registers existing colleagues but never rewrites their accounts; an admin's import may", async () => {
  const { organizer, event } = await organizedEvent();
  const colleague = await createUser({ nameZh: "周敏", nameEn: "Zhou Min", email: "zhou.min.import@lab.example", employeeNo: "ZJ-ZHOUMIN", password: null });
  const csv = `\uFEFF${HEADER}\r\n周敏,Zhou Minnie,zhou.min.import@lab.example,ZJ-ZHOUMIN,AI,2027-09-01,2027-1\r\n`;

  const asOrganizer = payloadOf((await upload(event.slug, csvFile(csv), organizer.id)).returned);
  expect(asOrganizer.preview!.counts).toMatchObject({ update: 0, unchanged: 1, confirm: 1 });
  const confirmed = await settle(async () =>
    importAction(routeArgs(await post(`/events/${event.slug}/import`, { intent: "confirm", token: asOrganizer.token! }, { userId: organizer.id }), { slug: event.slug })),
  );
  expect(statusOf(confirmed.returned)).toBe(302);
  const untouched = await prisma.user.findUniqueOrThrow({ where: { id: colleague.id }, include: { profile: true } });
  expect(untouched.nameEn).toBe("Zhou Min");
  expect(untouched.profile?.recruitmentBatch).toBeNull();
  expect(await prisma.registration.count({ where: { eventId: event.id, userId: colleague.id } })).toBe(1);

  const admin = await createUser({ roles: ["admin", "staff"], password: null });
  const asAdmin = payloadOf((await upload(event.slug, csvFile(csv), admin.id)).returned);
  expect(asAdmin.preview!.counts).toMatchObject({ update: 1, already: 1 });
  await settle(async () => importAction(routeArgs(await post(`/events/${event.slug}/import`, { intent: "confirm", token: asAdmin.token! }, { userId: admin.id }), { slug: event.slug })));
  expect((await prisma.user.findUniqueOrThrow({ where: { id: colleague.id } })).nameEn).toBe("Zhou Minnie");
});
