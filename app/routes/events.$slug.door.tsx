import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";

import { LiveErrorBoundary, useLiveRefresh } from "~/components/live-screen";
import { doorDashboard } from "~/models/door-dashboard.server";
import doorStylesHref from "~/styles/door.css";
import { pick, translate, useT } from "~/utils/i18n";
import { resolveLocale } from "~/utils/i18n.server";
import { requireEventPermission } from "~/utils/permissions.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: doorStylesHref }];

/** The door's live numbers for check-in staff and organizers: who is here, who is not, and what each scanner did. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, eventId } = await requireEventPermission(request, params.slug, "read:checkin");
  const locale = await resolveLocale(request, user.locale);
  const { event, now, totals, departments, arrivals, devices } = await doorDashboard(eventId);
  const zone = { hourCycle: "h23", timeZone: event.timeZone } as const;
  const clock = new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", second: "2-digit", ...zone });
  const minute = new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", ...zone });
  const title = pick(locale, event.titleZh, event.titleEn);
  const span = { from: minute.format(arrivals.from), to: minute.format(arrivals.to) };
  const share = (registered: number, notArrived: number) => (registered ? Math.floor((100 * (registered - notArrived)) / registered) : null);
  return {
    title: `${translate(locale, "door.title")} · ${title}`,
    event: { slug: event.slug, title },
    updated: { label: clock.format(now), iso: now.toISOString() },
    totals: { ...totals, percent: share(totals.registered, totals.notArrived) },
    departments: departments.map((department) => ({
      key: department.departmentId ?? "",
      name: department.departmentId ? pick(locale, department.nameZh, department.nameEn) : translate(locale, "door.noDepartment"),
      registered: department.registered,
      checkedIn: department.checkedIn,
      notArrived: department.notArrived,
      percent: share(department.registered, department.notArrived),
    })),
    chart: {
      window: arrivals.window,
      caption:
        arrivals.window === "empty"
          ? translate(locale, "door.arrivals.empty")
          : translate(locale, arrivals.window === "live" ? "door.arrivals.live" : "door.arrivals.latest", span),
      summary: !arrivals.peak
        ? translate(locale, "door.arrivals.summaryNone")
        : translate(locale, arrivals.window === "live" ? "door.arrivals.summary" : "door.arrivals.summaryLatest", {
            ...span,
            total: arrivals.total,
            peak: arrivals.peak.count,
            at: arrivals.peak.label,
          }),
      minutes: arrivals.minutes.map(({ label, count }) => ({ label, count, title: translate(locale, "door.arrivals.bar", { time: label, count }) })),
      peak: arrivals.peak ? { index: arrivals.minutes.indexOf(arrivals.peak), count: arrivals.peak.count } : null,
    },
    devices: devices.map((device) => ({
      key: device.deviceId ?? "",
      deviceId: device.deviceId,
      last: clock.format(device.lastAt),
      scans: device.scans.map((scan) => ({
        id: scan.checkInId,
        iso: scan.scannedAt.toISOString(),
        time: clock.format(scan.scannedAt),
        name: pick(locale, scan.person.nameZh, scan.person.nameEn),
        ribbon: scan.ribbon,
        ribbonLabel: translate(locale, `badge.ribbon.${scan.ribbon}`),
        by: scan.scannedBy ? pick(locale, scan.scannedBy.nameZh, scan.scannedBy.nameEn) : null,
        undone: scan.undone,
      })),
    })),
  };
}

type DashboardData = ReturnType<typeof useLoaderData<typeof loader>>;

const REFRESH_MS = 5_000;

export default function DoorDashboard() {
  const { event, updated, totals, departments, chart, devices } = useLoaderData<typeof loader>();
  const t = useT();
  useLiveRefresh(REFRESH_MS);
  return (
    <div className="stack door">
      <p className="meta">
        <Link to={`/events/${event.slug}`}>{event.title}</Link>
      </p>
      <div className="door-head">
        <h1>{t("door.title")}</h1>
        <p className="meta door-updated">
          {t("door.live", { time: updated.label })}
        </p>
      </div>

      <ul className="count-tiles door-counts" aria-label={t("door.title")}>
        <li className="card">
          <span className="count" data-testid="count-registered">
            {totals.registered}
          </span>{" "}
          {t("door.count.registered")}
        </li>
        <li className="card door-count-in">
          <span className="count" data-testid="count-checked-in">
            {totals.checkedIn}
          </span>{" "}
          {t("door.count.checkedIn")}
          {totals.percent !== null ? <span className="door-count-share"> · {totals.percent}%</span> : null}
        </li>
        <li className="card door-count-missing">
          <span className="count" data-testid="count-not-arrived">
            {totals.notArrived}
          </span>{" "}
          {t("door.count.notArrived")}
        </li>
      </ul>
      {totals.unregisteredArrivals > 0 ? <p className="meta">{t("door.unregisteredArrivals", { count: totals.unregisteredArrivals })}</p> : null}

      <section aria-labelledby="door-arrivals-heading">
        <h2 id="door-arrivals-heading">{t("door.arrivals")}</h2>
        <p className="meta" data-testid="arrivals-window">
          {chart.caption}
        </p>
        {chart.window === "empty" ? null : (
          <div className="card door-chart-frame">
            <ArrivalsChart chart={chart} />
          </div>
        )}
      </section>

      <div className="door-columns">
        <section aria-labelledby="door-departments-heading">
          <h2 id="door-departments-heading">{t("door.departments")}</h2>
          {departments.length ? <DepartmentTable departments={departments} totals={totals} /> : <p className="empty">{t("door.noRegistrations")}</p>}
        </section>
        <section aria-labelledby="door-devices-heading">
          <h2 id="door-devices-heading">{t("door.devices")}</h2>
          {devices.length ? <DeviceList devices={devices} /> : <p className="empty">{t("door.devices.none")}</p>}
        </section>
      </div>

      <p>
        <Link to={`/events/${event.slug}/checkin`}>{t("door.openScanner")}</Link>
      </p>
    </div>
  );
}

const PLOT_TOP = 22;
const PLOT_HEIGHT = 140;
const LABEL_Y = PLOT_TOP + PLOT_HEIGHT + 18;

/**
 * Bars are drawn in an inner SVG stretched to the width, while the text stays in the outer one at its own size, so
 * the labels read the same on a phone and on a wall screen. Ticks sit on whole ten minutes of the event's clock.
 */
function ArrivalsChart({ chart }: { chart: DashboardData["chart"] }) {
  const n = chart.minutes.length;
  const top = Math.max(1, chart.peak?.count ?? 0);
  const centre = (index: number) => `${((index + 0.5) / n) * 100}%`;
  const ticks = chart.minutes.flatMap((minute, index) => (minute.label.endsWith("0") ? [{ index, label: minute.label }] : []));
  return (
    <svg className="door-chart" role="img" aria-label={chart.summary} data-testid="arrivals-chart" width="100%" height={LABEL_Y + 6}>
      <svg y={PLOT_TOP} width="100%" height={PLOT_HEIGHT} viewBox={`0 0 ${n} ${top}`} preserveAspectRatio="none">
        {chart.minutes.map((minute, index) =>
          minute.count ? (
            <rect key={index} className="door-chart-bar" x={index + 0.12} width={0.76} y={top - minute.count} height={minute.count}>
              <title>{minute.title}</title>
            </rect>
          ) : null,
        )}
      </svg>
      <line className="door-chart-axis" x1="0" x2="100%" y1={PLOT_TOP + PLOT_HEIGHT + 0.5} y2={PLOT_TOP + PLOT_HEIGHT + 0.5} />
      {ticks.map(({ index, label }) => {
        const anchor = index < 2 ? "start" : index > n - 3 ? "end" : "middle";
        const x = anchor === "start" ? `${(index / n) * 100}%` : anchor === "end" ? `${((index + 1) / n) * 100}%` : centre(index);
        return (
          <g key={index}>
            <line className="door-chart-tick" x1={centre(index)} x2={centre(index)} y1={PLOT_TOP + PLOT_HEIGHT} y2={PLOT_TOP + PLOT_HEIGHT + 5} />
            <text className="door-chart-label" x={x} y={LABEL_Y} textAnchor={anchor}>
              {label}
            </text>
          </g>
        );
      })}
      {chart.peak ? (
        <text
          className="door-chart-peak"
          x={centre(chart.peak.index)}
          y={PLOT_TOP - 6}
          textAnchor={chart.peak.index < 2 ? "start" : chart.peak.index > n - 3 ? "end" : "middle"}
        >
          {chart.peak.count}
        </text>
      ) : null}
    </svg>
  );
}

function DepartmentTable({ departments, totals }: { departments: DashboardData["departments"]; totals: DashboardData["totals"] }) {
  const t = useT();
  return (
    <div className="table-wrap">
      <table className="door-departments">
        <caption className="visually-hidden">{t("door.departments.caption")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("door.department")}</th>
            <th scope="col" className="num">
              {t("door.count.registered")}
            </th>
            <th scope="col" className="num">
              {t("door.count.checkedIn")}
            </th>
            <th scope="col" className="num">
              {t("door.count.notArrived")}
            </th>
            <th scope="col" className="num">
              {t("door.percent")}
            </th>
          </tr>
        </thead>
        <tbody>
          {departments.map((department) => (
            <tr key={department.key} className={department.key ? undefined : "door-no-department"}>
              <th scope="row">{department.name}</th>
              <td className="num">{department.registered}</td>
              <td className="num">{department.checkedIn}</td>
              <td className="num">{department.notArrived}</td>
              <td className="num">
                <Share percent={department.percent} />
              </td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">{t("door.total")}</th>
            <td className="num">{totals.registered}</td>
            <td className="num">{totals.checkedIn}</td>
            <td className="num">{totals.notArrived}</td>
            <td className="num">
              <Share percent={totals.percent} />
            </td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

/** The arrived share as a number and a thin bar under it; the bar is decoration, the number is what is read. */
function Share({ percent }: { percent: number | null }) {
  if (percent === null) return <>—</>;
  return (
    <span className="door-share">
      {percent}%
      <span className="door-share-bar" aria-hidden="true">
        <span style={{ width: `${percent}%` }} />
      </span>
    </span>
  );
}

function DeviceList({ devices }: { devices: DashboardData["devices"] }) {
  const t = useT();
  return (
    <ul className="door-devices">
      {devices.map((device) => (
        <li key={device.key} className="card door-device" data-testid="door-device">
          <h3>
            {device.deviceId ? <code>{device.deviceId}</code> : t("door.device.unknown")}{" "}
            <span className="meta">{t("door.device.last", { time: device.last })}</span>
          </h3>
          <ol className="door-scans">
            {device.scans.map((scan) => (
              <li key={scan.id} className={scan.undone ? "door-scan undone" : "door-scan"} data-testid="door-scan">
                <time dateTime={scan.iso}>{scan.time}</time>
                <span className="door-scan-who">
                  {scan.undone ? <del className="door-scan-name">{scan.name}</del> : <span className="door-scan-name">{scan.name}</span>}{" "}
                  <span className={`tag door-ribbon ribbon-${scan.ribbon.toLowerCase()}`}>{scan.ribbonLabel}</span>
                  {scan.undone ? <span className="tag cancelled">{t("door.scan.undone")}</span> : null}
                </span>
                {scan.by ? <span className="door-scan-by meta">{t("door.scan.by", { name: scan.by })}</span> : null}
              </li>
            ))}
          </ol>
        </li>
      ))}
    </ul>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "convene" }];

export function ErrorBoundary() {
  return <LiveErrorBoundary intervalMs={REFRESH_MS} />;
}
