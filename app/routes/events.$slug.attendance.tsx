import { redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";

import { regeneratePosterToken, sessionAttendance } from "~/models/session-checkin.server";
import attendanceStylesHref from "~/styles/attendance.css";
import { prisma } from "~/utils/db.server";
import { formatEventRange } from "~/utils/datetime";
import { badRequest, notFound } from "~/utils/http.server";
import { pick, translate, useT } from "~/utils/i18n";
import { resolveLocale } from "~/utils/i18n.server";
import { requireEventPermission, userCan } from "~/utils/permissions.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: attendanceStylesHref }];

/**
 * Attendance per session, for organizers and the event's check-in staff: who checked in with the room poster,
 * against the room's capacity (with an alert when the room is over it) and the event's registrants. Organizers also
 * get each session's poster, and can replace its code.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, eventId } = await requireEventPermission(request, params.slug, "read:checkin");
  const locale = await resolveLocale(request, user.locale);
  const [event, attendance, managesAgenda] = await Promise.all([
    prisma.event.findUniqueOrThrow({ where: { id: eventId }, select: { slug: true, titleZh: true, titleEn: true, timeZone: true } }),
    sessionAttendance(eventId),
    userCan(user, "update:agenda", { eventId }),
  ]);
  const zone = event.timeZone;
  const clock = new Intl.DateTimeFormat(locale === "en" ? "en-GB" : "zh-CN", { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: zone });
  const title = pick(locale, event.titleZh, event.titleEn);
  return {
    title: `${translate(locale, "attendance.title")} · ${title}`,
    event: { slug: event.slug, title },
    registered: attendance.registered,
    managesAgenda,
    sessions: attendance.sessions.map((session) => {
      const capacity = session.room?.capacity ?? null;
      return {
        id: session.id,
        title: pick(locale, session.titleZh, session.titleEn),
        when: formatEventRange(locale, zone, session.startsAt, session.endsAt),
        window: translate(locale, "attendance.window", { window: formatEventRange(locale, zone, session.opensAt, session.endsAt) }),
        room: session.room ? pick(locale, session.room.nameZh, session.room.nameEn) : null,
        checkedIn: session.checkedIn,
        capacity,
        overCapacity: session.overCapacity,
        // the share of the room in use, for the bar (capped: the text gives the real numbers)
        fill: capacity ? Math.min(100, Math.round((100 * session.checkedIn) / capacity)) : null,
        poster: managesAgenda ? `/events/${event.slug}/agenda/${session.id}/poster.pdf` : null,
        attendees: session.attendees.map((person) => ({
          userId: person.userId,
          name: pick(locale, person.nameZh, person.nameEn),
          department: person.departmentZh || person.departmentEn ? pick(locale, person.departmentZh, person.departmentEn) : null,
          at: clock.format(person.at),
          iso: person.at.toISOString(),
        })),
      };
    }),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, eventId } = await requireEventPermission(request, params.slug, "update:agenda");
  const form = await request.formData();
  const itemId = form.get("itemId");
  if (form.get("intent") !== "regeneratePoster" || typeof itemId !== "string" || !itemId) throw badRequest();
  if (!(await regeneratePosterToken(user.id, eventId, itemId))) throw notFound("poster.notFound");
  return redirect(`/events/${params.slug}/attendance#session-${itemId}`);
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "convene" }];

export default function SessionAttendancePage() {
  const { event, registered, managesAgenda, sessions } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <div className="stack attendance">
      <p className="meta">
        <Link to={`/events/${event.slug}`}>{event.title}</Link>
      </p>
      <h1>{t("attendance.title")}</h1>
      <p className="meta">{t("attendance.intro", { registered })}</p>
      {sessions.length === 0 ? (
        <p className="empty">
          {t("attendance.none")}{" "}
          {managesAgenda ? <Link to={`/events/${event.slug}/agenda`}>{t("attendance.toAgenda")}</Link> : null}
        </p>
      ) : (
        <ol className="attendance-sessions">
          {sessions.map((session) => (
            <li key={session.id} id={`session-${session.id}`} className={`card attendance-session${session.overCapacity ? " over" : ""}`}>
              <article aria-labelledby={`session-${session.id}-title`}>
                <h2 id={`session-${session.id}-title`}>{session.title}</h2>
                <p className="meta">
                  {session.when}
                  {session.room ? ` · ${session.room}` : null}
                </p>
                <p className="meta">{session.window}</p>
                <p className="attendance-numbers" data-testid="attendance-numbers">
                  <span className="attendance-count" data-testid="attendance-count">
                    {session.checkedIn}
                  </span>{" "}
                  {session.capacity !== null
                    ? t("attendance.ofCapacity", { capacity: session.capacity })
                    : t("attendance.noCapacity")}
                  <span className="attendance-registered"> · {t("attendance.ofRegistered", { registered })}</span>
                </p>
                {session.fill !== null ? (
                  <span className="attendance-meter" aria-hidden="true">
                    <span style={{ width: `${session.fill}%` }} />
                  </span>
                ) : null}
                {session.overCapacity ? (
                  <p className="alert error attendance-over" data-testid="attendance-over">
                    <strong>{t("attendance.overCapacity")}</strong> {t("attendance.overBy", { count: session.checkedIn - (session.capacity ?? 0), capacity: session.capacity ?? 0 })}
                  </p>
                ) : null}
                <details className="attendance-people">
                  <summary>{t("attendance.who", { count: session.checkedIn })}</summary>
                  {session.attendees.length ? (
                    <table>
                      <thead>
                        <tr>
                          <th scope="col">{t("attendance.column.name")}</th>
                          <th scope="col">{t("attendance.column.department")}</th>
                          <th scope="col">{t("attendance.column.at")}</th>
                        </tr>
                      </thead>
                      <tbody>
                        {session.attendees.map((person) => (
                          <tr key={person.userId}>
                            <th scope="row">{person.name}</th>
                            <td>{person.department ?? "—"}</td>
                            <td>
                              <time dateTime={person.iso}>{person.at}</time>
                            </td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  ) : (
                    <p className="empty">{t("attendance.nobody")}</p>
                  )}
                </details>
                {session.poster ? (
                  <div className="attendance-poster">
                    <a className="button secondary small" href={session.poster} download>
                      {t("poster.download")}
                    </a>
                    <Form method="post">
                      <input type="hidden" name="intent" value="regeneratePoster" />
                      <input type="hidden" name="itemId" value={session.id} />
                      <button type="submit" className="link" aria-describedby={`session-${session.id}-regenerate-hint`}>
                        {t("poster.regenerate")}
                      </button>
                    </Form>
                    <span className="meta" id={`session-${session.id}-regenerate-hint`}>
                      {t("poster.regenerateHint")}
                    </span>
                  </div>
                ) : null}
              </article>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
