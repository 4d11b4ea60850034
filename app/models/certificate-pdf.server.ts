import { renderPdf, type Doc } from "~/models/badge-pdf.server";

/**
 * Award certificates: one A4 landscape page per recipient, every line in both languages. The font is the badges'
 * Noto Sans SC (ADR 009), embedded as a subset with a ToUnicode map, so the Chinese prints on any machine and the
 * names can be searched and copied. Nothing is ever cut: names, member lists and citations shrink to fit their box.
 */

export type CertificateRecipient = {
  kind: "INDIVIDUAL" | "TEAM" | "DEPARTMENT";
  /** the person, team or department, as awarded */
  nameZh: string;
  nameEn: string;
  /** for individuals */
  departmentZh?: string | null;
  departmentEn?: string | null;
  /** for teams, in the order given; leads are printed first and marked */
  members?: Array<{ nameZh: string; nameEn: string; isLead: boolean }>;
};

export type CertificateData = {
  /** e.g. 2019年度之江实验室科技奖 / 2019 Zhejiang Lab Technology Awards */
  programmeZh: string;
  programmeEn: string;
  year: number;
  /** e.g. 科技进步奖 / Science and Technology Progress Award, and 一等奖 / First Prize */
  categoryZh: string;
  categoryEn: string;
  levelZh: string;
  levelEn: string;
  citationZh: string;
  citationEn: string;
  recipient: CertificateRecipient;
  /** printed as a calendar date in `timeZone`, in both languages */
  issuedOn: Date;
  timeZone: string;
  issuerZh: string;
  issuerEn: string;
  /** a short reference printed small, e.g. "2019-TA-003" */
  serial: string;
};

/** The fixed wording, always in both languages together: a certificate is read by both audiences at once. */
export const CERTIFICATE_TITLE = { zh: "荣誉证书", en: "CERTIFICATE OF HONOUR" } as const;
export const CERTIFICATE_CONFERRED = { zh: "荣获", en: "is awarded the" } as const;
export const CERTIFICATE_MEMBERS = { zh: "团队成员", en: "Team members" } as const;
export const CERTIFICATE_LEAD = { zh: "负责人", en: "Lead" } as const;
export const CERTIFICATE_CLOSING = { zh: "特发此证，以资鼓励。", en: "Presented in recognition of this achievement." } as const;
export const CERTIFICATE_SERIAL = { zh: "证书编号", en: "Certificate No." } as const;

/** "2020年1月14日" and "14 January 2020": the calendar day of the instant in the award's time zone. */
export function certificateDate(date: Date, timeZone: string) {
  const options: Intl.DateTimeFormatOptions = { year: "numeric", month: "long", day: "numeric", timeZone };
  return { zh: new Intl.DateTimeFormat("zh-CN", options).format(date), en: new Intl.DateTimeFormat("en-GB", options).format(date) };
}

type Font = "regular" | "bold";

const MM = 72 / 25.4;
const PAGE = { width: 297 * MM, height: 210 * MM };
const RED = "#9b1c1c";
const GOLD = "#b08a3e";
const INK = "#1c1c1c";
const GREY = "#555555";

/** The content column, inside the frame and its corner ornaments. */
const LEFT = 82;
const WIDTH = PAGE.width - LEFT * 2;
const CENTRE = PAGE.width / 2;
/** Noto Sans SC draws its glyphs from 0.32 em below the top of its line box (ascender 1.16 em, ideographs 0.84 em high). */
const INK_OFFSET = 0.32;
/** Line boxes are 1.448 em; 1.32 em keeps a dense citation readable and saves a line in ten. */
const LINE_GAP = -0.13;

function measure(doc: Doc, text: string, font: Font, size: number, characterSpacing = 0) {
  return doc.font(font).fontSize(size).widthOfString(text, { characterSpacing });
}

/** The size at which one line of text fits the width: the given size, or smaller in proportion. Text is never cut. */
function fit(doc: Doc, text: string, font: Font, size: number, width: number) {
  const natural = measure(doc, text, font, size);
  return natural <= width ? size : (size * width) / natural;
}

type Run = { text: string; font: Font; size: number; colour: string; characterSpacing?: number };

/**
 * One line whose ink starts at `top`, made of runs in different fonts and sizes that share a baseline, centred on
 * `centre` (or starting at `left`). Centred by hand: pdfkit counts letter spacing after the last character too.
 */
function runs(doc: Doc, parts: Run[], top: number, place: { centre: number } | { left: number }, gap = 0) {
  const widths = parts.map((part) => measure(doc, part.text, part.font, part.size, part.characterSpacing));
  const total = widths.reduce((sum, width) => sum + width, 0) + gap * (parts.length - 1);
  let x = "centre" in place ? place.centre - total / 2 : place.left;
  const baseline = top + Math.max(...parts.map((part) => part.size)) * 0.84;
  parts.forEach((part, i) => {
    doc
      .font(part.font)
      .fontSize(part.size)
      .fillColor(part.colour)
      .text(part.text, x, baseline, { lineBreak: false, baseline: "alphabetic", characterSpacing: part.characterSpacing ?? 0 });
    x += widths[i]! + gap;
  });
  return total;
}

function diamond(doc: Doc, x: number, y: number, r: number, colour: string) {
  doc.moveTo(x, y - r).lineTo(x + r, y).lineTo(x, y + r).lineTo(x - r, y).closePath().fill(colour);
}

/** A double frame, red outside and gold inside, with a stepped fret at each corner. */
function drawFrame(doc: Doc) {
  const { width, height } = PAGE;
  doc.save();
  doc.lineWidth(3.2).strokeColor(RED).rect(20, 20, width - 40, height - 40).stroke();
  doc.lineWidth(0.8).strokeColor(GOLD).rect(27, 27, width - 54, height - 54).stroke();
  doc.lineWidth(1.1).strokeColor(GOLD);
  for (const [sx, sy] of [[1, 1], [-1, 1], [1, -1], [-1, -1]] as const) {
    const cx = sx > 0 ? 27 : width - 27;
    const cy = sy > 0 ? 27 : height - 27;
    const at = (dx: number, dy: number): [number, number] => [cx + sx * dx, cy + sy * dy];
    // a meander: out along the edge, in, back, and round, as on a Chinese frame
    doc.moveTo(...at(7, 46)).lineTo(...at(7, 7)).lineTo(...at(46, 7)).stroke();
    doc.moveTo(...at(13, 34)).lineTo(...at(13, 13)).lineTo(...at(34, 13)).stroke();
    doc.moveTo(...at(19, 26)).lineTo(...at(19, 19)).lineTo(...at(26, 19)).lineTo(...at(26, 26)).lineTo(...at(22, 26)).stroke();
    diamond(doc, ...at(7, 52), 2.2, RED);
    diamond(doc, ...at(52, 7), 2.2, RED);
  }
  doc.restore();
}

/** A gold rule with a red diamond in the middle, under the title. */
function drawRule(doc: Doc, y: number, half: number) {
  doc.save().lineWidth(0.8).strokeColor(GOLD);
  doc.moveTo(CENTRE - half, y).lineTo(CENTRE - 8, y).stroke();
  doc.moveTo(CENTRE + 8, y).lineTo(CENTRE + half, y).stroke();
  diamond(doc, CENTRE, y, 3.2, RED);
  doc.restore();
}

/** A block of the page: its height, and how to draw it with its ink starting at `top`. */
type Block = { height: number; draw: (top: number) => void };

/** A line of runs shrunk together, in proportion, until it fits the width. */
function fitRuns(doc: Doc, parts: Run[], gap: number, width = WIDTH) {
  const natural = parts.reduce((sum, part) => sum + measure(doc, part.text, part.font, part.size, part.characterSpacing), 0) + gap * (parts.length - 1);
  const ratio = Math.min(1, width / natural);
  return { parts: parts.map((part) => ({ ...part, size: part.size * ratio })), gap: gap * ratio, height: Math.max(...parts.map((part) => part.size)) * ratio };
}

/** Chinese and English side by side on one line, e.g. a department or the programme. */
function pairLine(doc: Doc, zh: string | null | undefined, en: string | null | undefined, style: { size: number; colour: string; enColour?: string; font?: Font; spacing?: number }): Block {
  const parts: Run[] = [];
  if (zh) parts.push({ text: zh, font: style.font ?? "regular", size: style.size, colour: style.colour, characterSpacing: style.spacing });
  if (en) parts.push({ text: en, font: "regular", size: style.size * (zh ? 0.9 : 1), colour: style.enColour ?? style.colour });
  const line = fitRuns(doc, parts, style.size * 1.1);
  return { height: parts.length ? line.height : 0, draw: (top) => void (parts.length && runs(doc, line.parts, top, { centre: CENTRE }, line.gap)) };
}

/** Blocks stacked with fixed gaps, as one block. */
function stack(parts: Array<[Block, number]>): Block {
  const shown = parts.filter(([block]) => block.height > 0);
  return {
    height: shown.reduce((sum, [block, gap], i) => sum + block.height + (i ? gap : 0), 0),
    draw(top) {
      let y = top;
      shown.forEach(([block, gap], i) => {
        if (i) y += gap;
        block.draw(y);
        y += block.height;
      });
    },
  };
}

function centredLine(doc: Doc, text: string, style: { font: Font; size: number; colour: string }): Block {
  const size = fit(doc, text, style.font, style.size, WIDTH);
  return { height: size, draw: (top) => void runs(doc, [{ text, font: style.font, size, colour: style.colour }], top, { centre: CENTRE }) };
}

/** Whom the certificate is for: the name large in Chinese, then in English; an individual's department under it. */
function recipientBlock(doc: Doc, certificate: CertificateData, scale: number): Block {
  const { recipient } = certificate;
  const individual = recipient.kind === "INDIVIDUAL";
  return stack([
    [centredLine(doc, recipient.nameZh, { font: "bold", size: (individual ? 34 : 28) * scale, colour: INK }), 0],
    [centredLine(doc, recipient.nameEn, { font: "regular", size: 14.5 * scale, colour: INK }), 8 * scale],
    [individual ? pairLine(doc, recipient.departmentZh, recipient.departmentEn, { size: 10.5 * scale, colour: GREY }) : { height: 0, draw: () => {} }, 8 * scale],
  ]);
}

/** "荣获 is awarded the", the category and level in both languages, then the programme they belong to. */
function awardBlock(doc: Doc, certificate: CertificateData, scale: number): Block {
  return stack([
    [pairLine(doc, CERTIFICATE_CONFERRED.zh, CERTIFICATE_CONFERRED.en, { size: 10 * scale, colour: GOLD, spacing: 2 }), 0],
    [centredLine(doc, `${certificate.categoryZh}  ${certificate.levelZh}`, { font: "bold", size: 22 * scale, colour: RED }), 8 * scale],
    [centredLine(doc, `${certificate.categoryEn} — ${certificate.levelEn}`, { font: "regular", size: 13.5 * scale, colour: RED }), 7 * scale],
    [pairLine(doc, certificate.programmeZh, certificate.programmeEn, { size: 10.5 * scale, colour: INK, enColour: GREY }), 9 * scale],
  ]);
}

type Member = NonNullable<CertificateRecipient["members"]>[number];

/** Leads first, then everyone else, each group in the order given. */
export function memberOrder(members: Member[]) {
  return [...members.filter((member) => member.isLead), ...members.filter((member) => !member.isLead)];
}

/**
 * The team's members in a grid under a heading: the largest size (from `largest` down), with as many columns as
 * the widest name allows, at which the grid fits `budget`; rows are then balanced (20 names: four rows of five).
 * Every member is printed, whatever the budget.
 */
function membersBlock(doc: Doc, members: Member[], largest: number, budget: number): Block & { size: number } {
  const ordered = memberOrder(members);
  const heading = pairLine(doc, CERTIFICATE_MEMBERS.zh, CERTIFICATE_MEMBERS.en, { size: Math.min(10, largest * 0.85), colour: GOLD, spacing: 2 });
  const headingGap = heading.height * 0.9;
  const cell = (member: Member, size: number): Run[] => [
    { text: member.nameZh, font: "bold", size, colour: INK },
    { text: member.nameEn, font: "regular", size: size * 0.86, colour: GREY },
    ...(member.isLead ? [{ text: `${CERTIFICATE_LEAD.zh} ${CERTIFICATE_LEAD.en}`, font: "bold" as const, size: size * 0.72, colour: RED }] : []),
  ];
  const cellWidth = (member: Member, size: number) => {
    const parts = cell(member, size);
    return parts.reduce((sum, part) => sum + measure(doc, part.text, part.font, part.size), 0) + size * 0.45 * (parts.length - 1);
  };
  const grid = (size: number) => {
    const gutter = size * 1.8;
    const widest = Math.min(WIDTH, Math.max(...ordered.map((member) => cellWidth(member, size))));
    const rows = Math.ceil(ordered.length / Math.min(ordered.length, Math.max(1, Math.floor((WIDTH + gutter) / (widest + gutter)))));
    const columns = Math.ceil(ordered.length / rows);
    const pitch = size * 1.6;
    return { size, gutter, widest, rows, columns, pitch, height: heading.height + headingGap + (rows - 1) * pitch + size };
  };
  let layout = grid(largest);
  for (let size = largest; size >= 4 && layout.height > budget; size -= 0.25) layout = grid(size);
  const { size, gutter, widest, rows, columns, pitch } = layout;
  const column = widest + gutter;
  const gridWidth = columns * column - gutter;
  return {
    size,
    height: layout.height,
    draw(top: number) {
      heading.draw(top);
      const first = top + heading.height + headingGap;
      ordered.forEach((member, i) => {
        const row = Math.floor(i / columns);
        // a short last row is centred under the others
        const inRow = row === rows - 1 ? ordered.length - row * columns : columns;
        const left = CENTRE - gridWidth / 2 + ((columns - inRow) * column) / 2 + (i % columns) * column;
        const line = fitRuns(doc, cell(member, size), size * 0.45, widest);
        runs(doc, line.parts, first + row * pitch, columns === 1 ? { centre: CENTRE } : { left }, line.gap);
      });
    },
  };
}

/**
 * The citation, Chinese then English, at the largest size (13 pt down) at which both fit the box. Short citations
 * are centred; longer ones are set as paragraphs. Below 5.5 pt the box cuts the end with an ellipsis rather than
 * let it run into the footer or onto a second page.
 */
function citationBlock(doc: Doc, certificate: CertificateData, budget: number) {
  const width = WIDTH - 20;
  const zhText = certificate.citationZh.trim();
  const enText = certificate.citationEn.trim();
  const setting = (size: number) => {
    const en = size * 0.94;
    const centre = measure(doc, zhText, "regular", size) <= width && measure(doc, enText, "regular", en) <= width * 2;
    const zh = { width, lineGap: LINE_GAP * size, align: centre ? "center" : "left", indent: centre ? 0 : size * 2 } as const;
    const english = { width, lineGap: LINE_GAP * en, align: centre ? "center" : "justify" } as const;
    const zhHeight = zhText ? doc.font("regular").fontSize(size).heightOfString(zhText, zh) : 0;
    const enHeight = enText ? doc.font("regular").fontSize(en).heightOfString(enText, english) : 0;
    const between = zhText && enText ? size * 0.55 : 0;
    // from the ink of the first line to the last descender: the line boxes less the space above the first ideograph
    const total = zhHeight + between + enHeight - size * 0.3;
    return { size, en, zh, english, zhHeight, between, total };
  };
  let low = 5.5;
  let high = 13;
  if (setting(high).total <= budget) low = high;
  else {
    while (high - low > 0.125) {
      const middle = (low + high) / 2;
      if (setting(middle).total <= budget) low = middle;
      else high = middle;
    }
  }
  const fitted = setting(low);
  const fits = fitted.total <= budget;
  const block: Block = {
    height: Math.min(fitted.total, budget),
    draw(top) {
      const x = CENTRE - width / 2;
      // only a citation too long for the smallest size is clipped (pdfkit then ends the last line with an ellipsis)
      const clip = (y: number) => (fits ? {} : { height: Math.max(0, top + budget - y), ellipsis: true });
      let y = top - fitted.size * INK_OFFSET;
      if (zhText) {
        doc.font("regular").fontSize(fitted.size).fillColor(INK).text(zhText, x, y, { ...fitted.zh, ...clip(y) });
        y += fitted.zhHeight + fitted.between;
      }
      if (enText && y < top + budget) {
        doc.font("regular").fontSize(fitted.en).fillColor(GREY).text(enText, x, y, { ...fitted.english, ...clip(y) });
      }
    },
  };
  // a citation cut at the smallest size counts as smaller still, so any larger layout wins over it
  return { block, size: fits ? fitted.size : 0 };
}

function closingBlock(doc: Doc, scale: number) {
  return pairLine(doc, CERTIFICATE_CLOSING.zh, CERTIFICATE_CLOSING.en, { size: 12 * scale, colour: INK, enColour: GREY, spacing: 1 });
}

const TITLE_TOP = 50;
const MIDDLE_TOP = 128;
const FOOTER_TOP = PAGE.height - 112;

function drawHeader(doc: Doc) {
  runs(doc, [{ text: CERTIFICATE_TITLE.zh, font: "bold", size: 36, colour: RED, characterSpacing: 20 }], TITLE_TOP, { centre: CENTRE });
  runs(doc, [{ text: CERTIFICATE_TITLE.en, font: "regular", size: 11, colour: GOLD, characterSpacing: 5.5 }], TITLE_TOP + 47, { centre: CENTRE });
  drawRule(doc, TITLE_TOP + 68, 120);
}

/** The issuer and the date on the right, where the seal goes; the serial small on the left. */
function drawFooter(doc: Doc, certificate: CertificateData) {
  const date = certificateDate(certificate.issuedOn, certificate.timeZone);
  const centre = PAGE.width - LEFT - 110;
  const width = 230;
  const lines: Array<[string, Font, number, string, number]> = [
    [certificate.issuerZh, "bold", 15, INK, 0],
    [certificate.issuerEn, "regular", 10.5, GREY, 8],
    [date.zh, "regular", 12, INK, 13],
    [date.en, "regular", 10.5, GREY, 7],
  ];
  let y = FOOTER_TOP + 4;
  for (const [text, font, size, colour, gap] of lines) {
    y += gap;
    runs(doc, [{ text, font, size: fit(doc, text, font, size, width), colour }], y, { centre });
    y += size;
  }
  const serial = 7.5;
  runs(
    doc,
    [
      { text: `${CERTIFICATE_SERIAL.zh} ${CERTIFICATE_SERIAL.en}`, font: "regular", size: serial, colour: GREY },
      { text: certificate.serial, font: "bold", size: serial, colour: GREY },
    ],
    PAGE.height - 62,
    { left: LEFT - 20 },
    4,
  );
}

/**
 * The middle of the page at a scale: the name, the award, the members and the closing line, with the citation
 * shrunk into the room they leave. Members come first because every name must be there.
 */
function middle(doc: Doc, certificate: CertificateData, scale: number) {
  const available = FOOTER_TOP - MIDDLE_TOP;
  const minimumGap = 12 * scale;
  const members = certificate.recipient.kind === "TEAM" && certificate.recipient.members?.length ? certificate.recipient.members : null;
  const fixed = [recipientBlock(doc, certificate, scale), awardBlock(doc, certificate, scale)];
  const closing = closingBlock(doc, scale);
  const taken = fixed.reduce((sum, block) => sum + block.height, 0) + closing.height + (members ? 4 : 3) * minimumGap;
  const room = available - taken;
  // the members take up to two fifths of the room, or up to three quarters when a big team would otherwise be tiny
  let membersPart = members ? membersBlock(doc, members, 11.5 * scale, room * 0.4) : null;
  if (members && membersPart!.size < MEMBERS_READABLE) membersPart = membersBlock(doc, members, Math.min(11.5 * scale, MEMBERS_READABLE), room * 0.75);
  const citation = citationBlock(doc, certificate, Math.max(20, available - taken - (membersPart?.height ?? 0)));
  return { blocks: [...fixed, ...(membersPart ? [membersPart] : []), citation.block, closing], citationSize: citation.size, minimumGap };
}

/** The scales tried for a crowded page, until the citation can be set at a readable size. */
const SCALES = [1, 0.92, 0.85, 0.78, 0.72];
const READABLE = 9;
const MEMBERS_READABLE = 7.5;

function drawCertificate(doc: Doc, certificate: CertificateData) {
  drawFrame(doc);
  drawHeader(doc);

  let layout = middle(doc, certificate, SCALES[0]!);
  for (const scale of SCALES.slice(1)) {
    if (layout.citationSize >= READABLE) break;
    const smaller = middle(doc, certificate, scale);
    // a tie is a citation cut at every scale: the smallest scale then cuts the least
    if (smaller.citationSize >= layout.citationSize) layout = smaller;
  }
  const { blocks, minimumGap } = layout;
  const available = FOOTER_TOP - MIDDLE_TOP;
  const used = blocks.reduce((sum, block) => sum + block.height, 0);
  // spare room opens the gaps (up to 26 pt), and what is still left centres the whole between title and footer
  const gap = Math.min(26, Math.max(minimumGap, (available - used) / (blocks.length + 1)));
  let top = MIDDLE_TOP + Math.max(0, (available - used - gap * (blocks.length - 1)) / 2);
  for (const block of blocks) {
    block.draw(top);
    top += block.height + gap;
  }
  drawFooter(doc, certificate);
}

/**
 * The PDF for a list of certificates, one page each. Yields to the event loop every five pages, so a whole
 * programme never blocks other requests, and reports the number done as it goes.
 */
export async function renderCertificates(list: CertificateData[], options: { onProgress?: (done: number) => void } = {}): Promise<Buffer> {
  const title = list.length === 1 ? `${CERTIFICATE_TITLE.zh} ${list[0]!.recipient.nameZh}` : `${CERTIFICATE_TITLE.zh} Certificates of Honour`;
  return renderPdf(list, { size: PAGE, title, yieldEvery: 5, onProgress: options.onProgress }, (doc, certificate) => {
    doc.addPage();
    drawCertificate(doc, certificate);
  });
}
