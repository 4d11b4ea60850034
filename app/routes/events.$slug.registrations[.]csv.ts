import type { LoaderFunctionArgs } from "@remix-run/node";

import { registrantExport } from "~/utils/registrant-export.server";
import { resource } from "~/utils/resource.server";

/** RFC 4180 quoting, and a leading quote on anything a spreadsheet would run as a formula. */
function csvCell(value: string) {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/**
 * The registrant list as CSV for Excel: UTF-8 with a byte-order mark so Chinese names open intact, headers in
 * the chosen language (`?lang=en` or `zh-CN`, else the reader's), the same filters as the page.
 */
export const loader = resource(async ({ request, params }: LoaderFunctionArgs) => {
  const { slug, locale, header, rows } = await registrantExport(request, params.slug);
  const lines = rows.map((row) => row.map(csvCell).join(","));
  const body = "\uFEFF" + [header.map(csvCell).join(","), ...lines].join("\r\n") + "\r\n";
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${slug}-registrations.csv"; filename*=UTF-8''${encodeURIComponent(`${slug}-registrations-${locale}.csv`)}`,
      "Cache-Control": "private, no-store",
    },
  });
});
