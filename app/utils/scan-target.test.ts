import { expect, test } from "vitest";

import { scanTarget } from "~/utils/scan-target";

const ORIGIN = "https://convene.lab.example";

test("a badge, a poster of this site, and everything else are told apart", () => {
  expect(scanTarget("  CV1.abcdefghijklmnopqrstuv \n", ORIGIN)).toEqual({ kind: "badge", payload: "CV1.abcdefghijklmnopqrstuv" });
  expect(scanTarget(`${ORIGIN}/attend/Abc_def-123456`, ORIGIN)).toEqual({ kind: "poster", path: "/attend/Abc_def-123456" });
  expect(scanTarget(`${ORIGIN}/attend/Abc_def-123456?lang=en`, ORIGIN)).toEqual({ kind: "poster", path: "/attend/Abc_def-123456?lang=en" });
  expect(scanTarget("", ORIGIN)).toEqual({ kind: "empty" });
  for (const other of [
    "CV1.short",
    "CV2.abcdefghijklmnopqrstuv",
    "https://evil.example/attend/Abc_def-123456",
    `${ORIGIN}/attend/`,
    `${ORIGIN}/attend/abc/../../admin`,
    `${ORIGIN}/events/x`,
    `https://user:pw@convene.lab.example/attend/Abc_def-123456`,
    "javascript:alert(1)",
    "WIFI:S:lab;T:WPA;P:secret;;",
    "hello",
  ]) {
    expect(scanTarget(other, ORIGIN), other).toEqual({ kind: "other" });
  }
});
