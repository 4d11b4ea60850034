import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";

import { listNotifications, markAllRead, markRead, renderNotification, renderNotifications } from "~/models/notification.server";
import { badRequest, notFound } from "~/utils/http.server";
import { translate, useT } from "~/utils/i18n";
import { resolveLocale } from "~/utils/i18n.server";
import { requireUser, safeRedirect } from "~/utils/session.server";

// its styles come with the bell's, from the root (app/styles/notifications.css)

/** One's own notifications, newest first. Nobody ever sees another person's. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const locale = await resolveLocale(request, user.locale);
  const notifications = renderNotifications(locale, await listNotifications(user.id));
  const done = new URL(request.url).searchParams.get("done");
  return {
    title: translate(locale, "notifications.title"),
    notifications,
    unread: notifications.filter((notification) => !notification.read).length,
    done: done === "allRead" || done === "read" ? done : null,
  };
}

const IdSchema = z.object({ id: z.string().trim().min(1).max(64) });

/**
 * open: marks one read and goes where it leads; read: marks one read and stays; readAll: marks every one read. A
 * notification of someone else is a 404, as if it did not exist.
 */
export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const form = await request.formData();
  const intent = form.get("intent");
  if (intent === "readAll") {
    await markAllRead(user.id);
    return redirect("/notifications?done=allRead");
  }
  if (intent === "open" || intent === "read") {
    const parsed = IdSchema.safeParse(Object.fromEntries(form));
    if (!parsed.success) throw badRequest("notifications.error.missing");
    const notification = await markRead(user.id, parsed.data.id);
    if (!notification) throw notFound("notifications.error.notFound");
    if (intent === "read") return redirect("/notifications?done=read");
    const locale = await resolveLocale(request, user.locale);
    const view = renderNotification(locale, notification);
    return redirect(safeRedirect(view?.href, "/notifications"));
  }
  throw badRequest();
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "convene" }];

export default function NotificationsPage() {
  const { notifications, unread, done } = useLoaderData<typeof loader>();
  const navigation = useNavigation();
  const t = useT();
  return (
    <div className="stack notifications-page">
      <div className="notifications-head">
        <h1>{t("notifications.title")}</h1>
        {unread ? (
          <Form method="post">
            <input type="hidden" name="intent" value="readAll" />
            <button type="submit" className="secondary" disabled={navigation.state === "submitting"}>
              {t("notifications.readAll")}
            </button>
          </Form>
        ) : null}
      </div>
      <p className="meta" data-testid="notifications-unread">
        {unread ? t("notifications.unreadCount", { count: unread }) : t("notifications.allRead")}
      </p>
      {done ? (
        <p className="visually-hidden" role="status">
          {t(done === "allRead" ? "notifications.done.allRead" : "notifications.done.read")}
        </p>
      ) : null}
      {notifications.length ? (
        <ol className="notification-list" data-testid="notification-list">
          {notifications.map((notification) => (
            <li key={notification.id} className={notification.read ? "notification is-read" : "notification is-unread"} data-testid="notification">
              <div className="notification-body">
                {notification.read ? null : <span className="notification-dot">{t("notifications.new")}</span>}
                <Form method="post" className="notification-open">
                  <input type="hidden" name="intent" value="open" />
                  <input type="hidden" name="id" value={notification.id} />
                  <button type="submit" className="link">
                    {notification.text}
                  </button>
                </Form>
                <p className="meta">
                  <time dateTime={notification.atIso}>{notification.at}</time>
                </p>
              </div>
              {notification.read ? null : (
                <Form method="post" className="notification-read">
                  <input type="hidden" name="intent" value="read" />
                  <input type="hidden" name="id" value={notification.id} />
                  <button type="submit" className="link">
                    {t("notifications.markRead")}
                    <span className="visually-hidden"> · {notification.text}</span>
                  </button>
                </Form>
              )}
            </li>
          ))}
        </ol>
      ) : (
        <p className="empty">{t("notifications.empty")}</p>
      )}
    </div>
  );
}
