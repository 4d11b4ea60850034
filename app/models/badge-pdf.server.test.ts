import { expect, test } from "vitest";

import { badgePayload, getOrIssueBadge, revokeAndReissue } from "~/models/badge.server";
import { badgeCards, missingGlyphs, renderBadges, sheetGrid, type BadgeCard } from "~/models/badge-pdf.server";
import { printJob, settledJob, startPrintJob } from "~/models/badge-print.server";
import { prisma } from "~/utils/db.server";

import { createDepartment, createEvent, createUser } from "../../tests/factories";
import { hex, unicodeMaps } from "../../tests/pdf";

const card = (overrides: Partial<BadgeCard> = {}): BadgeCard => ({
  nameZh: "欧阳娜娜",
  romanised: "Ouyang Nana",
  departmentZh: "智能计算研究院",
  departmentEn: "Research Institute of Intelligent Computing",
  eventZh: "之江实验室2027年度内部大会",
  eventEn: "Zhejiang Lab 2027 Annual Conference",
  ribbon: "NEW_HIRE",
  payload: badgePayload("A".repeat(22)),
  callingOrder: 7,
  ...overrides,
});

test("a badge PDF embeds a subset of the CJK font, with a Unicode map for every Chinese character printed", async () => {
  const pdf = await renderBadges([card(), card({ nameZh: "刘洋", romanised: "Liu Yang", ribbon: "STAFF", callingOrder: null })], { size: "CR80", layout: "sheet" });
  expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
  const text = pdf.toString("latin1");
  // subset fonts are named with a six-letter tag: ABCDEF+NotoSansSC-Bold
  expect(text).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansSC-Bold/);
  expect(text).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansSC-Regular/);
  expect(text).toContain("/FontFile2");
  // a subset, not the 10 MB font
  expect(pdf.length).toBeLessThan(200_000);
  const maps = unicodeMaps(pdf).toLowerCase();
  for (const char of new Set("欧阳娜娜刘洋智能计算研究院之江实验室新员工")) {
    expect(maps, `ToUnicode entry for ${char}`).toContain(hex(char));
  }
});

test("the font covers the names we print, and characters it lacks are reported before printing", () => {
  expect(missingGlyphs("欧阳娜娜 Ouyang Nana 刘洋 Lǚ Zhēn 龚珺 喆 堃 昇")).toEqual([]);
  expect(missingGlyphs("王🎉\uE000")).toEqual(["🎉", "\uE000"]);
});

test("A4 sheets hold nine CR80 badges with cutting gaps, or four A6 badges; card layout is one badge a page", async () => {
  expect(sheetGrid("CR80")).toMatchObject({ columns: 3, rows: 3, perPage: 9 });
  expect(sheetGrid("A6")).toMatchObject({ columns: 2, rows: 2, perPage: 4 });
  const twenty = Array.from({ length: 20 }, (_, i) => card({ callingOrder: i + 1 }));
  const pages = async (size: "CR80" | "A6", layout: "sheet" | "cards") =>
    ((await renderBadges(twenty, { size, layout })).toString("latin1").match(/\/Type \/Page\b/g) ?? []).length;
  expect(await pages("CR80", "sheet")).toBe(3);
  expect(await pages("A6", "sheet")).toBe(5);
  expect(await pages("CR80", "cards")).toBe(20);
  const progress: number[] = [];
  await renderBadges(twenty, { size: "CR80", layout: "sheet", onProgress: (done) => progress.push(done) });
  expect(progress).toEqual([10, 20, 20]);
});

async function conference() {
  const organizer = await createUser();
  const event = await createEvent({ organizerIds: [organizer.id] });
  // department order follows the department code
  const tag = Math.random().toString(36).slice(2, 8);
  const rd = await createDepartment({ code: `AA-${tag}`, nameZh: "研发部", nameEn: "R&D" });
  const hr = await createDepartment({ code: `BB-${tag}`, nameZh: "人力资源部", nameEn: "HR" });
  const people = [
    { nameZh: "张三", pinyin: "Zhang San", departmentId: hr.id, order: 2 },
    { nameZh: "李四", pinyin: "Li Si", departmentId: rd.id, order: 3 },
    { nameZh: "王五", pinyin: "Wang Wu", departmentId: rd.id, order: 1 },
    { nameZh: "赵六", pinyin: "Zhao Liu", departmentId: hr.id, order: null },
  ];
  const badges = [];
  for (const person of people) {
    const user = await createUser({ nameZh: person.nameZh, pinyin: person.pinyin, departmentId: person.departmentId, recruitmentBatch: "2019-5" });
    await prisma.registration.create({ data: { eventId: event.id, userId: user.id, status: "CONFIRMED" } });
    const badge = (await getOrIssueBadge(event.id, user.id))!;
    await prisma.badge.update({ where: { id: badge.id }, data: { callingOrder: person.order } });
    badges.push(badge);
  }
  return { organizer, event, rd, badges };
}

test("batches are sorted by calling order (unnumbered last), by department, or by name; revoked and cancelled badges are left out", async () => {
  const { event, rd, badges, organizer } = await conference();
  const names = async (sort: "calling" | "department" | "name", extra = {}) => (await badgeCards(event.id, { sort, ...extra })).map((c) => c.nameZh);
  expect(await names("calling")).toEqual(["王五", "张三", "李四", "赵六"]);
  expect(await names("department")).toEqual(["李四", "王五", "张三", "赵六"]);
  expect(await names("name")).toEqual(["李四", "王五", "张三", "赵六"]);
  expect(await names("name", { departmentId: rd.id })).toEqual(["李四", "王五"]);
  expect(await names("name", { ribbon: "STAFF" })).toEqual([]);

  // a revoked badge is replaced by its successor, which keeps the calling number; a cancelled registrant is gone
  const successor = await revokeAndReissue(organizer.id, event.id, badges[2]!.id, "lost");
  await prisma.registration.updateMany({ where: { eventId: event.id, user: { nameZh: "赵六" } }, data: { status: "CANCELLED" } });
  const cards = await badgeCards(event.id, { sort: "calling" });
  expect(cards.map((c) => c.nameZh)).toEqual(["王五", "张三", "李四"]);
  expect(cards[0]!.payload).toBe(badgePayload((await prisma.badge.findUniqueOrThrow({ where: { id: successor!.id } })).token));
});

test("a print job reports progress, finishes with the PDF, and belongs to the person who started it", async () => {
  const { event, organizer } = await conference();
  const jobId = await startPrintJob(organizer.id, { id: event.id, slug: event.slug }, { size: "CR80", layout: "sheet", sort: "calling", ribbon: "NEW_HIRE", departmentId: null });
  const job = await settledJob(jobId, organizer.id, event.id);
  expect(job).toMatchObject({ status: "done", total: 4, done: 4, warnings: [] });
  expect(job!.pdf!.subarray(0, 5).toString()).toBe("%PDF-");
  expect(printJob(jobId, (await createUser()).id, event.id)).toBeNull();
  expect(printJob(jobId, organizer.id, (await createEvent()).id)).toBeNull();
  expect(await prisma.auditLog.count({ where: { action: "badge.print", eventId: event.id } })).toBe(1);
});
