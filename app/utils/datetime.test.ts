import { expect, test } from "vitest";

import { dayKey, formatEventRange } from "~/utils/datetime";

const start = new Date("2027-01-15T13:30:00+08:00");
const end = new Date("2027-01-15T18:00:00+08:00");

test("event times are shown in the event's zone, whatever the server's zone", () => {
  const zh = formatEventRange("zh-CN", "Asia/Shanghai", start, end);
  const en = formatEventRange("en", "Asia/Shanghai", start, end);
  expect(zh).toContain("2027年1月15日");
  expect(zh).toMatch(/13:30\s*[–-]\s*18:00/);
  expect(en).toContain("15 January 2027");
  expect(en).toMatch(/13:30\s*[–-]\s*18:00/);
  expect(en).not.toContain("GMT");
});

test("an event in another zone names its zone", () => {
  const text = formatEventRange("en", "Europe/London", start, end);
  expect(text).toMatch(/05:30/);
  expect(text).toMatch(/GMT|UTC/);
});

test("dayKey groups by the calendar day in the zone, not in UTC", () => {
  const lateEvening = new Date("2027-01-15T23:30:00+08:00");
  expect(dayKey("Asia/Shanghai", lateEvening)).toBe("2027-01-15");
  expect(dayKey("UTC", lateEvening)).toBe("2027-01-15");
  expect(dayKey("Asia/Shanghai", new Date("2027-01-15T17:00:00Z"))).toBe("2027-01-16");
});

test("a multi-day event shows both dates", () => {
  const text = formatEventRange("zh-CN", "Asia/Shanghai", start, new Date("2027-01-16T12:00:00+08:00"));
  expect(text).toContain("1月15日");
  expect(text).toContain("1月16日");
  expect(text).toContain("12:00");
});
