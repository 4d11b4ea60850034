import { data, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";

import { ContactCard } from "~/components/contact-card";
import { DoorScanner, type AttendeeScanAnswer } from "~/components/door-scanner";
import { canExchangeContacts, connectByBadge, contactCardView, type ConnectOutcome } from "~/models/connection.server";
import cameraStylesHref from "~/styles/camera.css";
import contactsStylesHref from "~/styles/contacts.css";
import { prisma } from "~/utils/db.server";
import { requireVisibleEvent } from "~/utils/event-access.server";
import { badRequest, forbidden } from "~/utils/http.server";
import { pick, translate, useT, type Locale } from "~/utils/i18n";
import { scanTarget } from "~/utils/scan-target";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: cameraStylesHref },
  { rel: "stylesheet", href: contactsStylesHref },
];

/**
 * The attendee scanner: a colleague's badge adds them to "people I met" (ADR 013). Signed in only; the event's
 * confirmed registrants, organizers and check-in staff only. It never checks anyone in.
 */
async function requireScanner(request: Request, params: Record<string, string | undefined>) {
  const access = await requireVisibleEvent(request, params);
  if (!(await canExchangeContacts(access.user.id, access.event.id))) throw forbidden("scan.outcome.NOT_REGISTERED");
  return access;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, locale, event } = await requireScanner(request, params);
  const count = await prisma.connection.count({ where: { eventId: event.id, fromUserId: user.id, toUser: { deletedAt: null } } });
  return {
    title: `${translate(locale, "scan.title")} · ${pick(locale, event.titleZh, event.titleEn)}`,
    event: { slug: event.slug, title: pick(locale, event.titleZh, event.titleEn) },
    count,
  };
}

/** Each answer's status: a connection is a success; the rest say what was wrong with the scan. */
const STATUS: Record<ConnectOutcome, number> = {
  CONNECTED: 200,
  ALREADY: 200,
  SELF: 409,
  WRONG_EVENT: 409,
  REVOKED: 409,
  NOT_OPTED_IN: 403,
  NOT_REGISTERED: 403,
  UNKNOWN: 400,
  RATE_LIMITED: 429,
};

function answer(locale: Locale, outcome: ConnectOutcome | "NOT_A_CODE" | "EMPTY", person: AttendeeScanAnswer["person"] = null, name = ""): AttendeeScanAnswer {
  return { kind: "scan", outcome, message: translate(locale, `scan.outcome.${outcome}`, { name }), person };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, locale, event } = await requireScanner(request, params);
  const form = await request.formData();
  const code = form.get("code");
  if (form.get("intent") !== "scan" || typeof code !== "string" || code.length > 500) throw badRequest();
  const target = scanTarget(code, new URL(request.url).origin);
  // without JavaScript a typed poster link still opens the poster's page
  if (target.kind === "poster") return redirect(target.path);
  if (target.kind !== "badge") return data(answer(locale, target.kind === "empty" ? "EMPTY" : "NOT_A_CODE"), { status: 400 });
  const result = await connectByBadge({ scannerId: user.id, eventId: event.id, payload: target.payload });
  if (result.outcome === "CONNECTED" || result.outcome === "ALREADY") {
    return data(answer(locale, result.outcome, contactCardView(result.person, locale), pick(locale, result.person.nameZh, result.person.nameEn)));
  }
  return data(answer(locale, result.outcome), { status: STATUS[result.outcome] });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "convene" }];

export default function AttendeeScan() {
  const { event, count } = useLoaderData<typeof loader>();
  const posted = useActionData<typeof action>();
  const t = useT();
  const peopleHref = `/events/${event.slug}/people`;
  return (
    <div className="stack scanner contact-scanner">
      <p className="meta">
        <Link to={`/events/${event.slug}`}>{event.title}</Link>
      </p>
      <h1>{t("scan.title")}</h1>
      <p>{t("scan.intro")}</p>
      <p>
        <Link to={peopleHref}>{t("scan.peopleLink", { count })}</Link>
      </p>
      {/* the answer to a scan sent without JavaScript; with it, the scanner shows answers in its own region */}
      {posted ? (
        <div className={`contact-result outcome-${posted.outcome.toLowerCase()}`} role="status">
          <p className="contact-message">{posted.message}</p>
          {posted.person ? <ContactCard card={posted.person} /> : null}
        </div>
      ) : null}
      <DoorScanner mode="attendee" slug={event.slug} peopleHref={peopleHref} />
    </div>
  );
}
