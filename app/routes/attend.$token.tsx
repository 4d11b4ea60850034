import { data, type ActionFunctionArgs, type HeadersFunction, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";

import { previewSelfCheckIn, selfCheckIn, unknownPosterLimits, type SelfCheckInResult } from "~/models/session-checkin.server";
import attendanceStylesHref from "~/styles/attendance.css";
import { formatDate, formatEventRange } from "~/utils/datetime";
import { badRequest } from "~/utils/http.server";
import { otherLocale, pick, translate, useT, type Locale } from "~/utils/i18n";
import { resolveLocale } from "~/utils/i18n.server";
import { clientAddress } from "~/utils/rate-limit.server";
import { requireUser } from "~/utils/session.server";

/**
 * A session's check-in page: the URL a room poster's QR code carries, opened by a phone's camera app or the in-app
 * scanner. Opening it (GET) only shows the session and a "Check in" button, because link previewers, camera apps
 * and prefetchers open URLs on their own; the check-in is the POST of that button.
 */
const HEADERS = { "Cache-Control": "private, no-store", "X-Robots-Tag": "noindex, nofollow", "Referrer-Policy": "no-referrer" };

export const headers: HeadersFunction = () => HEADERS;

export const links: LinksFunction = () => [{ rel: "stylesheet", href: attendanceStylesHref }];

type State = "open" | "checkedIn" | "already" | "notOpen" | "closed" | "notRegistered" | "unknown" | "limited";

const STATUS: Record<State, number> = { open: 200, checkedIn: 200, already: 200, notOpen: 409, closed: 409, notRegistered: 403, unknown: 404, limited: 429 };

/** "2027年1月15日周五 14:15" / "Fri 15 January 2027, 14:15", in the event's zone. */
function moment(locale: Locale, timeZone: string, at: Date) {
  const time = new Intl.DateTimeFormat(locale === "en" ? "en-GB" : "zh-CN", { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone }).format(at);
  return `${formatDate(locale, timeZone, at)}${locale === "en" ? ", " : " "}${time}`;
}

/** Everything the page shows, in the reader's language, formatted here in the event's own zone. */
function attendView(locale: Locale, result: SelfCheckInResult | { outcome: "LIMITED" }) {
  if (result.outcome === "UNKNOWN") return { state: "unknown" as State, session: null, message: translate(locale, "attend.unknown") };
  if (result.outcome === "LIMITED") return { state: "limited" as State, session: null, message: translate(locale, "attend.limited") };
  const { session } = result;
  const zone = session.event.timeZone;
  const other = otherLocale(locale);
  const title = pick(locale, session.titleZh, session.titleEn);
  const otherTitle = pick(other, session.titleZh, session.titleEn);
  const view = {
    session: {
      title,
      // the title in the other language too, as the poster has it
      otherTitle: otherTitle === title ? null : otherTitle,
      otherLang: other,
      when: formatEventRange(locale, zone, session.startsAt, session.endsAt),
      room: session.room ? pick(locale, session.room.nameZh, session.room.nameEn) : null,
      event: { slug: session.event.slug, title: pick(locale, session.event.titleZh, session.event.titleEn) },
      window: translate(locale, "attend.window", { window: formatEventRange(locale, zone, session.opensAt, session.closesAt) }),
    },
  };
  switch (result.outcome) {
    case "OPEN":
      return { ...view, state: "open" as State, message: translate(locale, "attend.open", { until: moment(locale, zone, session.closesAt) }) };
    case "CHECKED_IN":
      return { ...view, state: "checkedIn" as State, message: translate(locale, "attend.checkedIn", { at: moment(locale, zone, result.at) }) };
    case "ALREADY":
      return { ...view, state: "already" as State, message: translate(locale, "attend.already", { at: moment(locale, zone, result.at) }) };
    case "NOT_OPEN":
      return { ...view, state: "notOpen" as State, message: translate(locale, "attend.notOpen", { at: moment(locale, zone, result.opensAt) }) };
    case "CLOSED":
      return { ...view, state: "closed" as State, message: translate(locale, "attend.closed", { at: moment(locale, zone, result.closedAt) }) };
    case "NOT_REGISTERED":
      return { ...view, state: "notRegistered" as State, message: translate(locale, "attend.notRegistered") };
  }
}

type AttendView = ReturnType<typeof attendView>;

/** Signed in (else to the sign-in page, which comes back here), and not locked out for guessing tokens. */
async function attendee(request: Request) {
  const user = await requireUser(request);
  const keys = { user: user.id, address: clientAddress(request) };
  const limited = unknownPosterLimits.perUser.isLimited(keys.user) || unknownPosterLimits.perAddress.isLimited(keys.address);
  const countUnknown = () => {
    unknownPosterLimits.perUser.hit(keys.user);
    unknownPosterLimits.perAddress.hit(keys.address);
  };
  return { user, locale: await resolveLocale(request, user.locale), limited, countUnknown };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, locale, limited, countUnknown } = await attendee(request);
  const result = limited ? ({ outcome: "LIMITED" } as const) : await previewSelfCheckIn({ userId: user.id, posterToken: params.token });
  if (result.outcome === "UNKNOWN") countUnknown();
  const view = attendView(locale, result);
  // Outside the window is not an error to look at, only to act on: the page says when, with a 200.
  const status = view.state === "notOpen" || view.state === "closed" ? 200 : STATUS[view.state];
  return data({ view }, { status, headers: HEADERS });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, locale, limited, countUnknown } = await attendee(request);
  const form = await request.formData();
  if (form.get("intent") !== "checkin") throw badRequest();
  const result = limited ? ({ outcome: "LIMITED" } as const) : await selfCheckIn({ userId: user.id, posterToken: params.token });
  if (result.outcome === "UNKNOWN") countUnknown();
  const view = attendView(locale, result);
  return data({ view }, { status: STATUS[view.state], headers: HEADERS });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.view.session ? `${data.view.session.title} · convene` : "convene" },
  { name: "robots", content: "noindex, nofollow" },
  { name: "referrer", content: "no-referrer" },
];

const TONE: Record<State, "ok" | "info" | "warn" | "error"> = {
  open: "info",
  checkedIn: "ok",
  already: "ok",
  notOpen: "warn",
  closed: "warn",
  notRegistered: "error",
  unknown: "error",
  limited: "error",
};

export default function AttendPage() {
  const loaded = useLoaderData<typeof loader>();
  const posted = useActionData<typeof action>();
  const navigation = useNavigation();
  const t = useT();
  const view: AttendView = posted?.view ?? loaded.view;
  const { session } = view;

  if (!session) {
    return (
      <div className="attend">
        <h1>{t(view.state === "limited" ? "attend.limitedTitle" : "attend.unknownTitle")}</h1>
        <p className={`attend-result tone-${TONE[view.state]}`} role="status" data-testid="attend-result">
          {view.message}
        </p>
        <p>
          <Link to="/">{t("error.backHome")}</Link>
        </p>
      </div>
    );
  }

  const busy = navigation.state !== "idle" && navigation.formMethod?.toUpperCase() === "POST";
  return (
    <div className="attend">
      <p className="meta attend-event">
        <Link to={`/events/${session.event.slug}`}>{session.event.title}</Link>
      </p>
      <h1>{session.title}</h1>
      {session.otherTitle ? (
        <p className="attend-other-title" lang={session.otherLang}>
          {session.otherTitle}
        </p>
      ) : null}
      <dl className="attend-facts">
        <dt>{t("attend.when")}</dt>
        <dd>{session.when}</dd>
        {session.room ? (
          <>
            <dt>{t("attend.room")}</dt>
            <dd>{session.room}</dd>
          </>
        ) : null}
      </dl>
      <p className="meta">{session.window}</p>

      <div className={`attend-result tone-${TONE[view.state]}`} role="status" data-testid="attend-result" data-state={view.state}>
        {view.state === "checkedIn" || view.state === "already" ? (
          <span className="attend-tick" aria-hidden="true">
            ✓
          </span>
        ) : null}
        <span>{view.message}</span>
      </div>

      {view.state === "open" ? (
        <Form method="post" className="attend-form">
          <input type="hidden" name="intent" value="checkin" />
          <button type="submit" className="attend-button" disabled={busy}>
            {t(busy ? "attend.checkingIn" : "attend.checkIn")}
          </button>
        </Form>
      ) : null}
      {view.state === "notRegistered" ? (
        <p>
          <Link className="button attend-button" to={`/events/${session.event.slug}#registration-heading`}>
            {t("attend.register")}
          </Link>
        </p>
      ) : null}
      {view.state === "checkedIn" || view.state === "already" ? (
        <p>
          <Link to={`/events/${session.event.slug}`}>{t("attend.backToEvent")}</Link>
        </p>
      ) : null}
    </div>
  );
}
