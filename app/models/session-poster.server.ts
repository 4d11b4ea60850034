import { drawQr, line, renderPdf, type Doc } from "~/models/badge-pdf.server";
import { checkInWindow, posterUrl } from "~/models/session-checkin.server";
import { prisma } from "~/utils/db.server";
import { formatEventRange } from "~/utils/datetime";
import { translate } from "~/utils/i18n";

/**
 * The room poster of a session that needs attendance: A4 portrait, to hang by the door. Everything is printed in
 * both languages (one poster serves every reader), with the times in the event's own zone, and a large QR code of
 * the poster's URL, so a phone's own camera app opens the check-in page without the app's scanner. Drawn with the
 * badges' PDF machinery: the embedded Noto Sans SC keeps the Chinese searchable and never boxes.
 */

const MM = 72 / 25.4;
const A4 = { width: 210 * MM, height: 297 * MM };
const BRAND = "#1f4e8c";

export type Poster = {
  titleZh: string;
  titleEn: string;
  eventZh: string;
  eventEn: string;
  timeZh: string;
  timeEn: string;
  roomZh: string | null;
  roomEn: string | null;
  windowZh: string;
  windowEn: string;
  url: string;
};

/** The poster of an item of the event, or null when there is no such item or it does not need attendance. */
export async function sessionPoster(eventId: string, itemId: string, origin: string): Promise<Poster | null> {
  const item = await prisma.agendaItem.findFirst({
    where: { id: itemId, eventId, needsAttendance: true, posterToken: { not: null } },
    select: {
      titleZh: true,
      titleEn: true,
      startsAt: true,
      endsAt: true,
      attendanceGraceMinutes: true,
      posterToken: true,
      room: { select: { nameZh: true, nameEn: true } },
      event: { select: { titleZh: true, titleEn: true, timeZone: true } },
    },
  });
  if (!item?.posterToken) return null;
  const { event } = item;
  const { opensAt, closesAt } = checkInWindow(item);
  const window = (locale: "zh-CN" | "en") => translate(locale, "poster.window", { window: formatEventRange(locale, event.timeZone, opensAt, closesAt) });
  return {
    // an item may be titled in one language only: the other line then repeats it rather than stay empty
    titleZh: item.titleZh || item.titleEn,
    titleEn: item.titleEn || item.titleZh,
    eventZh: event.titleZh || event.titleEn,
    eventEn: event.titleEn || event.titleZh,
    timeZh: formatEventRange("zh-CN", event.timeZone, item.startsAt, item.endsAt),
    timeEn: formatEventRange("en", event.timeZone, item.startsAt, item.endsAt),
    roomZh: item.room ? item.room.nameZh || item.room.nameEn : null,
    roomEn: item.room ? item.room.nameEn || item.room.nameZh : null,
    windowZh: window("zh-CN"),
    windowEn: window("en"),
    url: posterUrl(origin, item.posterToken),
  };
}

/** A paragraph of up to `lines` lines, centred, cut with an ellipsis beyond; returns where the next one starts. */
function paragraph(doc: Doc, text: string, options: { font: string; size: number; y: number; lines: number; colour?: string }) {
  const x = 22 * MM;
  const width = A4.width - 44 * MM;
  doc.font(options.font).fontSize(options.size);
  const lineHeight = doc.currentLineHeight(true);
  const height = Math.min(doc.heightOfString(text, { width, align: "center" }), lineHeight * options.lines);
  doc.fillColor(options.colour ?? "#111111").text(text, x, options.y, { width, height: height + 1, align: "center", ellipsis: true });
  return options.y + height;
}

function drawPoster(doc: Doc, poster: Poster) {
  const { width, height } = A4;
  const x = 22 * MM;
  const inner = width - 44 * MM;
  doc.addPage();

  // the event, in both languages, on a band across the top
  doc.rect(0, 0, width, 30 * MM).fill(BRAND);
  line(doc, poster.eventZh, { font: "bold", size: 20, floor: 12, x, y: 9 * MM, width: inner, colour: "#ffffff" });
  line(doc, poster.eventEn, { font: "regular", size: 13, floor: 8, x, y: 19 * MM, width: inner, colour: "#ffffff" });

  // the session: its title (two lines at most in each language), time and room
  let y = 40 * MM;
  y = paragraph(doc, poster.titleZh, { font: "bold", size: 30, y, lines: 2 }) + 2 * MM;
  y = paragraph(doc, poster.titleEn, { font: "regular", size: 18, y, lines: 2, colour: "#333333" }) + 5 * MM;
  line(doc, poster.timeZh, { font: "bold", size: 15, floor: 10, x, y, width: inner });
  y += 7.5 * MM;
  line(doc, poster.timeEn, { font: "regular", size: 12, floor: 8, x, y, width: inner, colour: "#333333" });
  y += 6.5 * MM;
  if (poster.roomZh && poster.roomEn) {
    const room = poster.roomZh === poster.roomEn ? poster.roomZh : `${poster.roomZh} · ${poster.roomEn}`;
    line(doc, room, { font: "regular", size: 14, floor: 9, x, y, width: inner });
    y += 8 * MM;
  }

  // the code as large as the space left allows (about 10 cm): read from two metres by a phone
  const bottom = height - 72 * MM;
  const space = bottom - y;
  const qr = Math.min(105 * MM, space - 3 * MM);
  // centred in the space between the session and the instructions, whatever the title's length
  drawQr(doc, poster.url, (width - qr) / 2, y + (space - qr) / 2, qr);
  line(doc, poster.url, { font: "regular", size: 9, floor: 6, x, y: bottom + 1 * MM, width: inner, colour: "#555555" });

  // how to use it, and when
  line(doc, translate("zh-CN", "poster.instructions"), { font: "bold", size: 20, floor: 12, x, y: bottom + 9 * MM, width: inner, colour: BRAND });
  line(doc, translate("en", "poster.instructions"), { font: "regular", size: 14, floor: 9, x, y: bottom + 19 * MM, width: inner, colour: BRAND });
  line(doc, poster.windowZh, { font: "regular", size: 13, floor: 9, x, y: bottom + 31 * MM, width: inner });
  line(doc, poster.windowEn, { font: "regular", size: 11, floor: 8, x, y: bottom + 38 * MM, width: inner, colour: "#333333" });
  line(doc, translate("zh-CN", "poster.registeredOnly"), { font: "regular", size: 10, floor: 7, x, y: bottom + 50 * MM, width: inner, colour: "#555555" });
  line(doc, translate("en", "poster.registeredOnly"), { font: "regular", size: 9, floor: 6, x, y: bottom + 55 * MM, width: inner, colour: "#555555" });
}

export function renderPoster(poster: Poster) {
  return renderPdf([poster], { size: A4, title: `${poster.titleZh} · ${poster.titleEn}`, yieldEvery: 1 }, drawPoster);
}
