import type { LoaderFunctionArgs } from "@remix-run/node";
import ExcelJS from "exceljs";

import { translate } from "~/utils/i18n";
import { registrantExport } from "~/utils/registrant-export.server";
import { resource } from "~/utils/resource.server";

const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/**
 * Characters XML 1.0 cannot carry: one stray control character in a name would make Excel call the whole
 * workbook corrupt. Tab, line feed and carriage return are allowed.
 */
// eslint-disable-next-line no-control-regex
const XML_UNSAFE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

/**
 * The registrant list as an Excel workbook: the same rows and columns as the CSV export (same filters, header
 * row in `?lang=en` or `zh-CN`, else the reader's language), one sheet with a frozen header row.
 *
 * Formula injection: every value is written as a typed string cell (exceljs only writes a formula for an
 * explicit `{ formula }` value), and Excel never evaluates a string cell, so "=HYPERLINK(…)" in a name stays
 * text. The CSV's leading-quote defence is therefore not applied here: in a workbook the quote would show.
 */
export const loader = resource(async ({ request, params }: LoaderFunctionArgs) => {
  const { slug, locale, header, rows } = await registrantExport(request, params.slug);
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "convene";
  // Sheet names may not hold []:*?/\ and are at most 31 characters.
  const sheet = workbook.addWorksheet(translate(locale, "registrations.title").replace(/[[\]:*?/\\]/g, " ").slice(0, 31), {
    views: [{ state: "frozen", ySplit: 1 }],
  });
  sheet.addRow(header).font = { bold: true };
  for (const row of rows) sheet.addRow(row.map((value) => value.replace(XML_UNSAFE, "")));
  // Wide enough for the longest value (CJK characters count double), within reason.
  sheet.columns.forEach((column, i) => {
    const longest = Math.max(...[header[i] ?? "", ...rows.map((row) => row[i] ?? "")].map((value) => [...value].reduce((width, char) => width + (char.charCodeAt(0) > 0x2e80 ? 2 : 1), 0)));
    column.width = Math.min(60, Math.max(8, longest + 2));
  });
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: header.length } };

  const body = await workbook.xlsx.writeBuffer();
  return new Response(new Uint8Array(body as ArrayBuffer), {
    headers: {
      "Content-Type": XLSX_TYPE,
      "Content-Disposition": `attachment; filename="${slug}-registrations.xlsx"; filename*=UTF-8''${encodeURIComponent(`${slug}-registrations-${locale}.xlsx`)}`,
      "Cache-Control": "private, no-store",
    },
  });
});
