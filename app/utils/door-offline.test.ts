import { expect, test } from "vitest";

import { decideOffline, newScanId, scanMessage, type PreparedList } from "~/utils/door-offline";
import { translator } from "~/utils/i18n";

const now = new Date("2027-01-15T01:00:00Z");
const list: PreparedList = {
  preparedAt: "2027-01-15T00:30:00Z",
  badges: [
    { hash: "a".repeat(32), nameZh: "刘洋", nameEn: "Liu Yang", ribbon: "NEW_HIRE", validFrom: null, validUntil: null, checkedInAt: null },
    { hash: "b".repeat(32), nameZh: "王芳", nameEn: "Wang Fang", ribbon: "STAFF", validFrom: null, validUntil: null, checkedInAt: "2027-01-15T00:40:00Z" },
    { hash: "c".repeat(32), nameZh: "访客", nameEn: "Visitor", ribbon: "VISITOR", validFrom: "2027-01-16T00:00:00Z", validUntil: "2027-01-16T10:00:00Z", checkedInAt: null },
  ],
  revoked: ["d".repeat(32)],
};

test("offline, the device lets in a listed badge once, and says 'already' for one checked in before or on this device", () => {
  expect(decideOffline(list, "a".repeat(32), {}, now)).toMatchObject({ outcome: "CHECKED_IN", person: { nameZh: "刘洋" }, ribbon: "NEW_HIRE", offline: true });
  expect(decideOffline(list, "a".repeat(32), { ["a".repeat(32)]: "2027-01-15T00:59:00Z" }, now)).toMatchObject({ outcome: "ALREADY", at: "2027-01-15T00:59:00Z" });
  expect(decideOffline(list, "b".repeat(32), {}, now)).toMatchObject({ outcome: "ALREADY", at: "2027-01-15T00:40:00Z" });
});

test("offline, revoked and out-of-window badges are refused, and unlisted or unreadable codes are unknown", () => {
  expect(decideOffline(list, "d".repeat(32), {}, now)).toEqual({ outcome: "REVOKED", offline: true });
  expect(decideOffline(list, "c".repeat(32), {}, now).outcome).toBe("REVOKED");
  expect(decideOffline(list, "c".repeat(32), {}, new Date("2027-01-16T02:00:00Z")).outcome).toBe("CHECKED_IN");
  expect(decideOffline(list, "e".repeat(32), {}, now)).toEqual({ outcome: "UNKNOWN", offline: true, unlisted: true });
  expect(decideOffline(list, null, {}, now)).toEqual({ outcome: "UNKNOWN", offline: true });
  // no list prepared yet: nothing can be verified, the server decides at sync
  expect(decideOffline(null, "a".repeat(32), {}, now)).toMatchObject({ outcome: "UNKNOWN", unlisted: true });
});

test("answers read the same in both languages, with the time in the event's zone", () => {
  const view = { outcome: "ALREADY" as const, person: { nameZh: "刘洋", nameEn: "Liu Yang" }, at: "2027-01-15T00:40:00Z", by: { nameZh: "赵敏", nameEn: "Zhao Min" } };
  expect(scanMessage(translator("zh-CN"), "zh-CN", view)).toBe("已签到过：刘洋 Liu Yang，08:40 由 赵敏 签到");
  expect(scanMessage(translator("en"), "en", view)).toBe("Already checked in: 刘洋 Liu Yang, at 08:40 by Zhao Min");
  expect(scanMessage(translator("en"), "en", { outcome: "UNKNOWN", unlisted: true })).toMatch(/Not on this device's list/);
  expect(scanMessage(translator("zh-CN"), "zh-CN", { outcome: "WRONG_EVENT", event: { titleZh: "年会", titleEn: "Annual" } })).toContain("年会");
});

test("scan ids are random and URL-safe", () => {
  const ids = new Set(Array.from({ length: 1000 }, newScanId));
  expect(ids.size).toBe(1000);
  for (const id of ids) expect(id).toMatch(/^[0-9a-f]{32}$/);
});
