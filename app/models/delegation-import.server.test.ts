import ExcelJS from "exceljs";
import { expect, test } from "vitest";

import { addMember, getDelegation, MemberSchema } from "~/models/delegation.server";
import {
  confirmDelegationImport,
  delegationTemplateCsv,
  openImport,
  previewDelegationImport,
  sealImport,
  type DelegationPreviewResult,
} from "~/models/delegation-import.server";
import { prisma } from "~/utils/db.server";
import { translate } from "~/utils/i18n";

import { createEvent, createUser } from "../../tests/factories";

const HEADER = "中文名/Chinese name,英文名/English name,职务/Title (Chinese),英文职务/Title (English),单位/Organisation (Chinese),英文单位/Organisation (English),邮箱/Email,电话/Phone,饮食/Dietary needs,翻译/Interpreter needs,团长/Leader";

async function visit() {
  const organizer = await createUser({ password: null, roles: ["organizer", "staff"] });
  const event = await createEvent({ kind: "PARTNERSHIP_VISIT", startsAt: new Date("2027-03-10T06:00:00Z"), endsAt: new Date("2027-03-10T09:30:00Z"), organizerIds: [organizer.id] });
  return { organizer, event };
}

let files = 0;
/** A delegation CSV: UTF-8 with a byte-order mark, as Excel saves "CSV UTF-8". */
function csv(lines: string[], { bom = true } = {}) {
  return new TextEncoder().encode(`${bom ? "\uFEFF" : ""}${[HEADER, ...lines].join("\r\n")}\r\n`);
}
const fresh = () => `${Date.now().toString(36)}${++files}`;

async function preview(setup: { organizer: { id: string }; event: { id: string } }, bytes: Uint8Array, fileName = "delegation.csv") {
  return previewDelegationImport({ eventId: setup.event.id, actorId: setup.organizer.id, fileName, bytes });
}
function previewed(result: DelegationPreviewResult) {
  if (!result.ok) throw new Error(`expected a preview, got ${JSON.stringify(result.problem)}`);
  return result;
}

async function footprint() {
  return { users: await prisma.user.count(), members: await prisma.delegationMember.count(), registrations: await prisma.registration.count(), badges: await prisma.badge.count(), audit: await prisma.auditLog.count() };
}

test("a good file (with a byte-order mark) previews without writing, then confirms into members after the existing ones, in file order", async () => {
  const setup = await visit();
  const { organizer, event } = setup;
  const first = await addMember(organizer.id, event.id, MemberSchema.parse({ nameZh: "吴朝晖", nameEn: "Wu Zhaohui", isLeader: "on" }));
  expect(first.ok).toBe(true);
  const guest = await createUser({ kind: "GUEST", password: null, email: `li.${fresh()}@zju.example` });
  const tag = fresh();
  const bytes = csv([
    `王立忠,Wang Lizhong,副校长,Vice President,浙江大学,Zhejiang University,wang.${tag}@zju.example,+86 571 8795 0001,清真 halal,,`,
    `李兰,Li Lan,院长,Dean,,,${guest.email.toUpperCase()},,,需要英语翻译,否`,
    `,Anna Schmidt,,Visiting Professor,,,,,vegetarian,,是`,
  ]);
  const before = await footprint();
  const result = previewed(await preview(setup, bytes));
  expect(result.preview.issues).toEqual([]);
  expect(result.preview.counts).toEqual({ lines: 3, members: 3, linked: 1, errors: 0 });
  expect(result.preview.members.map((m) => [m.line, m.precedence, m.nameEn, m.account, m.isLeader])).toEqual([
    [2, 2, "Wang Lizhong", "new", false],
    [3, 3, "Li Lan", "link", false],
    [4, 4, "Anna Schmidt", "new", true],
  ]);
  // the leader in the file takes over from 吴朝晖, and the page says so before anything happens
  expect(result.preview.replacesLeader).toEqual({ nameZh: "吴朝晖", nameEn: "Wu Zhaohui" });
  expect(result.token).toEqual(expect.any(String));
  expect(await footprint()).toEqual(before);

  const confirmed = await confirmDelegationImport({ eventId: event.id, actorId: organizer.id, token: result.token! });
  expect(confirmed).toEqual({ ok: true, summary: { added: 3, linked: 1 } });
  const delegation = (await getDelegation(event.id))!;
  expect(delegation.members.map((m) => [m.precedence, m.nameEn, m.isLeader, m.registrationStatus, m.badge?.ribbon])).toEqual([
    [1, "Wu Zhaohui", false, "CONFIRMED", "VISITOR"],
    [2, "Wang Lizhong", false, "CONFIRMED", "VISITOR"],
    [3, "Li Lan", false, "CONFIRMED", "VISITOR"],
    [4, "Anna Schmidt", true, "CONFIRMED", "VISITOR"],
  ]);
  expect(delegation.members[1]).toMatchObject({ titleZh: "副校长", phone: "+86 571 8795 0001", dietaryNeeds: "清真 halal", organisationZh: "浙江大学" });
  expect(delegation.members[2]).toMatchObject({ userId: guest.id, email: guest.email, interpreterNeeds: "需要英语翻译" });
  expect(await prisma.auditLog.count({ where: { eventId: event.id, action: "delegation.import" } })).toBe(1);

  // the same preview confirmed twice (a double click, a resubmitted form) adds nothing more
  expect(await confirmDelegationImport({ eventId: event.id, actorId: organizer.id, token: result.token! })).toEqual({ ok: false, reason: "used" });
  expect(await prisma.delegationMember.count({ where: { delegation: { eventId: event.id } } })).toBe(4);
});

test("errors are named by line and column, in the reader's language, and a file with any of them cannot be confirmed", async () => {
  const setup = await visit();
  const tag = fresh();
  const bytes = csv([
    `王立忠,Wang Lizhong,副校长,Vice President,,,wang.${tag}@zju.example,,,,`,
    `李兰,Li Lan,院长,Dean,,,li.lan@@zju,,,,`,
    `,,院长,Dean,,,,,,,`,
    `周敏,Zhou Min,,,,,,${"1".repeat(41)},,,maybe`,
    `陈琳,Chen Lin,,,,,,,,,`,
  ]);
  const before = await footprint();
  const result = previewed(await preview(setup, bytes));
  expect(result.preview.issues.map((issue) => [issue.line, issue.column, issue.messageKey])).toEqual([
    [3, "邮箱/Email", "delegation.error.email"],
    [4, "中文名/Chinese name", "delegation.error.nameRequired"],
    [5, "团长/Leader", "delegation.import.error.leader"],
    [5, "电话/Phone", "delegation.import.error.tooLong"],
  ]);
  expect(result.preview.issues[3]!.params).toEqual({ max: 40 });
  expect(translate("en", result.preview.issues[2]!.messageKey, result.preview.issues[2]!.params)).toBe("“maybe” is not a yes or no: write 是 (yes) for the leader, or leave the cell empty.");
  expect(translate("zh-CN", result.preview.issues[0]!.messageKey)).toBe("邮箱地址格式不正确。");
  expect(result.preview.counts).toEqual({ lines: 5, members: 2, linked: 0, errors: 3 });
  expect(result.token).toBeNull();
  expect(await footprint()).toEqual(before);
});

test("the same email twice in the file, two leaders, and emails of members or staff are errors by line; another visit's delegate is linked", async () => {
  const setup = await visit();
  const { organizer, event } = setup;
  const tag = fresh();
  const existing = `existing.${tag}@zju.example`;
  expect((await addMember(organizer.id, event.id, MemberSchema.parse({ nameZh: "吴朝晖", email: existing }))).ok).toBe(true);
  const other = await visit();
  const elsewhere = `elsewhere.${tag}@zju.example`;
  expect((await addMember(other.organizer.id, other.event.id, MemberSchema.parse({ nameZh: "别人", email: elsewhere }))).ok).toBe(true);
  const staff = await createUser({ email: `staff.${tag}@lab.example` });
  const bytes = csv([
    `甲,A,,,,,a.${tag}@zju.example,,,,是`,
    `乙,B,,,,,A.${tag}@ZJU.example,,,,`,
    `丙,C,,,,,${existing},,,,`,
    `丁,D,,,,,${staff.email},,,,`,
    `戊,E,,,,,${elsewhere},,,,`,
    `己,F,,,,,,,,,yes`,
  ]);
  const before = await footprint();
  const result = previewed(await preview(setup, bytes));
  expect(result.preview.issues.map((issue) => [issue.line, issue.messageKey, issue.params])).toEqual([
    [3, "delegation.import.error.duplicateEmail", { other: 2, value: `a.${tag}@zju.example` }],
    [4, "delegation.error.alreadyMember", { value: existing }],
    [5, "delegation.error.emailIsStaff", { value: staff.email }],
    [7, "delegation.import.error.twoLeaders", { other: 2 }],
  ]);
  // the delegate of the other visit comes again: a member of this delegation too, on the same account
  expect(result.preview.members.map((m) => [m.line, m.nameZh, m.account])).toEqual([
    [2, "甲", "new"],
    [6, "戊", "link"],
  ]);
  expect(result.preview.counts).toMatchObject({ members: 2, linked: 1, errors: 4 });
  expect(result.token).toBeNull();
  expect(await footprint()).toEqual(before);
});

test("an Excel workbook is read like the CSV, with the row numbers Excel shows", async () => {
  const setup = await visit();
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("代表团");
  sheet.addRow(["浙江大学代表团名单"]);
  sheet.addRow(["中文名", "English name", "职务", "Email", "团长"]);
  sheet.addRow(["吴朝晖", "Wu Zhaohui", "校长", { text: `wu.${fresh()}@zju.example`, hyperlink: "mailto:x@zju.example" }, "是"]);
  sheet.addRow(["王立忠", "Wang Lizhong", "副校长", "not-an-email", null]);
  const bytes = new Uint8Array((await workbook.xlsx.writeBuffer()) as ArrayBuffer);
  const result = previewed(await preview(setup, bytes, "delegation.xlsx"));
  expect(result.preview.sheetName).toBe("代表团");
  expect(result.preview.members.map((m) => [m.line, m.nameZh, m.isLeader])).toEqual([[3, "吴朝晖", true]]);
  expect(result.preview.issues).toEqual([{ line: 4, column: "Email", messageKey: "delegation.error.email" }]);
});

test("files that cannot be read are problems, not previews: no name column, GBK, empty, a fake workbook", async () => {
  const setup = await visit();
  const problem = async (bytes: Uint8Array, name = "delegation.csv") => {
    const result = await preview(setup, bytes, name);
    if (result.ok) throw new Error("expected a problem");
    return result.problem.messageKey;
  };
  expect(await problem(new TextEncoder().encode("邮箱,电话\r\nwu@zju.example,123\r\n"))).toBe("delegation.import.problem.noNameColumn");
  // "中文名,Email" and "吴,x" as Excel's plain CSV saves them on a Chinese Windows
  const gbk = new Uint8Array([0xd6, 0xd0, 0xce, 0xc4, 0xc3, 0xfb, ...new TextEncoder().encode(",Email\r\n"), 0xce, 0xe2, ...new TextEncoder().encode(",x\r\n")]);
  expect(await problem(gbk)).toBe("delegation.import.problem.encoding");
  expect(await problem(new Uint8Array())).toBe("delegation.import.problem.empty");
  expect(await problem(csv([]))).toBe("delegation.import.problem.noRows");
  expect(await problem(new TextEncoder().encode("PK\u0003\u0004 not a zip"), "d.xlsx")).toBe("delegation.import.problem.notWorkbook");
});

test("the template is UTF-8 with a byte-order mark, and reads back as every column", async () => {
  const template = delegationTemplateCsv();
  expect(template.startsWith("\uFEFF中文名/Chinese name,英文名/English name,")).toBe(true);
  expect(template.endsWith("\r\n")).toBe(true);
  const setup = await visit();
  const filled = new TextEncoder().encode(`${template}吴朝晖,Wu Zhaohui,校长,President,浙江大学,Zhejiang University,wu.${fresh()}@zju.example,0571,无,不需要,是\r\n`);
  const result = previewed(await preview(setup, filled));
  expect(result.preview.ignoredColumns).toEqual([]);
  expect(result.preview.members[0]).toMatchObject({ nameZh: "吴朝晖", nameEn: "Wu Zhaohui", titleZh: "校长", titleEn: "President", organisationZh: "浙江大学", organisationEn: "Zhejiang University", phone: "0571", dietaryNeeds: "无", interpreterNeeds: "不需要", isLeader: true });
});

test("a confirmation is refused when the seal is forged, another organizer's or expired, and re-planned when the world changed", async () => {
  const setup = await visit();
  const { organizer, event } = setup;
  const email = `late.${fresh()}@zju.example`;
  const result = previewed(await preview(setup, csv([`晚到,Late,,,,,${email},,,,`])));
  const token = result.token!;
  expect(openImport(token, { eventId: event.id, actorId: organizer.id, now: new Date() })).not.toBeNull();
  const other = await createUser();
  expect(await confirmDelegationImport({ eventId: event.id, actorId: other.id, token })).toEqual({ ok: false, reason: "expired" });
  expect(await confirmDelegationImport({ eventId: event.id, actorId: organizer.id, token: `${token}x` })).toEqual({ ok: false, reason: "expired" });
  expect(await confirmDelegationImport({ eventId: event.id, actorId: organizer.id, token, now: new Date(Date.now() + 2 * 3600 * 1000) })).toEqual({ ok: false, reason: "expired" });
  const forged = sealImport({ ...openImport(token, { eventId: event.id, actorId: organizer.id, now: new Date() })!, eventId: "someone-else" });
  expect(await confirmDelegationImport({ eventId: event.id, actorId: organizer.id, token: forged })).toEqual({ ok: false, reason: "expired" });

  // meanwhile someone adds the same guest by hand: nothing is imported, and the fresh preview says why
  expect((await addMember(organizer.id, event.id, MemberSchema.parse({ nameZh: "晚到", email }))).ok).toBe(true);
  const before = await footprint();
  const changed = await confirmDelegationImport({ eventId: event.id, actorId: organizer.id, token });
  expect(changed).toMatchObject({ ok: false, reason: "changed", token: null, preview: { issues: [{ line: 2, messageKey: "delegation.error.alreadyMember" }] } });
  expect(await footprint()).toEqual(before);
});
