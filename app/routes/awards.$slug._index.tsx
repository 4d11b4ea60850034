import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";

import { AwardList } from "~/components/award-list";
import { isAnnounced, programmeContents, requireProgramme, settleScheduledAnnouncements } from "~/models/award.server";
import awardStylesHref from "~/styles/awards.css";
import { displayContents } from "~/utils/award-display";
import { pick, translate, useT } from "~/utils/i18n";
import { resolveLocale } from "~/utils/i18n.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: awardStylesHref }];

/**
 * The announcement of a programme: public once announced, a preview for those who run it before then (everyone
 * else gets the same 404 as for a programme that does not exist).
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await settleScheduledAnnouncements();
  const { programme, user, canManage } = await requireProgramme(request, params.slug);
  const locale = await resolveLocale(request, user?.locale);
  const timeZone = programme.event?.timeZone ?? "Asia/Shanghai";
  const when = (date: Date) => new Intl.DateTimeFormat(locale === "en" ? "en-GB" : "zh-CN", { dateStyle: "long", timeStyle: "short", timeZone }).format(date);
  const announced = isAnnounced(programme);
  const contents = await programmeContents(programme.id);
  return {
    title: `${pick(locale, programme.nameZh, programme.nameEn)} · ${translate(locale, "awards.title")}`,
    programme: {
      slug: programme.slug,
      year: programme.year,
      name: pick(locale, programme.nameZh, programme.nameEn),
      other: locale === "en" ? programme.nameZh : programme.nameEn,
      description: pick(locale, programme.descriptionZh, programme.descriptionEn),
      ceremony: programme.event ? pick(locale, programme.event.titleZh, programme.event.titleEn) : null,
      announced: announced
        ? translate(locale, "awards.announcedOn", { date: when(programme.announcedAt ?? programme.announceAt ?? new Date()) })
        : null,
      // what only the people running it see: where it stands
      status: canManage && !announced ? translate(locale, `awards.status.${programme.status}`) : null,
      scheduled: canManage && !announced && programme.announceAt ? translate(locale, "awards.scheduledFor", { date: when(programme.announceAt) }) : null,
    },
    canManage,
    // whose certificates this reader may download: all for the people running it, their own (or their team's) once announced
    certificates: contents.flatMap((category) =>
      category.awards.flatMap((award) =>
        award.recipients
          .filter((recipient) => canManage || (announced && user && (recipient.userId === user.id || recipient.team?.members.some((member) => member.user.id === user.id))))
          .map((recipient) => recipient.id),
      ),
    ),
    categories: displayContents(locale, contents),
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "convene" }];

export default function AwardProgramme() {
  const { programme, canManage, categories, certificates } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <article className="stack award-programme">
      <p className="meta">
        <Link to="/awards">{t("awards.title")}</Link>
      </p>
      <h1>{programme.name}</h1>
      <p className="meta">{programme.other}</p>
      {programme.status ? (
        <p className="alert draft-notice" role="note" data-testid="embargo-notice">
          {t("awards.embargoNotice", { status: programme.status })} {programme.scheduled}
        </p>
      ) : null}
      {programme.announced ? <p className="meta">{programme.announced}</p> : null}
      {programme.ceremony ? <p className="meta">{t("awards.ceremony", { event: programme.ceremony })}</p> : null}
      {programme.description ? <p>{programme.description}</p> : null}
      {canManage ? (
        <nav className="manage-nav" aria-label={t("awards.manage.title")}>
          <ul>
            <li>
              <Link to={`/awards/${programme.slug}/manage`}>{t("awards.manage.title")}</Link>
            </li>
            <li>
              <Link to={`/awards/${programme.slug}/reveal`}>{t("awards.revealLink")}</Link>
            </li>
            <li>
              <a href={`/awards/${programme.slug}/certificates.pdf`} download>
                {t("awards.certificates")}
              </a>
            </li>
          </ul>
        </nav>
      ) : null}
      <AwardList
        categories={categories}
        recipientActions={(recipientId) =>
          certificates.includes(recipientId) ? (
            <a className="award-certificate" href={`/awards/${programme.slug}/certificates/${recipientId}.pdf`} download>
              {t("awards.myCertificate")}
            </a>
          ) : null
        }
      />
    </article>
  );
}
