import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useFetcher, useLoaderData } from "@remix-run/react";
import { useEffect, useRef } from "react";

import { decide, undoCheckIn } from "~/models/checkin.server";
import { prisma } from "~/utils/db.server";
import { badRequest, notFound } from "~/utils/http.server";
import { pick, translate, useT } from "~/utils/i18n";
import { resolveLocale } from "~/utils/i18n.server";
import { requireEventPermission } from "~/utils/permissions.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, eventId } = await requireEventPermission(request, params.slug, "create:checkin");
  const locale = await resolveLocale(request, user.locale);
  const event = await prisma.event.findUnique({ where: { id: eventId }, select: { slug: true, titleZh: true, titleEn: true } });
  if (!event) throw notFound("event.notFound");
  return { title: `${translate(locale, "checkin.title")} · ${pick(locale, event.titleZh, event.titleEn)}`, event: { slug: event.slug, title: pick(locale, event.titleZh, event.titleEn) } };
}

/** One scan (typed, or typed by a USB scanner ending in Enter), or the undo of the last one. */
export async function action({ request, params }: ActionFunctionArgs) {
  const form = await request.formData();
  const intent = form.get("intent");
  if (intent === "undo") {
    const { user, eventId } = await requireEventPermission(request, params.slug, "update:checkin");
    const undone = await undoCheckIn(user.id, eventId, String(form.get("checkInId") ?? ""));
    if (!undone) throw notFound();
    return { kind: "undone" as const };
  }
  if (intent !== "scan") throw badRequest();
  const { user, eventId } = await requireEventPermission(request, params.slug, "create:checkin");
  const locale = await resolveLocale(request, user.locale);
  const code = String(form.get("code") ?? "");
  const decision = await decide({ eventId, payload: code, scannedById: user.id, deviceId: "web" });
  const name = (person: { nameZh: string; nameEn: string }) => `${person.nameZh} ${person.nameEn}`;
  const time = new Intl.DateTimeFormat(locale === "en" ? "en-GB" : "zh-CN", { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: "Asia/Shanghai" });
  const message =
    decision.outcome === "CHECKED_IN"
      ? translate(locale, "checkin.outcome.CHECKED_IN", { name: name(decision.person) })
      : decision.outcome === "ALREADY"
        ? translate(locale, "checkin.outcome.ALREADY", {
            name: name(decision.person),
            time: time.format(decision.at),
            by: decision.by ? pick(locale, decision.by.nameZh, decision.by.nameEn) : translate(locale, "checkin.someone"),
          })
        : decision.outcome === "WRONG_EVENT"
          ? translate(locale, "checkin.outcome.WRONG_EVENT", { event: pick(locale, decision.event.titleZh, decision.event.titleEn) })
          : translate(locale, `checkin.outcome.${decision.outcome}`);
  const ribbon = "ribbon" in decision ? translate(locale, `badge.ribbon.${decision.ribbon}`) : null;
  const result = { kind: "scan" as const, outcome: decision.outcome, message, ribbon, checkInId: decision.outcome === "CHECKED_IN" ? decision.checkInId : null };
  // An unknown code is the caller's bad input; every other answer is a successful decision.
  return decision.outcome === "UNKNOWN" ? data(result, { status: 400 }) : result;
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "convene" }];

const TONES: Record<string, number[]> = { CHECKED_IN: [880], ALREADY: [660, 660], WRONG_EVENT: [330, 250], REVOKED: [250, 250, 250], UNKNOWN: [200] };

/** A short tone per answer, so door staff hear the result without looking: one high beep means in. */
function beep(outcome: string) {
  const AudioContext = window.AudioContext;
  if (!AudioContext) return;
  const context = new AudioContext();
  (TONES[outcome] ?? [200]).forEach((frequency, i) => {
    const oscillator = context.createOscillator();
    oscillator.frequency.value = frequency;
    oscillator.connect(context.destination);
    oscillator.start(context.currentTime + i * 0.18);
    oscillator.stop(context.currentTime + i * 0.18 + 0.12);
  });
}

export default function DoorCheckIn() {
  const { event } = useLoaderData<typeof loader>();
  const t = useT();
  const scan = useFetcher<typeof action>();
  const undo = useFetcher<typeof action>();
  const input = useRef<HTMLInputElement>(null);
  const result = scan.data?.kind === "scan" ? scan.data : null;
  useEffect(() => {
    if (!result) return;
    beep(result.outcome);
    if (input.current) {
      input.current.value = "";
      input.current.focus();
    }
  }, [result]);
  return (
    <div className="stack scanner">
      <p className="meta">
        <Link to={`/events/${event.slug}`}>{event.title}</Link>
      </p>
      <h1>{t("checkin.title")}</h1>
      <scan.Form method="post" className="form card">
        <input type="hidden" name="intent" value="scan" />
        <div className="field">
          <label htmlFor="scan-code">{t("checkin.code")}</label>
          <input ref={input} id="scan-code" name="code" type="text" autoComplete="off" autoCapitalize="off" spellCheck={false} autoFocus enterKeyHint="go" />
        </div>
        <div>
          <button type="submit">{t("checkin.submit")}</button>
        </div>
      </scan.Form>
      {result ? (
        <div className={`scan-result outcome-${result.outcome.toLowerCase()}`} role="status" data-testid="scan-result">
          <p className="scan-message">{result.message}</p>
          {result.ribbon ? <p className="scan-ribbon">{result.ribbon}</p> : null}
          {result.checkInId && undo.data?.kind !== "undone" ? (
            <undo.Form method="post">
              <input type="hidden" name="intent" value="undo" />
              <input type="hidden" name="checkInId" value={result.checkInId} />
              <button type="submit" className="secondary">
                {t("checkin.undo")}
              </button>
            </undo.Form>
          ) : null}
          {undo.data?.kind === "undone" ? <p>{t("checkin.undone")}</p> : null}
        </div>
      ) : null}
    </div>
  );
}
