import { useRouteLoaderData } from "@remix-run/react";

import en from "~/locales/en.json";
import zhCN from "~/locales/zh-CN.json";

export const LOCALES = ["zh-CN", "en"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "zh-CN";

export type MessageKey = keyof typeof en;
export type MessageParams = Record<string, string | number>;

// Typed so that a key missing from the Chinese catalog fails `tsc`; a test checks the other direction.
const catalogs: Record<Locale, Record<MessageKey, string>> = { en, "zh-CN": zhCN };

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

export function isMessageKey(value: unknown): value is MessageKey {
  return typeof value === "string" && value in catalogs.en;
}

export function translate(locale: Locale, key: MessageKey, params?: MessageParams) {
  const template = catalogs[locale][key] ?? catalogs.en[key] ?? key;
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

export type Translate = (key: MessageKey, params?: MessageParams) => string;

export function translator(locale: Locale): Translate {
  return (key, params) => translate(locale, key, params);
}

/** Picks the reader's language from a bilingual pair, falling back to the other when one is empty. */
export function pick(locale: Locale, zh: string | null | undefined, en: string | null | undefined) {
  const [first, second] = locale === "zh-CN" ? [zh, en] : [en, zh];
  return first?.trim() ? first : (second ?? "");
}

/** The other language of the pair, for the "switch language" control. */
export function otherLocale(locale: Locale): Locale {
  return locale === "zh-CN" ? "en" : "zh-CN";
}

export function useLocale(): Locale {
  const root = useRouteLoaderData<{ locale: Locale }>("root");
  return root?.locale ?? DEFAULT_LOCALE;
}

export function useT(): Translate {
  return translator(useLocale());
}
