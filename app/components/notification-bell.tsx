import { Form, Link } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";

import { useT } from "~/utils/i18n";

/** How often the bell asks for news while the tab is visible: "right away" for a host waiting at the gate. */
export const BELL_POLL_MS = 12_000;

type Latest = { id: string; text: string; at: string };

/**
 * The header's bell: a plain link to the notifications with the unread count (so it works without JavaScript); with
 * JavaScript it polls the count while the tab is visible and announces anything new, in a live region with a small
 * toast that leads to it.
 */
export function NotificationBell({ unread }: { unread: number }) {
  const t = useT();
  const [count, setCount] = useState(unread);
  const [loaderCount, setLoaderCount] = useState(unread);
  const [toast, setToast] = useState<Latest | null>(null);
  // ids already known to this page: only what arrives after it loaded is announced
  const known = useRef<Set<string> | null>(null);

  // a navigation re-runs the root loader: its count is the fresher one
  if (loaderCount !== unread) {
    setLoaderCount(unread);
    setCount(unread);
  }

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      clearTimeout(timer);
      // offline there is nothing to ask; the "online" event asks at once when the network is back
      if (document.visibilityState === "visible" && navigator.onLine) {
        try {
          const response = await fetch("/notifications/unread", { headers: { Accept: "application/json" }, credentials: "same-origin" });
          const type = response.headers.get("Content-Type") ?? "";
          if (response.ok && type.includes("application/json")) {
            const body = (await response.json()) as { count: number; latest: Latest[] };
            if (stopped) return;
            setCount(body.count);
            const fresh = known.current ? body.latest.filter((item) => !known.current!.has(item.id)) : [];
            known.current ??= new Set();
            for (const item of body.latest) known.current.add(item.id);
            if (fresh[0]) setToast(fresh[0]);
          }
        } catch {
          // offline or the server restarting: the next round tries again
        }
      }
      if (!stopped) timer = setTimeout(() => void poll(), BELL_POLL_MS);
    };
    const onVisible = () => {
      if (document.visibilityState === "visible") void poll();
    };
    void poll();
    document.addEventListener("visibilitychange", onVisible);
    window.addEventListener("online", onVisible);
    return () => {
      stopped = true;
      clearTimeout(timer);
      document.removeEventListener("visibilitychange", onVisible);
      window.removeEventListener("online", onVisible);
    };
  }, []);

  useEffect(() => {
    if (!toast) return;
    const hide = setTimeout(() => setToast(null), 20_000);
    return () => clearTimeout(hide);
  }, [toast]);

  return (
    <div className="notification-bell-wrap">
      <Link to="/notifications" className={count ? "notification-bell has-unread" : "notification-bell"} data-testid="notification-bell">
        <svg aria-hidden="true" viewBox="0 0 24 24" width="20" height="20" focusable="false">
          <path
            fill="currentColor"
            d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6v-5a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z"
          />
        </svg>
        <span className="visually-hidden">{count ? t("notifications.bell.unread", { count }) : t("notifications.bell.none")}</span>
        {count ? (
          <span className="notification-count" aria-hidden="true" data-testid="notification-count">
            {count > 99 ? "99+" : count}
          </span>
        ) : null}
      </Link>
      <div className="notification-toast-region" aria-live="polite" data-testid="notification-live">
        {toast ? (
          <div className="notification-toast" data-testid="notification-toast">
            {/* opening it from here marks it read, as from the list */}
            <Form method="post" action="/notifications" onSubmit={() => setToast(null)}>
              <input type="hidden" name="intent" value="open" />
              <input type="hidden" name="id" value={toast.id} />
              <button type="submit" className="link">
                {toast.text}
              </button>
            </Form>
            <span className="meta">{toast.at}</span>
            <button type="button" className="link" onClick={() => setToast(null)}>
              {t("notifications.toast.close")}
            </button>
          </div>
        ) : null}
      </div>
    </div>
  );
}
