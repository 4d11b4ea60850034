// Reading back the PDFs the app makes, for tests: the Unicode maps of embedded fonts, the page count, and (when
// poppler is installed) the text and word boxes as a reader sees them.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { inflateSync } from "node:zlib";

/** The text of every ToUnicode CMap in a PDF: what a reader gets back when it extracts or searches the text. */
export function unicodeMaps(pdf: Buffer) {
  const text = pdf.toString("latin1");
  const maps: string[] = [];
  for (const match of text.matchAll(/stream\r?\n/g)) {
    const start = match.index + match[0].length;
    const end = text.indexOf("endstream", start);
    try {
      const inflated = inflateSync(pdf.subarray(start, end)).toString("latin1");
      if (inflated.includes("beginbfchar") || inflated.includes("beginbfrange")) maps.push(inflated);
    } catch {
      // not a deflated stream (fonts are, but images would not be)
    }
  }
  return maps.join("\n");
}

/** A text as the UTF-16 hex a ToUnicode map holds, for matching against lowercased `unicodeMaps` output. */
export const hex = (text: string) => Array.from(text, (char) => char.codePointAt(0)!.toString(16).padStart(4, "0")).join("|");

export function pageCount(pdf: Buffer) {
  return (pdf.toString("latin1").match(/\/Type \/Page\b/g) ?? []).length;
}

/** poppler's pdftotext: CI installs it only for the browser tests, so tests that use it must check first. */
export const PDFTOTEXT = "/usr/bin/pdftotext";
export const hasPdftotext = existsSync(PDFTOTEXT);

/** The text of one page (1-based), or of the whole document, in reading order. */
export function pdfText(pdf: Buffer, page?: number) {
  const range = page ? ["-f", String(page), "-l", String(page)] : [];
  return execFileSync(PDFTOTEXT, [...range, "-enc", "UTF-8", "-", "-"], { input: pdf }).toString("utf8");
}

export type PdfWord = { text: string; xMin: number; yMin: number; xMax: number; yMax: number };

/** The words of one page with their boxes in points from the top-left corner, and the page's size. */
export function pdfWords(pdf: Buffer, page: number) {
  const html = execFileSync(PDFTOTEXT, ["-f", String(page), "-l", String(page), "-bbox", "-enc", "UTF-8", "-", "-"], { input: pdf }).toString("utf8");
  const size = /<page width="([\d.]+)" height="([\d.]+)"/.exec(html);
  const unescape = (text: string) => text.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&amp;/g, "&");
  const words: PdfWord[] = [];
  for (const match of html.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)) {
    words.push({ xMin: Number(match[1]), yMin: Number(match[2]), xMax: Number(match[3]), yMax: Number(match[4]), text: unescape(match[5]!) });
  }
  return { width: Number(size?.[1] ?? 0), height: Number(size?.[2] ?? 0), words };
}
