import { data, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";

import { DoorScanner } from "~/components/door-scanner";
import { decide, scanView, undoCheckIn } from "~/models/checkin.server";
import { prisma } from "~/utils/db.server";
import { scanMessage } from "~/utils/door-offline";
import { badRequest, notFound } from "~/utils/http.server";
import { pick, translate, translator, useT } from "~/utils/i18n";
import { resolveLocale } from "~/utils/i18n.server";
import { requireEventPermission } from "~/utils/permissions.server";
import cameraStylesHref from "~/styles/camera.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: cameraStylesHref }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, eventId } = await requireEventPermission(request, params.slug, "create:checkin");
  const locale = await resolveLocale(request, user.locale);
  const event = await prisma.event.findUnique({ where: { id: eventId }, select: { slug: true, titleZh: true, titleEn: true, timeZone: true } });
  if (!event) throw notFound("event.notFound");
  return {
    title: `${translate(locale, "checkin.title")} · ${pick(locale, event.titleZh, event.titleEn)}`,
    event: { slug: event.slug, title: pick(locale, event.titleZh, event.titleEn), timeZone: event.timeZone },
  };
}

/**
 * The scanner without JavaScript: one typed scan per post, or the undo of one. With JavaScript the scanner talks
 * to /events/:slug/scans instead, and keeps working offline.
 */
export async function action({ request, params }: ActionFunctionArgs) {
  const form = await request.formData();
  const intent = form.get("intent");
  if (intent === "undo") {
    const { user, eventId } = await requireEventPermission(request, params.slug, "update:checkin");
    const checkInId = String(form.get("checkInId") ?? "");
    if (!(await undoCheckIn(user.id, eventId, checkInId))) throw notFound();
    return { kind: "undone" as const, checkInId };
  }
  if (intent !== "scan") throw badRequest();
  const { user, eventId } = await requireEventPermission(request, params.slug, "create:checkin");
  const locale = await resolveLocale(request, user.locale);
  const event = await prisma.event.findUniqueOrThrow({ where: { id: eventId }, select: { timeZone: true } });
  const view = scanView(await decide({ eventId, payload: String(form.get("code") ?? ""), scannedById: user.id, deviceId: "web" }));
  const result = {
    kind: "scan" as const,
    outcome: view.outcome,
    message: scanMessage(translator(locale), locale, view, event.timeZone),
    ribbon: view.ribbon ? translate(locale, `badge.ribbon.${view.ribbon}` as "badge.ribbon.STAFF") : null,
    checkInId: view.checkInId ?? null,
  };
  // An unknown code is the caller's bad input; every other answer is a successful decision.
  return view.outcome === "UNKNOWN" ? data(result, { status: 400 }) : result;
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "convene" }];

export default function DoorCheckIn() {
  const { event } = useLoaderData<typeof loader>();
  const posted = useActionData<typeof action>();
  const t = useT();
  return (
    <div className="stack scanner">
      <p className="meta">
        <Link to={`/events/${event.slug}`}>{event.title}</Link>
      </p>
      <h1>{t("checkin.title")}</h1>
      {posted?.kind === "undone" ? <p role="status">{t("checkin.undone")}</p> : null}
      {posted?.kind === "scan" ? (
        <div className={`scan-result outcome-${posted.outcome.toLowerCase()}`} role="status">
          <p className="scan-message">{posted.message}</p>
          {posted.ribbon ? <p className="scan-ribbon">{posted.ribbon}</p> : null}
          {posted.checkInId ? (
            <form method="post">
              <input type="hidden" name="intent" value="undo" />
              <input type="hidden" name="checkInId" value={posted.checkInId} />
              <button type="submit" className="secondary">
                {t("checkin.undo")}
              </button>
            </form>
          ) : null}
        </div>
      ) : null}
      <DoorScanner slug={event.slug} timeZone={event.timeZone} />
    </div>
  );
}
