import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";

import { isAnnounced, listProgrammes, settleScheduledAnnouncements } from "~/models/award.server";
import { pick, translate, useT } from "~/utils/i18n";
import { resolveLocale } from "~/utils/i18n.server";
import { permissionList } from "~/utils/permissions.server";
import { getSessionUser } from "~/utils/session.server";

/** Award programmes: announced ones for everyone (no sign-in needed); drafts too for those who run them. */
export async function loader({ request }: LoaderFunctionArgs) {
  await settleScheduledAnnouncements();
  const user = await getSessionUser(request);
  const locale = await resolveLocale(request, user?.locale);
  const programmes = await listProgrammes(user);
  const permissions = user ? permissionList(user) : [];
  return {
    title: translate(locale, "awards.title"),
    canCreate: permissions.includes("create:award:any") || permissions.includes("create:award:own"),
    programmes: programmes.map((programme) => ({
      slug: programme.slug,
      year: programme.year,
      name: pick(locale, programme.nameZh, programme.nameEn),
      other: locale === "en" ? programme.nameZh : programme.nameEn,
      // the status is shown only to those who also see drafts: for everyone else every listed programme is announced
      status: isAnnounced(programme) ? null : translate(locale, `awards.status.${programme.status}`),
    })),
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "convene" }];

export default function Awards() {
  const { programmes, canCreate } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <div className="stack">
      <h1>{t("awards.title")}</h1>
      <p className="actions">
        <Link to="/awards/honours">{t("awards.honoursLink")}</Link> · <a href="/awards.atom">{t("awards.feedLink")}</a>
        {canCreate ? (
          <>
            {" "}
            · <Link to="/awards/new">{t("awards.new.title")}</Link>
          </>
        ) : null}
      </p>
      {programmes.length ? (
        <ul className="card-list">
          {programmes.map((programme) => (
            <li key={programme.slug} className="card">
              <h2>
                <Link to={`/awards/${programme.slug}`}>{programme.name}</Link>
              </h2>
              <p className="meta">
                {programme.other} · {programme.year}
                {programme.status ? <span className="tag">{programme.status}</span> : null}
              </p>
            </li>
          ))}
        </ul>
      ) : (
        <p className="meta">{t("awards.none")}</p>
      )}
    </div>
  );
}
