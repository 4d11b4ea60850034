/**
 * Name cards (桌签) for a visit's talks: table tents, one per A4 landscape page, folded along the middle. The name is
 * printed on both faces, the upper one turned 180°, so once folded into a tent it reads the right way up from both
 * sides of the table: the other side sees who sits there, and so does the row behind. Each face: the Chinese name
 * very large, the English name under it, then the organisation and title in Chinese and in English, smaller.
 *
 * The cards come in the seating plan's order (`seating.server.ts`): the delegation by precedence, then the lab
 * side, so the pile is laid out seat by seat. The font is the badges' Noto Sans SC (ADR 009), embedded as a subset
 * with a ToUnicode map: the Chinese prints on any machine and can be searched and copied. A name with a character
 * the font lacks would print a box; `missingGlyphsOf` names those cards before anyone prints.
 */
import { missingGlyphs, renderPdf, type Doc } from "~/models/badge-pdf.server";
import type { NameCardSide, SeatingPlan, SeatLabel, TableSide } from "~/models/seating.server";

export type NameCard = SeatLabel & { side: TableSide };

/** The fixed wording of the document, in both languages together: the PDF's title and its file name. */
export const NAME_CARDS_TITLE = { zh: "桌签", en: "Name cards" } as const;
const SIDE_NAME: Record<NameCardSide, { zh: string; en: string }> = { all: { zh: "", en: "" }, guests: { zh: "客方", en: "guests" }, lab: { zh: "主方", en: "lab" } };

/** "桌签-客方-2026-zju-visit.pdf", and "name-cards-guests-2026-zju-visit.pdf" for clients that only take ASCII. */
export function nameCardsFilename(slug: string, side: NameCardSide) {
  const { zh, en } = SIDE_NAME[side];
  return { unicode: [NAME_CARDS_TITLE.zh, zh, slug].filter(Boolean).join("-") + ".pdf", ascii: ["name-cards", en, slug].filter(Boolean).join("-") + ".pdf" };
}

/** The cards of one side or both, in seating order: the delegation first. */
export function nameCardsOf(plan: Pick<SeatingPlan, "guests" | "lab">, side: NameCardSide): NameCard[] {
  const card = (which: TableSide) => (seat: SeatingPlan["guests"][number]): NameCard => ({
    side: which,
    nameZh: seat.nameZh,
    nameEn: seat.nameEn,
    titleZh: seat.titleZh,
    titleEn: seat.titleEn,
    organisationZh: seat.organisationZh,
    organisationEn: seat.organisationEn,
  });
  return [...(side === "lab" ? [] : plan.guests.map(card("GUEST"))), ...(side === "guests" ? [] : plan.lab.map(card("LAB")))];
}

/** The cards that would print a box, with the characters the font lacks, to warn about before printing. */
export function missingGlyphsOf(cards: NameCard[]) {
  return cards.flatMap((card) => {
    const characters = missingGlyphs([card.nameZh, card.nameEn, card.titleZh, card.titleEn, card.organisationZh, card.organisationEn].join(" "));
    return characters.length ? [{ nameZh: card.nameZh, nameEn: card.nameEn, characters }] : [];
  });
}

// ───────────────────────────── drawing ─────────────────────────────

type Font = "regular" | "bold";

const MM = 72 / 25.4;
const PAGE = { width: 297 * MM, height: 210 * MM };
/** One face: half the page, between the fold and the cut edge. */
const FACE = { width: PAGE.width, height: PAGE.height / 2 };
/** Room kept clear for trimming a printer's edge and for a fold that is not quite straight. */
const MARGIN = { fold: 14 * MM, edge: 12 * MM, side: 18 * MM };
const TEXT_WIDTH = FACE.width - 2 * MARGIN.side;

const INK = "#111111";
const SECOND = "#2a2a2a";
const DETAIL = "#4a4a4a";

const CJK = /[\u2e80-\u9fff\uf900-\ufaff\u{20000}-\u{3134f}]/u;

/** Above and below the baseline, in em: ideographs fill their em box; Latin text has capitals and descenders. */
const extent = (text: string) => (CJK.test(text) ? { ascent: 0.88, descent: 0.12 } : { ascent: 0.76, descent: 0.22 });

type Line = { text: string; font: Font; size: number; colour: string; gap: number };

/**
 * The organisation and the title on one line (浙江大学, an ideographic space, 副校长; "Vice President, Zhejiang
 * University"), the organisation once: a title that already names it ("浙江大学校长、中国科学院院士") stands alone.
 */
export function detail(organisation: string, title: string, join: (organisation: string, title: string) => string) {
  const [o, t] = [organisation.trim(), title.trim()];
  if (!o || !t) return o || t;
  return t.toLowerCase().includes(o.toLowerCase()) ? t : join(o, t);
}

/** The lines of one face, at their largest; `faceLines` shrinks them if they do not fit. */
function lines(card: NameCard): Line[] {
  const zh = card.nameZh.trim();
  const en = card.nameEn.trim();
  const detailZh = detail(card.organisationZh, card.titleZh, (organisation, title) => `${organisation}\u3000${title}`);
  const detailEn = detail(card.organisationEn, card.titleEn, (organisation, title) => `${title}, ${organisation}`);
  const result: Line[] = [];
  // a name with no Chinese form (an external guest) is printed large in the form it has
  const main = zh || en;
  result.push({ text: main, font: "bold", size: CJK.test(main) ? 104 : 76, colour: INK, gap: 0 });
  if (zh && en && en !== zh) result.push({ text: en, font: "regular", size: 34, colour: SECOND, gap: 7 * MM });
  if (detailZh) result.push({ text: detailZh, font: "regular", size: 17, colour: DETAIL, gap: 6.5 * MM });
  if (detailEn && detailEn !== detailZh) result.push({ text: detailEn, font: "regular", size: 13.5, colour: DETAIL, gap: detailZh ? 3 * MM : 6.5 * MM });
  return result;
}

function measure(doc: Doc, text: string, font: Font, size: number) {
  return doc.font(font).fontSize(size).widthOfString(text);
}

/** Each line shrunk to the width on its own (never cut), then the whole stack shrunk to the face's height. */
function faceLines(doc: Doc, card: NameCard) {
  const fitted = lines(card).map((line) => ({ ...line, size: line.size * Math.min(1, TEXT_WIDTH / measure(doc, line.text, line.font, line.size)) }));
  const height = (all: Line[]) => all.reduce((sum, line) => sum + line.gap + (extent(line.text).ascent + extent(line.text).descent) * line.size, 0);
  const room = FACE.height - MARGIN.fold - MARGIN.edge;
  const scale = Math.min(1, room / height(fitted));
  const scaled = fitted.map((line) => ({ ...line, size: line.size * scale, gap: line.gap * scale }));
  return { lines: scaled, height: height(scaled) };
}

/** One face in its own frame: the fold along the top edge (y = 0), the cut edge at the bottom. */
function drawFace(doc: Doc, card: NameCard) {
  const face = faceLines(doc, card);
  const room = FACE.height - MARGIN.fold - MARGIN.edge;
  // centred between fold and edge, a little nearer the fold, where the eye meets a standing tent
  let y = MARGIN.fold + (room - face.height) * 0.45;
  for (const line of face.lines) {
    const { ascent, descent } = extent(line.text);
    y += line.gap + ascent * line.size;
    const width = measure(doc, line.text, line.font, line.size);
    doc
      .font(line.font)
      .fontSize(line.size)
      .fillColor(line.colour)
      .text(line.text, FACE.width / 2 - width / 2, y, { lineBreak: false, baseline: "alphabetic" });
    y += descent * line.size;
  }
}

function drawCard(doc: Doc, card: NameCard) {
  doc.addPage();
  // the face the page's lower half carries, upright
  doc.save().translate(0, FACE.height);
  drawFace(doc, card);
  doc.restore();
  // the same face turned about the page's centre onto the upper half: upside down on the sheet, upright on the tent
  doc.save().rotate(180, { origin: [PAGE.width / 2, PAGE.height / 2] }).translate(0, FACE.height);
  drawFace(doc, card);
  doc.restore();
  // the fold, faint enough to vanish on the finished tent
  doc.save().lineWidth(0.4).strokeColor("#c4c4c4").dash(4, { space: 3 }).moveTo(0, FACE.height).lineTo(PAGE.width, FACE.height).stroke().undash().restore();
}

export const NAME_CARD_PAGE = PAGE;

/** The PDF: one card per A4 landscape page, in the order given. */
export async function renderNameCards(cards: NameCard[], options: { title: string }): Promise<Buffer> {
  return renderPdf(cards, { size: PAGE, title: options.title, yieldEvery: 10 }, (doc, card) => drawCard(doc, card));
}
