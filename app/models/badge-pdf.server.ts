import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

import * as fontkit from "fontkit";
import PDFDocument from "pdfkit";
import QRCode from "qrcode";

import { compareDepartments } from "~/models/department.server";
import type { BadgeRibbon, Prisma } from "~/generated/prisma/client";
import { badgePayload } from "~/models/badge.server";
import { prisma } from "~/utils/db.server";
import { translate } from "~/utils/i18n";

/**
 * Printable badges. Chinese must come out right on every machine, so the font ships with the app (Noto Sans SC,
 * from npm, not from the system): pdfkit embeds it as a subset with a ToUnicode map, so names can be searched and
 * copied, and no character turns into a box. Indico (#6135) and pretix (#4340) still break on exactly this.
 */

export const BADGE_SIZES = ["CR80", "A6"] as const;
export type BadgeSize = (typeof BADGE_SIZES)[number];
export const BADGE_LAYOUTS = ["sheet", "cards"] as const;
/** "sheet": several badges on A4 paper with cut marks; "cards": one badge per page, for card printers. */
export type BadgeLayout = (typeof BADGE_LAYOUTS)[number];
export const BADGE_SORTS = ["calling", "department", "name"] as const;
export type BadgeSort = (typeof BADGE_SORTS)[number];

const MM = 72 / 25.4;
/** Portrait, to hang from a lanyard: CR80 is the ISO/IEC 7810 ID-1 card, A6 the large conference badge. */
const SIZE: Record<BadgeSize, { width: number; height: number }> = {
  CR80: { width: 53.98 * MM, height: 85.6 * MM },
  A6: { width: 105 * MM, height: 148 * MM },
};
const A4 = { width: 210 * MM, height: 297 * MM };

const RIBBON_COLOUR: Record<BadgeRibbon, string> = {
  NEW_HIRE: "#c62828",
  STAFF: "#1f4e8c",
  SPEAKER: "#6a1b9a",
  GUEST: "#00796b",
  VISITOR: "#00796b",
  ORGANIZER: "#e65100",
  AWARDEE: "#b8860b",
};

export type BadgeCard = {
  nameZh: string;
  /** pinyin, or the English name when there is none */
  romanised: string;
  departmentZh: string | null;
  departmentEn: string | null;
  eventZh: string;
  eventEn: string;
  ribbon: BadgeRibbon;
  payload: string;
  callingOrder: number | null;
};

const require = createRequire(import.meta.url);
let fonts: { regular: Buffer; bold: Buffer; face: fontkit.Font } | null = null;
/** The two weights, read once (about 20 MB) and shared by every document. */
function badgeFonts() {
  if (!fonts) {
    const file = (weight: string) => require.resolve(`@expo-google-fonts/noto-sans-sc/${weight}/NotoSansSC_${weight}.ttf`);
    const regular = readFileSync(file("400Regular"));
    fonts = { regular, bold: readFileSync(file("700Bold")), face: fontkit.create(regular) as fontkit.Font };
  }
  return fonts;
}

/** Characters of a text that the badge font cannot draw (they would print as boxes), for a warning before printing. */
export function missingGlyphs(text: string) {
  const { face } = badgeFonts();
  return [...new Set(Array.from(text).filter((char) => !/\s/.test(char) && !face.hasGlyphForCodePoint(char.codePointAt(0)!)))];
}

export type Doc = InstanceType<typeof PDFDocument>;

/** Draws a QR code as vector squares (crisp at any printer resolution), one rectangle per run of dark modules. */
export function drawQr(doc: Doc, payload: string, x: number, y: number, size: number) {
  const { modules } = QRCode.create(payload, { errorCorrectionLevel: "M" });
  const quiet = 4; // the quiet zone the QR standard asks for: text printed close by must not confuse a reader
  const cell = size / (modules.size + quiet * 2);
  doc.save().rect(x, y, size, size).fill("#ffffff");
  for (let row = 0; row < modules.size; row++) {
    let start = -1;
    for (let col = 0; col <= modules.size; col++) {
      const dark = col < modules.size && modules.get(row, col);
      if (dark && start < 0) start = col;
      if (!dark && start >= 0) {
        doc.rect(x + (quiet + start) * cell, y + (quiet + row) * cell, (col - start) * cell + 0.05, cell + 0.05);
        start = -1;
      }
    }
  }
  doc.fill("#000000").restore();
}

/** The largest size (down to a floor) at which a line of text fits the width. */
function fitSize(doc: Doc, text: string, font: string, width: number, size: number, floor: number) {
  doc.font(font);
  let current = size;
  while (current > floor && doc.fontSize(current).widthOfString(text) > width) current -= 0.5;
  return current;
}

export function line(doc: Doc, text: string, options: { font: string; size: number; floor?: number; x: number; y: number; width: number; colour?: string; align?: "center" | "left" | "right" }) {
  const size = fitSize(doc, text, options.font, options.width, options.size, options.floor ?? options.size * 0.5);
  doc
    .font(options.font)
    .fontSize(size)
    .fillColor(options.colour ?? "#111111")
    // one line, never wrapped: what still does not fit at the smallest size is cut with an ellipsis
    .text(text, options.x, options.y, { width: options.width, height: size * 1.2, align: options.align ?? "center", lineBreak: false, ellipsis: true });
  return size;
}

/**
 * One badge with its top-left corner at (x, y). The design is drawn in "badge millimetres" of a 54 x 85.6 mm CR80
 * card, scaled to fit the badge (A6 is 1.73 times larger), with coloured bands across the full width.
 */
function drawBadge(doc: Doc, card: BadgeCard, x: number, y: number, size: BadgeSize) {
  const { width, height } = SIZE[size];
  const u = Math.min(width / 54, height / 85.6);
  const left = x + (width - 54 * u) / 2 + 3 * u;
  const inner = 48 * u;
  const colour = RIBBON_COLOUR[card.ribbon];
  const at = (mm: number) => y + mm * u;

  doc.save();
  // the event, in both languages
  doc.rect(x, y, width, 12 * u).fill(colour);
  line(doc, card.eventZh, { font: "bold", size: 5.2 * u, x: left, y: at(1.2), width: inner, colour: "#ffffff" });
  line(doc, card.eventEn, { font: "regular", size: 3.4 * u, x: left, y: at(7.2), width: inner, colour: "#ffffff" });

  // the name: Chinese large, then pinyin or the English name; then the department in both languages
  line(doc, card.nameZh, { font: "bold", size: 13 * u, floor: 7 * u, x: left, y: at(13.2), width: inner });
  line(doc, card.romanised, { font: "regular", size: 6 * u, x: left, y: at(31.4), width: inner, colour: "#333333" });
  if (card.departmentZh) line(doc, card.departmentZh, { font: "regular", size: 4.6 * u, x: left, y: at(40), width: inner, colour: "#333333" });
  if (card.departmentEn) line(doc, card.departmentEn, { font: "regular", size: 3.3 * u, x: left, y: at(46.2), width: inner, colour: "#555555" });

  // the QR code with its quiet zone, 23 mm on a CR80 card (0.7 mm modules for a version-2 code: read at arm's length)
  const qr = 23 * u;
  drawQr(doc, card.payload, x + (width - qr) / 2, at(50.4), qr);
  line(doc, card.payload, { font: "regular", size: 2.5 * u, x: left, y: at(73.5), width: inner, colour: "#555555" });
  if (card.callingOrder != null) {
    // the ceremony's calling number, beside the code, where the stage manager looks for it
    const side = (54 * u - qr) / 2 - 3.5 * u;
    line(doc, "序号 No.", { font: "regular", size: 2.6 * u, x: left, y: at(56), width: side, colour: "#555555" });
    line(doc, String(card.callingOrder), { font: "bold", size: 7 * u, x: left, y: at(59.5), width: side, colour: colour });
  }

  // the ribbon, in both languages
  const ribbonTop = y + height - 8.4 * u;
  doc.rect(x, ribbonTop, width, 8.4 * u).fill(colour);
  const label = `${translate("zh-CN", `badge.ribbon.${card.ribbon}`)}  ${translate("en", `badge.ribbon.${card.ribbon}`).toUpperCase()}`;
  line(doc, label, { font: "bold", size: 4.8 * u, x: left, y: ribbonTop + 1.2 * u, width: inner, colour: "#ffffff" });
  doc.restore();
}

function cutMarks(doc: Doc, x: number, y: number, width: number, height: number) {
  const mark = 3 * MM;
  doc.save().lineWidth(0.3).strokeColor("#999999");
  for (const [cx, cy, dx, dy] of [
    [x, y, -1, -1],
    [x + width, y, 1, -1],
    [x, y + height, -1, 1],
    [x + width, y + height, 1, 1],
  ] as const) {
    doc.moveTo(cx + dx * 1, cy).lineTo(cx + dx * mark, cy).stroke();
    doc.moveTo(cx, cy + dy * 1).lineTo(cx, cy + dy * mark).stroke();
  }
  doc.restore();
}

/** Where badges sit on an A4 sheet: as many as fit with gaps for cutting, centred. */
export function sheetGrid(size: BadgeSize) {
  const { width, height } = SIZE[size];
  const gap = size === "CR80" ? 6 * MM : 0;
  const margin = size === "CR80" ? 8 * MM : 0;
  const columns = Math.max(1, Math.floor((A4.width - margin * 2 + gap) / (width + gap)));
  const rows = Math.max(1, Math.floor((A4.height - margin * 2 + gap) / (height + gap)));
  const left = (A4.width - (columns * width + (columns - 1) * gap)) / 2;
  const top = (A4.height - (rows * height + (rows - 1) * gap)) / 2;
  return { columns, rows, perPage: columns * rows, position: (i: number) => ({ x: left + (i % columns) * (width + gap), y: top + Math.floor(i / columns) * (height + gap) }) };
}

export type RenderOptions = { size: BadgeSize; layout: BadgeLayout; title?: string; onProgress?: (done: number) => void };

/**
 * A PDF drawn item by item in the CJK fonts ("regular" and "bold"), streamed into a Buffer. It yields to the event
 * loop every `yieldEvery` items, so a long batch never blocks other requests (the door keeps scanning while the desk
 * prints), and reports how many items are done as it goes. `draw` adds the pages it needs.
 */
export async function renderPdf<T>(
  items: T[],
  options: { size: { width: number; height: number }; title: string; yieldEvery: number; onProgress?: (done: number) => void },
  draw: (doc: Doc, item: T, index: number) => void,
): Promise<Buffer> {
  const { regular, bold } = badgeFonts();
  const doc = new PDFDocument({ size: [options.size.width, options.size.height], margin: 0, autoFirstPage: false, info: { Title: options.title, Creator: "convene" } });
  const chunks: Buffer[] = [];
  doc.on("data", (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    doc.on("end", resolve);
    doc.on("error", reject);
  });
  doc.registerFont("regular", regular);
  doc.registerFont("bold", bold);
  for (let i = 0; i < items.length; i++) {
    draw(doc, items[i]!, i);
    if (i % options.yieldEvery === options.yieldEvery - 1) {
      options.onProgress?.(i + 1);
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  if (!items.length) doc.addPage();
  doc.end();
  await ended;
  options.onProgress?.(items.length);
  return Buffer.concat(chunks);
}

/** The PDF for a list of badges: one a page for card printers, or as many as fit on A4 sheets with cut marks. */
export async function renderBadges(cards: BadgeCard[], options: RenderOptions): Promise<Buffer> {
  const { size, layout } = options;
  const grid = sheetGrid(size);
  return renderPdf(cards, { size: layout === "cards" ? SIZE[size] : A4, title: options.title ?? "convene badges", yieldEvery: 10, onProgress: options.onProgress }, (doc, card, i) => {
    if (layout === "cards") {
      doc.addPage();
      drawBadge(doc, card, 0, 0, size);
      return;
    }
    const slot = i % grid.perPage;
    if (slot === 0) doc.addPage();
    const { x, y } = grid.position(slot);
    drawBadge(doc, card, x, y, size);
    cutMarks(doc, x, y, SIZE[size].width, SIZE[size].height);
  });
}

const cardSelect = {
  token: true,
  ribbon: true,
  callingOrder: true,
  user: {
    select: {
      nameZh: true,
      nameEn: true,
      pinyin: true,
      profile: { select: { department: { select: { id: true, code: true, sortOrder: true, nameZh: true, nameEn: true } } } },
    },
  },
  event: { select: { titleZh: true, titleEn: true } },
} satisfies Prisma.BadgeSelect;

type CardRow = Prisma.BadgeGetPayload<{ select: typeof cardSelect }>;

function toCard(row: CardRow): BadgeCard {
  const department = row.user.profile?.department;
  return {
    nameZh: row.user.nameZh,
    romanised: row.user.pinyin || row.user.nameEn,
    departmentZh: department?.nameZh ?? null,
    departmentEn: department?.nameEn ?? null,
    eventZh: row.event.titleZh,
    eventEn: row.event.titleEn,
    ribbon: row.ribbon,
    payload: badgePayload(row.token),
    callingOrder: row.callingOrder,
  };
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const SORTS: Record<BadgeSort, (a: CardRow, b: CardRow) => number> = {
  name: (a, b) => byText(a.user.pinyin || a.user.nameEn, b.user.pinyin || b.user.nameEn) || byText(a.user.nameZh, b.user.nameZh),
  department: (a, b) => compareDepartments(a.user.profile?.department, b.user.profile?.department) || SORTS.name(a, b),
  // the ceremony's order; people without a number follow, by department
  calling: (a, b) => (a.callingOrder ?? Infinity) - (b.callingOrder ?? Infinity) || SORTS.department(a, b),
};

export type BadgeSelection = { ribbon?: BadgeRibbon | null; departmentId?: string | null; sort: BadgeSort };

/** The event's current badges for a batch: live badges of confirmed registrants, filtered and in print order. */
export async function badgeCards(eventId: string, selection: BadgeSelection) {
  const rows = await prisma.badge.findMany({
    where: {
      eventId,
      revokedAt: null,
      registration: { status: "CONFIRMED" },
      ...(selection.ribbon ? { ribbon: selection.ribbon } : {}),
      ...(selection.departmentId ? { user: { profile: { departmentId: selection.departmentId } } } : {}),
    },
    select: cardSelect,
  });
  return rows.sort(SORTS[selection.sort]).map(toCard);
}

/** One person's badge, as a card. */
export async function badgeCard(badgeId: string) {
  return toCard(await prisma.badge.findUniqueOrThrow({ where: { id: badgeId }, select: cardSelect }));
}

/**
 * A PDF as a download, with a name that keeps Chinese intact in every browser (RFC 6266 `filename*`, RFC 5987
 * encoding). Old clients get `filename`: the name with anything outside ASCII replaced, or `asciiFilename` if given.
 */
export function pdfResponse(pdf: Buffer, filename: string, asciiFilename?: string) {
  const ascii = (asciiFilename ?? filename).replace(/[^\x20-\x7e]/g, "_").replace(/"/g, "");
  return new Response(new Uint8Array(pdf), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`,
      "Cache-Control": "private, no-store",
    },
  });
}

/** `?size=A6` or CR80 (the default), for a single badge. */
export function sizeFrom(request: Request): BadgeSize {
  const size = new URL(request.url).searchParams.get("size");
  return size === "A6" ? "A6" : "CR80";
}
