import type { LoaderFunctionArgs } from "@remix-run/node";

import { listRegistrations, RegistrantFilterSchema } from "~/models/registration.server";
import { prisma } from "~/utils/db.server";
import { isLocale, pick, translate } from "~/utils/i18n";
import { resolveLocale } from "~/utils/i18n.server";
import { requireEventPermission } from "~/utils/permissions.server";

/** RFC 4180 quoting, and a leading quote on anything a spreadsheet would run as a formula. */
function csvCell(value: string) {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/**
 * The registrant list as CSV for Excel: UTF-8 with a byte-order mark so Chinese names open intact, headers in
 * the chosen language (`?lang=en` or `zh-CN`, else the reader's), the same filters as the page.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, eventId } = await requireEventPermission(request, params.slug, "read:registration");
  const url = new URL(request.url);
  const requested = url.searchParams.get("lang");
  const locale = isLocale(requested) ? requested : await resolveLocale(request, user.locale);
  const filter = RegistrantFilterSchema.parse(Object.fromEntries(url.searchParams));
  const [event, registrations] = await Promise.all([
    prisma.event.findUniqueOrThrow({ where: { id: eventId }, select: { slug: true, timeZone: true } }),
    listRegistrations(eventId, { query: filter.q, status: filter.status, departmentId: filter.department }),
  ]);
  const t = (key: Parameters<typeof translate>[1]) => translate(locale, key);
  const stamp = new Intl.DateTimeFormat("sv-SE", { dateStyle: "short", timeStyle: "short", timeZone: event.timeZone });
  const header = [t("profile.nameZh"), t("profile.nameEn"), t("profile.email"), t("profile.employeeNo"), t("profile.department"), t("profile.batch"), t("registrations.status"), t("registrations.registeredAt")];
  const lines = registrations.map((r) =>
    [
      r.user.nameZh,
      r.user.nameEn,
      r.user.email,
      r.user.profile?.employeeNo ?? "",
      r.user.profile?.department ? pick(locale, r.user.profile.department.nameZh, r.user.profile.department.nameEn) : "",
      r.user.profile?.recruitmentBatch ?? "",
      t(`registrations.count.${r.status}`),
      stamp.format(r.createdAt),
    ]
      .map(csvCell)
      .join(","),
  );
  const body = "\uFEFF" + [header.map(csvCell).join(","), ...lines].join("\r\n") + "\r\n";
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${event.slug}-registrations.csv"; filename*=UTF-8''${encodeURIComponent(`${event.slug}-registrations-${locale}.csv`)}`,
      "Cache-Control": "private, no-store",
    },
  });
}
