import { expect, test } from "vitest";

import type { AgendaRowDisplay } from "~/utils/agenda-display";
import { agendaItemCalendarLinks, calendarLinks, googleCalendarUrl, outlookCalendarUrl, webcalUrl } from "~/utils/calendar-links";

const entry = { title: "之江实验室2027年度内部大会 & more", description: "主任工作报告\n颁奖", location: "报告厅 Auditorium", startsAt: "2027-01-15T01:00:00.000Z", endsAt: "2027-01-15T09:30:00.000Z" };

test("Google Calendar gets the event in its URL, times in UTC, text encoded", () => {
  const url = new URL(googleCalendarUrl(entry));
  expect(url.origin + url.pathname).toBe("https://calendar.google.com/calendar/render");
  expect(url.searchParams.get("action")).toBe("TEMPLATE");
  expect(url.searchParams.get("text")).toBe(entry.title);
  expect(url.searchParams.get("dates")).toBe("20270115T010000Z/20270115T093000Z");
  expect(url.searchParams.get("details")).toBe("主任工作报告\n颁奖");
  expect(url.searchParams.get("location")).toBe("报告厅 Auditorium");
});

test("Outlook gets the compose deep link with ISO times", () => {
  const url = new URL(outlookCalendarUrl(entry));
  expect(url.hostname).toBe("outlook.live.com");
  expect(url.searchParams.get("subject")).toBe(entry.title);
  expect(url.searchParams.get("startdt")).toBe("2027-01-15T01:00:00.000Z");
  expect(url.searchParams.get("enddt")).toBe("2027-01-15T09:30:00.000Z");
});

test("a feed URL becomes a webcal subscription", () => {
  expect(webcalUrl("https://convene.example/calendar/feed/abc.ics")).toBe("webcal://convene.example/calendar/feed/abc.ics");
  expect(webcalUrl("http://localhost:3000/calendar.ics")).toBe("webcal://localhost:3000/calendar.ics");
});

test("calendarLinks: the .ics in the reader's language and the other, Google and Outlook with the same entry, and the subscription page", () => {
  const links = calendarLinks({ icsPath: "/events/spring/agenda/abc.ics", locale: "en", ...entry, startsAt: new Date(entry.startsAt), endsAt: new Date(entry.endsAt) });
  expect(links.ics).toBe("/events/spring/agenda/abc.ics?lang=en");
  expect(links.otherLanguageIcs).toBe("/events/spring/agenda/abc.ics?lang=zh-CN");
  expect(links.subscribe).toBe("/calendar");
  const google = new URL(links.google);
  expect(google.searchParams.get("text")).toBe(entry.title);
  expect(google.searchParams.get("dates")).toBe("20270115T010000Z/20270115T093000Z");
  expect(google.searchParams.get("location")).toBe(entry.location);
  const outlook = new URL(links.outlook);
  expect(outlook.searchParams.get("startdt")).toBe("2027-01-15T01:00:00.000Z");
  expect(outlook.searchParams.get("body")).toBe(entry.description);
  expect(calendarLinks({ icsPath: "/events/spring.ics", locale: "zh-CN", ...entry }).otherLanguageIcs).toBe("/events/spring.ics?lang=en");
});

const row: AgendaRowDisplay = {
  id: "item1",
  kindLabel: "报告",
  title: "大模型的安全",
  titleLang: null,
  notes: "请提前入场。",
  notesLang: null,
  time: {
    start: "2027-01-15T13:30:00+08:00",
    end: "2027-01-15T14:15:00+08:00",
    startLabel: "13:30",
    endLabel: "14:15",
    label: "13:30–14:15",
    dayKey: "2027-01-15",
    dayHeading: "1月15日 周五",
  },
  room: { key: "room1", name: "报告厅" },
  people: [
    { key: "0", roleLabel: "主讲", name: "王伟", detail: "研究员，浙江大学" },
    { key: "1", roleLabel: "主讲", name: "李娜", detail: null },
    { key: "2", roleLabel: "主持", name: "张敏", detail: null },
  ],
};

test("an agenda item's links: its title and time, room and venue as the place, people by role, notes and its place on the event page", () => {
  const at = { locale: "zh-CN", origin: "https://convene.example", slug: "2027-annual", eventTitle: "年度大会", venue: "南湖总部" } as const;
  const links = agendaItemCalendarLinks({ ...at, row });
  expect(links.ics).toBe("/events/2027-annual/agenda/item1.ics?lang=zh-CN");
  expect(links.otherLanguageIcs).toBe("/events/2027-annual/agenda/item1.ics?lang=en");
  const google = new URL(links.google);
  expect(google.searchParams.get("text")).toBe("大模型的安全");
  // 13:30 in Hangzhou is 05:30 UTC
  expect(google.searchParams.get("dates")).toBe("20270115T053000Z/20270115T061500Z");
  expect(google.searchParams.get("location")).toBe("报告厅（南湖总部）");
  expect(google.searchParams.get("details")).toBe(
    ["年度大会", "主讲：王伟（研究员，浙江大学）、李娜", "主持：张敏", "请提前入场。", "https://convene.example/events/2027-annual#agenda-item-item1"].join("\n"),
  );
  expect(new URL(links.outlook).searchParams.get("location")).toBe("报告厅（南湖总部）");

  const english = new URL(agendaItemCalendarLinks({ ...at, locale: "en", venue: "Nanhu Campus", row: { ...row, people: [{ key: "0", roleLabel: "Speaker", name: "Wang Wei", detail: "Professor" }] } }).google);
  expect(english.searchParams.get("location")).toBe("报告厅, Nanhu Campus");
  expect(english.searchParams.get("details")).toContain("Speaker: Wang Wei (Professor)");

  // no room: the venue alone; no venue either: no place at all
  expect(new URL(agendaItemCalendarLinks({ ...at, row: { ...row, room: null } }).google).searchParams.get("location")).toBe("南湖总部");
  expect(new URL(agendaItemCalendarLinks({ ...at, venue: null, row: { ...row, room: null } }).google).searchParams.has("location")).toBe(false);
});

test("long notes are cut so that the item's address still reaches web calendars", () => {
  const long = agendaItemCalendarLinks({ locale: "en", origin: "https://convene.example", slug: "s", eventTitle: "E", venue: null, row: { ...row, notes: "x".repeat(5000) } });
  const details = new URL(long.google).searchParams.get("details")!;
  expect(details.length).toBeLessThanOrEqual(1500);
  expect(details.endsWith("https://convene.example/events/s#agenda-item-item1")).toBe(true);
  expect(details).toContain(`${"x".repeat(500)}…`);
});
