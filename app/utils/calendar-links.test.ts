import { expect, test } from "vitest";

import { googleCalendarUrl, outlookCalendarUrl, webcalUrl } from "~/utils/calendar-links";

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
