import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useId, useState } from "react";

import { FeedActionSchema, feedAddresses, getFeedSettings, issueFeedToken, personalFeedAddresses, setFeedEnabled } from "~/models/calendar-feed.server";
import { badRequest, conflict } from "~/utils/http.server";
import { translate, useT } from "~/utils/i18n";
import { resolveLocale } from "~/utils/i18n.server";
import { requirePermission } from "~/utils/permissions.server";
import { requireUser } from "~/utils/session.server";

/** A setting of one's own account, like the profile: staff may change theirs; guests have no feed. */
async function requireFeedOwner(request: Request) {
  const user = await requireUser(request);
  await requirePermission(user, "update:user", { userId: user.id });
  return user;
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireFeedOwner(request);
  const locale = await resolveLocale(request, user.locale);
  const feed = await getFeedSettings(user.id);
  return {
    title: translate(locale, "calendar.title"),
    feed: feed ? { enabled: feed.enabled } : null,
    publicFeed: feedAddresses(`${new URL(request.url).origin}/calendar/public.ics`),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireFeedOwner(request);
  const parsed = FeedActionSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) throw badRequest();
  if (parsed.data.intent === "regenerate") {
    // the secret is shown in this one response and stored nowhere, so it must not be cached either
    const token = await issueFeedToken(user.id);
    return data({ issued: personalFeedAddresses(new URL(request.url).origin, token) }, { headers: { "Cache-Control": "no-store" } });
  }
  const enabled = parsed.data.intent === "enable";
  if (!(await setFeedEnabled(user.id, enabled))) throw conflict("calendar.mine.none");
  return redirect(`/calendar?done=${enabled ? "on" : "off"}`);
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "convene" }];

/** A read-only address with a copy button; without JavaScript the address can still be selected and copied. */
function AddressField({ label, value, testId }: { label: string; value: string; testId: string }) {
  const t = useT();
  const id = useId();
  const [copied, setCopied] = useState<"yes" | "failed" | null>(null);
  const copy = () => {
    navigator.clipboard.writeText(value).then(
      () => setCopied("yes"),
      () => setCopied("failed"),
    );
  };
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <div className="inline-form">
        <input id={id} type="url" readOnly value={value} data-testid={testId} onFocus={(event) => event.currentTarget.select()} />
        <button type="button" className="secondary small" onClick={copy} aria-label={t("calendar.copyLabel", { label })}>
          {t("calendar.copy")}
        </button>
      </div>
      <span className="hint" role="status">
        {copied === "yes" ? t("calendar.copied") : copied === "failed" ? t("calendar.copyFailed") : ""}
      </span>
    </div>
  );
}

function Addresses({ heading, addresses, testId }: { heading: string; addresses: { web: string; webcal: string }; testId: string }) {
  const t = useT();
  return (
    <div className="stack">
      <h3 style={{ margin: "1rem 0 0" }}>{heading}</h3>
      <AddressField label={t("calendar.url.webcal")} value={addresses.webcal} testId={`${testId}-webcal`} />
      <AddressField label={t("calendar.url.web")} value={addresses.web} testId={`${testId}-web`} />
      <p>
        <a href={addresses.webcal}>{t("calendar.openInApp")}</a>
      </p>
    </div>
  );
}

export default function CalendarSubscriptions() {
  const { feed, publicFeed } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const [searchParams] = useSearchParams();
  const t = useT();
  const busy = navigation.state !== "idle";
  const issued = actionData?.issued;
  const done = issued ? null : searchParams.get("done");

  return (
    <div className="stack">
      <h1>{t("calendar.title")}</h1>
      <p className="prose">{t("calendar.intro")}</p>

      <section className="card stack" aria-labelledby="mine-heading" data-testid="my-feed">
        <h2 id="mine-heading" style={{ marginTop: 0 }}>
          {t("calendar.mine.heading")}
        </h2>
        <p>{t("calendar.mine.about")}</p>
        {done === "on" || done === "off" ? (
          <div className="alert success" role="status">
            {t(done === "on" ? "calendar.mine.turnedOn" : "calendar.mine.turnedOff")}
          </div>
        ) : null}
        <p className="registration-status" data-testid="feed-state">
          {!feed ? t("calendar.mine.none") : feed.enabled ? t("calendar.mine.on") : t("calendar.mine.off")}
        </p>
        {issued ? (
          <>
            <div className="alert success" role="status">
              {t("calendar.mine.issued")}
            </div>
            <Addresses heading={t("calendar.mine.personalUrls")} addresses={issued.mine} testId="feed-mine" />
            <Addresses heading={t("calendar.mine.institutionUrls")} addresses={issued.institution} testId="feed-institution" />
          </>
        ) : feed ? (
          <p className="meta" style={{ marginTop: ".75rem" }}>
            {t("calendar.mine.shownOnce")}
          </p>
        ) : null}
        <div className="decision">
          <Form method="post">
            <input type="hidden" name="intent" value="regenerate" />
            <button type="submit" disabled={busy}>
              {feed ? t("calendar.mine.regenerate") : t("calendar.mine.create")}
            </button>
          </Form>
          {feed ? (
            <Form method="post">
              <input type="hidden" name="intent" value={feed.enabled ? "disable" : "enable"} />
              <button type="submit" className="secondary" disabled={busy}>
                {feed.enabled ? t("calendar.mine.turnOff") : t("calendar.mine.turnOn")}
              </button>
            </Form>
          ) : null}
        </div>
        {feed ? <p className="meta">{t("calendar.mine.regenerateHint")}</p> : null}
      </section>

      <section className="card stack" aria-labelledby="institution-heading">
        <h2 id="institution-heading" style={{ marginTop: 0 }}>
          {t("calendar.institution.heading")}
        </h2>
        <p>{t("calendar.institution.about")}</p>
        <p>
          <a className="button secondary" href="/calendar.ics" download>
            {t("calendar.institution.download")}
          </a>
        </p>
      </section>

      <section className="card stack" aria-labelledby="public-heading">
        <h2 id="public-heading" style={{ marginTop: 0 }}>
          {t("calendar.public.heading")}
        </h2>
        <p>{t("calendar.public.about")}</p>
        <AddressField label={t("calendar.url.webcal")} value={publicFeed.webcal} testId="feed-public-webcal" />
        <AddressField label={t("calendar.url.web")} value={publicFeed.web} testId="feed-public-web" />
      </section>

      <section className="card stack" aria-labelledby="how-heading">
        <h2 id="how-heading" style={{ marginTop: 0 }}>
          {t("calendar.how.heading")}
        </h2>
        <ul className="stack">
          <li>{t("calendar.how.apple")}</li>
          <li>{t("calendar.how.google")}</li>
          <li>{t("calendar.how.outlook")}</li>
        </ul>
        <p className="meta" style={{ marginTop: ".75rem" }}>
          {t("calendar.how.cancelled")}
        </p>
      </section>
    </div>
  );
}
