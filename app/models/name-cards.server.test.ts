import { expect, test } from "vitest";

import { detail, missingGlyphsOf, NAME_CARD_PAGE, nameCardsFilename, nameCardsOf, renderNameCards, type NameCard } from "~/models/name-cards.server";
import { loadSeating } from "~/models/seating.server";

import { seatingVisit } from "../../tests/seating-fixtures";
import { hasPdftotext, hex, pageCount, pdfText, pdfWords, unicodeMaps } from "../../tests/pdf";

async function plan() {
  const { event } = await seatingVisit();
  const outcome = await loadSeating(event.id);
  if (!outcome.ok) throw new Error(outcome.messageKey);
  return outcome.plan;
}

test("the cards come in seating order, the delegation first; one side or the other on request", async () => {
  const seating = await plan();
  expect(nameCardsOf(seating, "all").map((card) => `${card.side} ${card.nameZh}`)).toEqual([
    "GUEST 吴朝晖",
    "GUEST 王立忠",
    "GUEST 沈文华",
    "GUEST 倪建新",
    "GUEST 林莉",
    "LAB 朱世强",
    "LAB 袁纪新",
    "LAB 欧阳娜娜",
    "LAB 潘云鹤",
  ]);
  expect(nameCardsOf(seating, "guests").map((card) => card.nameEn)).toEqual(["Wu Zhaohui", "Wang Lizhong", "Shen Wenhua", "Ni Jianxin", "Lin Li"]);
  expect(nameCardsOf(seating, "lab").map((card) => card.nameEn)).toEqual(["Zhu Shiqiang", "Yuan Jixin", "Ouyang Nana", "Pan Yunhe"]);
  expect(nameCardsOf(seating, "lab")[0]).toEqual({
    side: "LAB",
    nameZh: "朱世强",
    nameEn: "Zhu Shiqiang",
    titleZh: "主任",
    titleEn: "Director",
    organisationZh: "之江实验室",
    organisationEn: "Zhejiang Lab",
  });
});

const card = (overrides: Partial<NameCard> = {}): NameCard => ({
  side: "GUEST",
  nameZh: "吴朝晖",
  nameEn: "Wu Zhaohui",
  titleZh: "校长",
  titleEn: "President",
  organisationZh: "浙江大学",
  organisationEn: "Zhejiang University",
  ...overrides,
});

test("names with characters the font lacks are flagged with the characters; rare but covered ones are not", () => {
  const cards = [card(), card({ nameZh: "龚珺喆", nameEn: "Gong Junzhe" }), card({ nameZh: "王𠀀", nameEn: "Wang X" }), card({ nameZh: "李四", titleEn: "Professor 🎓" })];
  expect(missingGlyphsOf(cards)).toEqual([
    { nameZh: "王𠀀", nameEn: "Wang X", characters: ["𠀀"] },
    { nameZh: "李四", nameEn: "Wu Zhaohui", characters: ["🎓"] },
  ]);
});

test("the PDF: one A4 landscape page per card, the CJK font embedded as a subset with a Unicode map for every name", async () => {
  const seating = await plan();
  const cards = nameCardsOf(seating, "all");
  const pdf = await renderNameCards(cards, { title: "桌签 Name cards" });
  expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
  expect(pageCount(pdf)).toBe(cards.length);
  const text = pdf.toString("latin1");
  expect(text).toMatch(/\/MediaBox \[0 0 841\.88\d* 595\.27\d*\]/);
  expect(NAME_CARD_PAGE.width).toBeGreaterThan(NAME_CARD_PAGE.height);
  expect(text).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansSC-Bold/);
  expect(text).toContain("/FontFile2");
  // a subset: nine cards stay small
  expect(pdf.length).toBeLessThan(150_000);
  const maps = unicodeMaps(pdf).toLowerCase();
  for (const char of new Set(cards.map((c) => c.nameZh + c.organisationZh + c.titleZh).join(""))) {
    expect(maps, `ToUnicode entry for ${char}`).toContain(hex(char));
  }
});

test.skipIf(!hasPdftotext)("poppler reads each name twice, once per face: upright on the lower half, turned 180° on the upper", async () => {
  const seating = await plan();
  const cards = nameCardsOf(seating, "all");
  const pdf = await renderNameCards(cards, { title: "桌签" });
  cards.forEach((c, i) => {
    const page = pdfText(pdf, i + 1);
    expect(page.split(c.nameZh).length - 1, `${c.nameZh} on page ${i + 1}`).toBe(2);
    expect(page).toContain(c.nameEn);
  });
  expect(pdfText(pdf, 1)).toContain("Zhejiang University");
  expect(pdfText(pdf, 6)).toContain("之江实验室");

  const { width, height, words } = pdfWords(pdf, 1);
  expect(width).toBeGreaterThan(height);
  const fold = height / 2;
  const names = words.filter((word) => word.text === "吴朝晖");
  expect(names).toHaveLength(2);
  const [upper, lower] = [...names].sort((a, b) => a.yMin - b.yMin) as [(typeof names)[number], (typeof names)[number]];
  // the margins: nothing printed within 10 mm of the fold or of the cut edges
  const mm = 72 / 25.4;
  for (const word of words) {
    const onUpper = word.yMax <= fold;
    expect(onUpper ? fold - word.yMax : word.yMin - fold, `${word.text} clear of the fold`).toBeGreaterThan(0);
    expect(word.yMin, `${word.text} clear of the top edge`).toBeGreaterThan(10 * mm);
    expect(height - word.yMax, `${word.text} clear of the bottom edge`).toBeGreaterThan(10 * mm);
    expect(word.xMin).toBeGreaterThan(10 * mm);
    expect(width - word.xMax).toBeGreaterThan(10 * mm);
  }
  expect(upper.yMax).toBeLessThanOrEqual(fold);
  expect(lower.yMin).toBeGreaterThanOrEqual(fold);
  // very large: more than a third of the face's height
  expect(lower.yMax - lower.yMin).toBeGreaterThan(fold / 3);
  // the lower face reads left to right; the upper one is upside down, so its words run right to left on the sheet
  const [wuLow, zhaohuiLow] = ["Wu", "Zhaohui"].map((w) => words.find((word) => word.text === w && word.yMin > fold)!);
  const [wuHigh, zhaohuiHigh] = ["Wu", "Zhaohui"].map((w) => words.find((word) => word.text === w && word.yMax < fold)!);
  expect(wuLow!.xMin).toBeLessThan(zhaohuiLow!.xMin);
  expect(wuHigh!.xMin).toBeGreaterThan(zhaohuiHigh!.xMin);
  // and each face mirrors the other about the centre of the sheet
  expect(Math.abs(width - upper.xMax - lower.xMin)).toBeLessThan(1);
  expect(Math.abs(height - upper.yMax - lower.yMin)).toBeLessThan(1);
});

test("a long name shrinks to fit the card instead of being cut; a name with no Chinese form prints large in English", async () => {
  const long = card({ nameZh: "阿卜杜勒·阿齐兹·本·穆罕默德·阿勒沙特", nameEn: "Abdulaziz bin Mohammed Al Saud" });
  const latin = card({ nameZh: "", nameEn: "Maximilian von Habsburg-Lothringen", titleZh: "", organisationZh: "" });
  const pdf = await renderNameCards([long, latin], { title: "桌签" });
  expect(pageCount(pdf)).toBe(2);
  if (!hasPdftotext) return;
  expect(pdfText(pdf, 1).replace(/\s+/g, "")).toContain("阿卜杜勒·阿齐兹·本·穆罕默德·阿勒沙特");
  const { width, words } = pdfWords(pdf, 1);
  for (const word of words) expect(width - word.xMax).toBeGreaterThan(10);
  expect(pdfText(pdf, 2)).toContain("Maximilian von Habsburg-Lothringen");
});

test("file names: Chinese for browsers that take RFC 5987 names, ASCII for the rest", () => {
  expect(nameCardsFilename("2026-zju-visit", "all")).toEqual({ unicode: "桌签-2026-zju-visit.pdf", ascii: "name-cards-2026-zju-visit.pdf" });
  expect(nameCardsFilename("2026-zju-visit", "guests")).toEqual({ unicode: "桌签-客方-2026-zju-visit.pdf", ascii: "name-cards-guests-2026-zju-visit.pdf" });
  expect(nameCardsFilename("2026-zju-visit", "lab")).toEqual({ unicode: "桌签-主方-2026-zju-visit.pdf", ascii: "name-cards-lab-2026-zju-visit.pdf" });
});

test("the organisation is printed once: a title that already names it stands alone", () => {
  const zh = (organisation: string, title: string) => `${organisation}\u3000${title}`;
  const en = (organisation: string, title: string) => `${title}, ${organisation}`;
  expect(detail("浙江大学", "副校长", zh)).toBe("浙江大学\u3000副校长");
  expect(detail("浙江大学", "浙江大学校长、中国科学院院士", zh)).toBe("浙江大学校长、中国科学院院士");
  expect(detail("Zhejiang University", "President, Zhejiang University; CAS Academician", en)).toBe("President, Zhejiang University; CAS Academician");
  expect(detail("Zhejiang University", "Vice President", en)).toBe("Vice President, Zhejiang University");
  expect(detail("", "Professor", en)).toBe("Professor");
  expect(detail("ETH Zürich", " ", en)).toBe("ETH Zürich");
});
