import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";

import { badgePayload, getOrIssueBadge, qrSvg } from "~/models/badge.server";
import { requireVisibleEvent } from "~/utils/event-access.server";
import { notFound } from "~/utils/http.server";
import { pick, translate, useT } from "~/utils/i18n";

/** A staff member's own badge, to show on a phone at the door. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, locale, event } = await requireVisibleEvent(request, params);
  const badge = await getOrIssueBadge(event.id, user.id);
  if (!badge) throw notFound("badge.none");
  const payload = badgePayload(badge.token);
  const department = badge.user.profile?.department;
  return {
    title: `${translate(locale, "badge.title")} · ${pick(locale, event.titleZh, event.titleEn)}`,
    slug: event.slug,
    badge: {
      nameZh: badge.user.nameZh,
      // Chinese with pinyin, or the English name when there is no pinyin
      romanised: badge.user.pinyin || badge.user.nameEn,
      department: department ? pick(locale, department.nameZh, department.nameEn) : null,
      event: pick(locale, event.titleZh, event.titleEn),
      ribbon: badge.ribbon,
      ribbonLabel: translate(locale, `badge.ribbon.${badge.ribbon}`),
      payload,
      // qrcode's own SVG markup: generated here from our payload, never from user input
      qr: await qrSvg(payload),
    },
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "convene" }];

export default function MyBadge() {
  const { slug, badge } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <div className="stack">
      <p className="meta">
        <Link to={`/events/${slug}`}>{badge.event}</Link>
      </p>
      <h1>{t("badge.title")}</h1>
      <article className={`badge-card ribbon-${badge.ribbon.toLowerCase()}`} aria-label={t("badge.title")}>
        <p className="badge-event">{badge.event}</p>
        <p className="badge-name" lang="zh-CN">
          {badge.nameZh}
        </p>
        <p className="badge-romanised" lang="en">
          {badge.romanised}
        </p>
        {badge.department ? <p className="badge-department">{badge.department}</p> : null}
        <div className="badge-qr" role="img" aria-label={t("badge.qrAlt", { name: badge.nameZh })} dangerouslySetInnerHTML={{ __html: badge.qr }} />
        <p className="badge-ribbon">{badge.ribbonLabel}</p>
      </article>
      <p className="meta">{t("badge.show")}</p>
      <p className="meta">{t("badge.code", { code: badge.payload })}</p>
      <p className="badge-downloads">
        <a className="button secondary" href={`/events/${slug}/badge.pdf`} download>
          {t("badge.pdf")}
        </a>
        <a className="button secondary" href={`/events/${slug}/badge.pdf?size=A6`} download>
          {t("badge.pdfA6")}
        </a>
      </p>
    </div>
  );
}
