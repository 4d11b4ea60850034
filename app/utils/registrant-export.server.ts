import { listRegistrations, RegistrantFilterSchema } from "~/models/registration.server";
import { prisma } from "~/utils/db.server";
import { isLocale, pick, translate } from "~/utils/i18n";
import { resolveLocale } from "~/utils/i18n.server";
import { requireEventPermission } from "~/utils/permissions.server";

/**
 * The registrant list as a table for the CSV and XLSX downloads: the same filters as the page, the header in
 * `?lang=en` or `zh-CN` (else the reader's language), one row per registration. Each format only serialises it.
 */
export async function registrantExport(request: Request, slug: string | undefined) {
  const { user, eventId } = await requireEventPermission(request, slug, "read:registration");
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
  const rows = registrations.map((r) => [
    r.user.nameZh,
    r.user.nameEn,
    r.user.email,
    r.user.profile?.employeeNo ?? "",
    r.user.profile?.department ? pick(locale, r.user.profile.department.nameZh, r.user.profile.department.nameEn) : "",
    r.user.profile?.recruitmentBatch ?? "",
    t(`registrations.count.${r.status}`),
    stamp.format(r.createdAt),
  ]);
  return { slug: event.slug, locale, header, rows };
}
