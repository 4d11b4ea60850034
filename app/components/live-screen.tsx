import { isRouteErrorResponse, useFetchers, useNavigation, useRevalidator, useRouteError } from "@remix-run/react";
import { useEffect, useRef } from "react";

import { ErrorPage } from "~/root";
import { useLocale } from "~/utils/i18n";

/**
 * Screens that stay open unattended (the lobby's "now and next", the door dashboard, the ceremony list) reload their
 * data on a timer while the page is visible, and at once when it becomes visible again. A refresh waits while the
 * page is busy (a form or fetcher in flight, or the last refresh), so a slow network never stacks them. The health
 * check comes first: a revalidation that cannot reach the server fails the root loader too, and the root error page
 * never retries, so the screen would freeze on it.
 */
export function useLiveRefresh(intervalMs: number, enabled = true) {
  const { revalidate, state } = useRevalidator();
  const navigation = useNavigation();
  const busy = useFetchers().some((fetcher) => fetcher.state !== "idle") || navigation.state !== "idle" || state !== "idle";
  const busyNow = useRef(busy);
  useEffect(() => {
    busyNow.current = busy;
  }, [busy]);
  useEffect(() => {
    if (!enabled) return;
    let checking = false;
    const refresh = async () => {
      if (document.visibilityState !== "visible" || checking || busyNow.current) return;
      checking = true;
      const healthy = await fetch("/healthz", { cache: "no-store" }).then(
        (response) => response.ok,
        () => false,
      );
      checking = false;
      if (healthy && !busyNow.current && document.visibilityState === "visible") revalidate();
    };
    const timer = window.setInterval(refresh, intervalMs);
    document.addEventListener("visibilitychange", refresh);
    return () => {
      window.clearInterval(timer);
      document.removeEventListener("visibilitychange", refresh);
    };
  }, [enabled, intervalMs, revalidate]);
}

/**
 * Without JavaScript the page reloads itself. The refresh sits in <noscript> rather than in the `meta` export on
 * purpose: a meta refresh, once parsed, cannot be cancelled, so with JavaScript it would also reload the whole page,
 * pull the browser back here after a client-side "Back", and strand the screen on the browser's own error page if
 * the server is briefly down. With scripting on, browsers treat <noscript> content as inert text.
 */
export function NoScriptRefresh({ seconds }: { seconds: number }) {
  return (
    <noscript>
      <meta httpEquiv="refresh" content={String(seconds)} />
    </noscript>
  );
}

/**
 * The error page of a live screen: a 4xx is the answer to the request and stays, but anything else (the server was
 * briefly away during a refresh) keeps retrying, so a screen nobody watches comes back by itself.
 */
export function LiveErrorBoundary({ intervalMs }: { intervalMs: number }) {
  const error = useRouteError();
  const locale = useLocale();
  const transient = !isRouteErrorResponse(error) || error.status >= 500;
  useLiveRefresh(intervalMs, transient);
  return (
    <>
      {transient ? <NoScriptRefresh seconds={Math.max(30, Math.round(intervalMs / 1000))} /> : null}
      <ErrorPage error={error} locale={locale} />
    </>
  );
}
