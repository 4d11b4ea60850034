import { expect, test } from "vitest";

import { localeCookie, localeFromAcceptLanguage, resolveLocale } from "~/utils/i18n.server";

test("Accept-Language honours q-values and maps zh and en variants", () => {
  expect(localeFromAcceptLanguage("en-US,en;q=0.9,zh-CN;q=0.8")).toBe("en");
  expect(localeFromAcceptLanguage("fr;q=1, zh-TW;q=0.9, en;q=0.5")).toBe("zh-CN");
  expect(localeFromAcceptLanguage("en;q=0.3, zh;q=0.7")).toBe("zh-CN");
  expect(localeFromAcceptLanguage("de, fr")).toBeUndefined();
  expect(localeFromAcceptLanguage("zh;q=0, en")).toBe("en");
  expect(localeFromAcceptLanguage(null)).toBeUndefined();
});

test("the user's setting wins over the cookie, which wins over Accept-Language", async () => {
  const cookie = (await localeCookie.serialize("en")).split(";")[0]!;
  const request = new Request("http://x/", { headers: { Cookie: cookie, "Accept-Language": "zh-CN" } });
  expect(await resolveLocale(request, "zh-CN")).toBe("zh-CN");
  expect(await resolveLocale(request, null)).toBe("en");
  const noCookie = new Request("http://x/", { headers: { "Accept-Language": "en-GB" } });
  expect(await resolveLocale(noCookie)).toBe("en");
  expect(await resolveLocale(new Request("http://x/"))).toBe("zh-CN");
});

test("a forged or unknown locale value falls through to the next source", async () => {
  const request = new Request("http://x/", { headers: { Cookie: "convene_lang=fr", "Accept-Language": "en" } });
  expect(await resolveLocale(request, "xx")).toBe("en");
});
