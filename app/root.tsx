import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import {
  Form,
  isRouteErrorResponse,
  Link,
  Links,
  Meta,
  NavLink,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLocation,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import type { ReactNode } from "react";

import { NotificationBell } from "~/components/notification-bell";
import { unreadCount } from "~/models/notification.server";
import stylesHref from "~/styles/app.css";
import notificationsStylesHref from "~/styles/notifications.css";
import { prepareDatabase } from "~/utils/db.server";
import { DEFAULT_LOCALE, isMessageKey, otherLocale, translate, translator, type Locale, type MessageKey } from "~/utils/i18n";
import { resolveLocale } from "~/utils/i18n.server";
import { permissionList } from "~/utils/permissions.server";
import { getSessionUser } from "~/utils/session.server";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesHref },
  { rel: "stylesheet", href: notificationsStylesHref },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export async function loader({ request }: LoaderFunctionArgs) {
  await prepareDatabase();
  const user = await getSessionUser(request);
  const locale = await resolveLocale(request, user?.locale);
  return {
    locale,
    user: user && { id: user.id, nameZh: user.nameZh, nameEn: user.nameEn, permissions: permissionList(user) },
    // the header's bell: staff only (guests and the signed-out get none)
    notifications: user?.kind === "STAFF" ? { unread: await unreadCount(user.id) } : undefined,
  };
}

export type RootData = Awaited<ReturnType<typeof loader>>;

export const meta: MetaFunction = ({ data }) => {
  const locale = (data as RootData | undefined)?.locale ?? DEFAULT_LOCALE;
  return [{ title: translate(locale, "app.name") }, { name: "description", content: translate(locale, "app.tagline") }];
};

export function Layout({ children }: { children: ReactNode }) {
  const root = useRouteLoaderData<RootData>("root");
  const locale = root?.locale ?? DEFAULT_LOCALE;
  const t = translator(locale);
  return (
    <html lang={locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <a className="skip-link" href="#main">
          {t("nav.skip")}
        </a>
        <SiteHeader locale={locale} user={root?.user ?? null} notifications={root?.notifications} />
        <main id="main" tabIndex={-1}>
          {children}
        </main>
        <footer className="site-footer">{t("app.footer")}</footer>
        <ScrollRestoration />
        <Scripts />
      </body>
    </html>
  );
}

function SiteHeader({ locale, user, notifications }: { locale: Locale; user: RootData["user"]; notifications: RootData["notifications"] }) {
  const t = translator(locale);
  const location = useLocation();
  const here = location.pathname + location.search;
  const switchTo = otherLocale(locale);
  return (
    <header className="site-header">
      <div className="bar">
        <Link to="/" className="brand">
          <span className="brand-mark" aria-hidden="true">
            会
          </span>
          {t("app.name")}
        </Link>
        {user ? (
          <nav aria-label={t("nav.label")} style={{ display: "contents" }}>
            <ul className="nav">
              <li>
                <NavLink to="/" end>
                  {t("nav.home")}
                </NavLink>
              </li>
              <li>
                <NavLink to="/events">{t("nav.events")}</NavLink>
              </li>
              <li>
                <NavLink to="/awards">{t("nav.awards")}</NavLink>
              </li>
              <li>
                <NavLink to="/calendar">{t("calendar.nav")}</NavLink>
              </li>
              <li>
                <NavLink to="/profile">{t("nav.profile")}</NavLink>
              </li>
              {user.permissions.includes("update:role:any") ? (
                <li>
                  <NavLink to="/admin/users">{t("nav.admin")}</NavLink>
                </li>
              ) : null}
            </ul>
          </nav>
        ) : (
          <span style={{ flex: 1 }} />
        )}
        <div className="header-tools">
          <Form method="post" action="/locale" reloadDocument>
            <input type="hidden" name="locale" value={switchTo} />
            <input type="hidden" name="redirectTo" value={here} />
            <button type="submit" className="secondary">
              <span className="visually-hidden">{t("nav.switchLanguage")}</span>
              <span lang={switchTo}>{switchTo === "en" ? "English" : "中文"}</span>
            </button>
          </Form>
          {user && notifications ? <NotificationBell unread={notifications.unread} /> : null}
          {user ? (
            <>
              <span className="user-name">{locale === "zh-CN" ? user.nameZh : user.nameEn}</span>
              <Form method="post" action="/logout">
                <button type="submit" className="link">
                  {t("nav.signOut")}
                </button>
              </Form>
            </>
          ) : location.pathname !== "/login" && !location.pathname.startsWith("/guest/") ? (
            <Link to="/login" className="button">
              {t("nav.signIn")}
            </Link>
          ) : null}
        </div>
      </div>
    </header>
  );
}

export default function App() {
  return <Outlet />;
}

const KNOWN_STATUSES = [400, 403, 404, 409, 429, 500] as const;

export function ErrorBoundary() {
  const error = useRouteError();
  const root = useRouteLoaderData<RootData>("root");
  return <ErrorPage error={error} locale={root?.locale ?? DEFAULT_LOCALE} />;
}

/** The bilingual error page; in production it never shows a stack or a server message. */
export function ErrorPage({ error, locale }: { error: unknown; locale: Locale }) {
  const t = translator(locale);
  const response = isRouteErrorResponse(error) ? error : null;
  const status = (KNOWN_STATUSES as readonly number[]).includes(response?.status ?? 500) ? (response?.status ?? 500) : 500;
  const detailKey: unknown = (response?.data as { messageKey?: unknown } | null)?.messageKey;
  const body = isMessageKey(detailKey) ? t(detailKey) : t(`error.${status}.body` as MessageKey);
  return (
    <div className="error-page stack" role="alert">
      <p className="code">{status}</p>
      <h1>{t(`error.${status}.title` as MessageKey)}</h1>
      <p>{body}</p>
      {process.env.NODE_ENV === "development" && error instanceof Error ? <pre>{error.stack}</pre> : null}
      <p>
        <Link to="/">{t("error.backHome")}</Link>
      </p>
    </div>
  );
}
