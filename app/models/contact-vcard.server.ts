/**
 * "People I met" as a vCard 3.0 file (RFC 2426), the version every phone and mail client imports. One card per
 * person, in the reader's chosen language: a Chinese card files 王小明 under 王 with no space in the full name; an
 * English card reads "Xiaoming Wang". Only the directory card's fields go in, and the note is the reader's own.
 * Lines end in CRLF and are folded at 75 octets on character boundaries (RFC 6350 §3.2, the same rule as iCalendar).
 */
import type { DirectoryCard, MetPerson } from "~/models/connection.server";
import { foldLine } from "~/models/ical.server";
import type { Locale } from "~/utils/i18n";

/** Two-character surnames still in use; every other Chinese name has a one-character surname. */
const COMPOUND_SURNAMES = new Set([
  "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "夏侯", "轩辕", "令狐", "宇文", "司徒", "端木",
  "南宫", "独孤", "西门", "申屠", "澹台", "公冶", "太史", "万俟", "闻人", "钟离", "呼延", "赫连", "濮阳", "百里", "东郭", "左丘",
]);

const HAN = /^[\p{Script=Han}]+$/u;

export type NameParts = { family: string; given: string; full: string };

/**
 * The Chinese name split into surname and given name. A transliterated foreign name (约翰·史密斯) keeps its own
 * order, surname last; anything that is not all Han characters is kept whole as the family name.
 */
export function chineseNameParts(nameZh: string): NameParts {
  const name = nameZh.trim().replace(/\s+/g, "");
  if (name.includes("·")) {
    const parts = name.split("·");
    return { family: parts.at(-1) ?? name, given: parts.slice(0, -1).join("·"), full: name };
  }
  if (!HAN.test(name) || name.length < 2) return { family: name, given: "", full: name };
  const surnameLength = name.length > 2 && COMPOUND_SURNAMES.has(name.slice(0, 2)) ? 2 : 1;
  return { family: name.slice(0, surnameLength), given: name.slice(surnameLength), full: name };
}

/**
 * The romanised name split the same way. The directory keeps a Chinese person's English name in Chinese order
 * ("Wang Xiaoming", surname first, as pinyin is written); the English card turns it round to "Xiaoming Wang". A
 * foreign name (its Chinese form has "·", or it is not Han at all) is already in its own order, surname last.
 */
export function englishNameParts(nameEn: string, nameZh: string): NameParts {
  const words = nameEn.trim().split(/\s+/).filter(Boolean);
  if (words.length < 2) return { family: words[0] ?? "", given: "", full: words[0] ?? "" };
  const chineseOrder = HAN.test(nameZh.trim().replace(/\s+/g, "")) && !nameZh.includes("·");
  const family = chineseOrder ? words[0]! : words.at(-1)!;
  const given = (chineseOrder ? words.slice(1) : words.slice(0, -1)).join(" ");
  return { family, given, full: `${given} ${family}` };
}

/** RFC 2426 §5: backslash, comma, semicolon and newlines are escaped in text values. */
function escapeText(value: string) {
  return value.replace(/\\/g, "\\\\").replace(/;/g, "\\;").replace(/,/g, "\\,").replace(/\r\n?|\n/g, "\\n");
}

function line(name: string, value: string) {
  return foldLine(`${name}:${value}`);
}

type Institution = { nameZh: string; nameEn: string };

function card(met: MetPerson, locale: Locale, institution: Institution) {
  const person: DirectoryCard = met.person;
  const zh = locale === "zh-CN";
  const name = zh ? chineseNameParts(person.nameZh) : englishNameParts(person.nameEn, person.nameZh);
  const pinyin = person.pinyin ? englishNameParts(person.pinyin, person.nameZh) : null;
  const lines = ["BEGIN:VCARD", "VERSION:3.0", line("N", `${escapeText(name.family)};${escapeText(name.given)};;;`), line("FN", escapeText(name.full))];
  // the other language's name, so a search in either finds the person
  lines.push(line("NICKNAME", escapeText(zh ? person.nameEn : person.nameZh)));
  if (pinyin && zh) {
    // iOS and macOS sort and search Chinese names by these; vCard 3.0's SORT-STRING serves the rest
    lines.push(line("X-PHONETIC-LAST-NAME", escapeText(pinyin.family)), line("X-PHONETIC-FIRST-NAME", escapeText(pinyin.given)));
    lines.push(line("SORT-STRING", escapeText(`${pinyin.family} ${pinyin.given}`.trim())));
  }
  const organisation = person.kind === "GUEST" ? (zh ? person.organisationZh : person.organisationEn) || person.organisationZh || person.organisationEn : zh ? institution.nameZh : institution.nameEn;
  const department = zh ? person.departmentZh : person.departmentEn;
  if (organisation) lines.push(line("ORG", [organisation, department].filter(Boolean).map((part) => escapeText(part!)).join(";")));
  const title = (zh ? person.titleZh : person.titleEn) || person.titleZh || person.titleEn;
  if (title) lines.push(line("TITLE", escapeText(title)));
  if (person.email) lines.push(line("EMAIL;TYPE=INTERNET,WORK", escapeText(person.email)));
  if (person.phone) lines.push(line("TEL;TYPE=WORK,VOICE", escapeText(person.phone)));
  if (met.note) lines.push(line("NOTE", escapeText(met.note)));
  lines.push(line("UID", `urn:convene:connection:${met.connectionId}`), "END:VCARD");
  return lines.join("\r\n");
}

/** Every card in one file, in the order given; an empty list is an empty file. */
export function peopleVcard(people: MetPerson[], locale: Locale, institution: Institution) {
  return people.length ? `${people.map((met) => card(met, locale, institution)).join("\r\n")}\r\n` : "";
}
