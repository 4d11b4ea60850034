import { expect, test } from "vitest";

import en from "~/locales/en.json";
import zhCN from "~/locales/zh-CN.json";
import { pick, translate } from "~/utils/i18n";

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

test("both catalogs have exactly the same keys", () => {
  const enKeys = Object.keys(en).sort();
  const zhKeys = Object.keys(zhCN).sort();
  expect(enKeys.filter((k) => !zhKeys.includes(k))).toEqual([]);
  expect(zhKeys.filter((k) => !enKeys.includes(k))).toEqual([]);
});

test("no message is empty and each pair uses the same placeholders", () => {
  for (const [key, english] of Object.entries(en)) {
    const chinese = (zhCN as Record<string, string>)[key] ?? "";
    expect(english.trim(), key).not.toBe("");
    expect(chinese.trim(), key).not.toBe("");
    expect(placeholders(chinese), key).toEqual(placeholders(english));
  }
});

test("translate fills placeholders in the chosen language", () => {
  expect(translate("en", "home.greeting", { name: "Wang Lei" })).toBe("Welcome, Wang Lei");
  expect(translate("zh-CN", "home.greeting", { name: "王磊" })).toBe("欢迎，王磊");
});

test("pick prefers the reader's language and falls back to the other when empty", () => {
  expect(pick("zh-CN", "年度大会", "Annual Conference")).toBe("年度大会");
  expect(pick("en", "年度大会", "Annual Conference")).toBe("Annual Conference");
  expect(pick("en", "年度大会", "  ")).toBe("年度大会");
  expect(pick("zh-CN", null, "Annual Conference")).toBe("Annual Conference");
});
