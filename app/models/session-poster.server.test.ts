import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

import { expect, test } from "vitest";

import { newPosterToken } from "~/models/session-checkin.server";
import { renderPoster, sessionPoster } from "~/models/session-poster.server";
import { prisma } from "~/utils/db.server";

import { createEvent, createVenue } from "../../tests/factories";
import { hasPdftotext, hex, pageCount, pdfText, pdfWords, unicodeMaps } from "../../tests/pdf";

const ORIGIN = "https://convene.lab.example";
const hasZbar = existsSync("/usr/bin/zbarimg") && existsSync("/usr/bin/pdftoppm");

async function posterSetup(fields: { needsAttendance?: boolean; titleZh?: string; titleEn?: string; timeZone?: string } = {}) {
  const venue = await createVenue([{ nameZh: "第一会议室", nameEn: "Meeting Room 1", capacity: 40 }]);
  const event = await createEvent({ titleZh: "之江实验室2027年度内部大会", titleEn: "Zhejiang Lab 2027 Annual Conference", venueId: venue.id, timeZone: fields.timeZone ?? "Asia/Shanghai" });
  const needsAttendance = fields.needsAttendance ?? true;
  const item = await prisma.agendaItem.create({
    data: {
      eventId: event.id,
      kind: "TALK",
      titleZh: fields.titleZh ?? "首席科学家报告：智能计算的下一个十年",
      titleEn: fields.titleEn ?? "Chief Scientist's lecture: the next decade of intelligent computing",
      // 14:30–14:55 in Shanghai
      startsAt: new Date("2027-01-15T06:30:00Z"),
      endsAt: new Date("2027-01-15T06:55:00Z"),
      roomId: venue.rooms[0]!.id,
      needsAttendance,
      attendanceGraceMinutes: 15,
      posterToken: needsAttendance ? newPosterToken() : null,
    },
  });
  return { event, item };
}

/** The QR codes zbar finds on the rendered pages: a reader that shares nothing with the app. */
function decodeQr(pdf: Buffer) {
  const dir = mkdtempSync(path.join(os.tmpdir(), "convene-poster-"));
  try {
    writeFileSync(path.join(dir, "poster.pdf"), pdf);
    execFileSync("pdftoppm", ["-r", "100", "-gray", "-png", path.join(dir, "poster.pdf"), path.join(dir, "page")]);
    const pages = readdirSync(dir).filter((name) => name.startsWith("page")).map((name) => path.join(dir, name));
    const decoded = execFileSync("zbarimg", ["-q", "--raw", "-Sdisable", "-Sqrcode.enable", ...pages], { encoding: "utf8" });
    return decoded.split("\n").filter(Boolean);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test("the poster is one A4 portrait page: both titles, the event, time, room, window and instructions in both languages", async () => {
  const { event, item } = await posterSetup();
  const poster = (await sessionPoster(event.id, item.id, ORIGIN))!;
  expect(poster).toMatchObject({
    titleZh: "首席科学家报告：智能计算的下一个十年",
    timeZh: "2027年1月15日周五 14:30–14:55",
    timeEn: "Fri, 15 January 2027, 14:30–14:55",
    roomZh: "第一会议室",
    roomEn: "Meeting Room 1",
    windowZh: "签到时间：2027年1月15日周五 14:15–14:55",
    windowEn: "Check-in: Fri, 15 January 2027, 14:15–14:55",
    url: `${ORIGIN}/attend/${item.posterToken}`,
  });
  const pdf = await renderPoster(poster);
  expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
  expect(pageCount(pdf)).toBe(1);
  // the Chinese is real text (a subset font with a Unicode map), not outlines
  const maps = unicodeMaps(pdf).toLowerCase();
  for (const text of ["首席科学家", "签到", "扫码"]) expect(maps).toContain(hex(text).split("|")[0]);
  if (!hasPdftotext) return;
  const { width, height } = pdfWords(pdf, 1);
  expect(Math.round(width)).toBe(595);
  expect(Math.round(height)).toBe(842);
  // compared without white space: a title may wrap onto a second line anywhere
  const text = pdfText(pdf).replace(/\s+/g, "");
  for (const expected of [
    "之江实验室2027年度内部大会",
    "Zhejiang Lab 2027 Annual Conference",
    "首席科学家报告：智能计算的下一个十年",
    "Chief Scientist's lecture: the next decade of intelligent computing",
    "2027年1月15日周五 14:30–14:55",
    "Fri, 15 January 2027, 14:30–14:55",
    "第一会议室 · Meeting Room 1",
    "用手机相机或 convene 扫码签到",
    "Scan with your phone camera or the convene scanner to check in",
    "签到时间：2027年1月15日周五 14:15–14:55",
    "Check-in: Fri, 15 January 2027, 14:15–14:55",
    poster.url,
  ]) {
    expect(text).toContain(expected.replace(/\s+/g, ""));
  }
});

test.runIf(hasZbar)("the poster's QR code decodes to the absolute URL of its check-in page", async () => {
  const { event, item } = await posterSetup();
  const poster = (await sessionPoster(event.id, item.id, ORIGIN))!;
  expect(decodeQr(await renderPoster(poster))).toEqual([`${ORIGIN}/attend/${item.posterToken}`]);
});

test("a title in one language only is printed in both places; a long one is cut to two lines, and the code still decodes", async () => {
  const long = "面向下一代人工智能的大规模分布式训练系统、异构计算架构与能效优化的关键技术研究及其在科学计算中的应用".repeat(2);
  const { event, item } = await posterSetup({ titleZh: long, titleEn: "" });
  const poster = (await sessionPoster(event.id, item.id, ORIGIN))!;
  expect(poster.titleEn).toBe(long);
  const pdf = await renderPoster(poster);
  expect(pageCount(pdf)).toBe(1);
  if (hasZbar) expect(decodeQr(pdf)).toEqual([poster.url]);
});

test("times are the event's own zone, and an item that needs no attendance (or another event's) has no poster", async () => {
  const { event, item } = await posterSetup({ timeZone: "Europe/London" });
  const poster = (await sessionPoster(event.id, item.id, ORIGIN))!;
  expect(poster.timeEn).toMatch(/^Fri, 15 January 2027, 06:30–06:55 GMT$/);
  const plain = await posterSetup({ needsAttendance: false });
  expect(await sessionPoster(plain.event.id, plain.item.id, ORIGIN)).toBeNull();
  expect(await sessionPoster(plain.event.id, item.id, ORIGIN)).toBeNull();
  expect(await sessionPoster(event.id, "no-such-item", ORIGIN)).toBeNull();
});
