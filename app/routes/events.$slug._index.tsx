import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";

import { AddToCalendar } from "~/components/add-to-calendar";
import {
  AgendaSections,
  PrintButton,
  ReleaseLine,
  ViewSwitcher,
} from "~/components/agenda-view";
import { RegistrationPanel } from "~/components/registration-panel";
import { VisitOutcomesSummary } from "~/components/visit-outcomes-summary";
import {
  getLatestRelease,
  setAgendaStar,
  StarSchema,
  starredItemIds,
} from "~/models/agenda.server";
import { invitationMethod } from "~/models/calendar-invitation.server";
import { announcedWhere } from "~/models/award.server";
import { viewerFor } from "~/models/event.server";
import {
  cancelRegistration,
  getMyRegistration,
  listQuestions,
  readAnswers,
  register,
  registrationBlock,
  registrationCounts,
  updateAnswers,
} from "~/models/registration.server";
import { outcomeSummary } from "~/models/visit-outcome.server";
import agendaStylesHref from "~/styles/agenda.css";
import agendaCalendarStylesHref from "~/styles/agenda-calendar.css";
import {
  agendaFormatter,
  groupByDay,
  groupByRoom,
  isMultiDay,
  parseAgendaView,
  toAgendaRows,
  toReleaseDisplay,
} from "~/utils/agenda-display";
import { formatDate, formatEventRange } from "~/utils/datetime";
import { prisma } from "~/utils/db.server";
import { badRequest, notFound } from "~/utils/http.server";
import { pick, translate, useT, type MessageKey } from "~/utils/i18n";
import {
  agendaItemAnchor,
  agendaItemCalendarLinks,
  calendarLinks,
} from "~/utils/calendar-links";
import { requireVisibleEvent } from "~/utils/event-access.server";
import { renderMarkdown } from "~/utils/markdown.server";
import { userCan } from "~/utils/permissions.server";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: agendaStylesHref },
  { rel: "stylesheet", href: agendaCalendarStylesHref },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, locale, event } = await requireVisibleEvent(request, params);
  const view = parseAgendaView(new URL(request.url).searchParams.get("view"));
  // Attendees see only what was published, never the draft the organizers are still editing.
  const viewer = await viewerFor(user);
  const [
    release,
    canManage,
    canScan,
    mine,
    counts,
    blocked,
    questions,
    programmes,
    starred,
  ] = await Promise.all([
    getLatestRelease(event.id),
    userCan(user, "update:event", { eventId: event.id }),
    userCan(user, "create:checkin", { eventId: event.id }),
    getMyRegistration(event.id, user.id),
    registrationCounts(event.id),
    registrationBlock(viewer, event.id, new Date()),
    listQuestions(event.id),
    // the award programmes presented here: announced ones for everyone, drafts too for the people running them
    userCan(user, "update:award", { eventId: event.id }).then((managesAwards) =>
      prisma.awardProgramme.findMany({
        where: {
          AND: [{ eventId: event.id }, managesAwards ? {} : announcedWhere()],
        },
        orderBy: { slug: "asc" },
        select: { slug: true, nameZh: true, nameEn: true },
      })
    ),
    starredItemIds(user.id, event.id),
  ]);
  const myAnswers = mine
    ? (JSON.parse(mine.answers) as Record<string, string>)
    : {};
  const invitation = invitationMethod(event.status, mine?.status);
  // right after registering with a seat, the calendar choices come unfolded
  const justRegistered =
    new URL(request.url).searchParams.get("registered") === "1" &&
    mine?.status === "CONFIRMED";
  const format = agendaFormatter(locale, event.timeZone);
  const rows = release ? toAgendaRows(format, release.snapshot.items) : [];
  const origin = new URL(request.url).origin;
  const title = pick(locale, event.titleZh, event.titleEn);
  const venue = event.venue
    ? pick(locale, event.venue.nameZh, event.venue.nameEn)
    : null;
  // calendars are offered for a published event only: a draft's files are 404, a cancelled or past one is no use
  const offersCalendar = event.status === "PUBLISHED";
  return {
    event: {
      slug: event.slug,
      title: pick(locale, event.titleZh, event.titleEn),
      kind: event.kind,
      kindLabel: translate(locale, `event.kind.${event.kind}`),
      status: event.status,
      statusLabel: translate(locale, `event.status.${event.status}`),
      audienceLabel: translate(locale, `event.audience.${event.audience}`),
      when: formatEventRange(
        locale,
        event.timeZone,
        event.startsAt,
        event.endsAt
      ),
      timeZone: event.timeZone,
      venue: event.venue
        ? pick(locale, event.venue.nameZh, event.venue.nameEn)
        : null,
      address: event.venue
        ? pick(locale, event.venue.addressZh, event.venue.addressEn)
        : null,
      descriptionHtml: renderMarkdown(
        pick(locale, event.descriptionZh, event.descriptionEn)
      ),
      cancelReason: event.status === "CANCELLED" ? event.cancelReason : null,
    },
    agenda: {
      view,
      release: release ? toReleaseDisplay(format, release) : null,
      multiDay: isMultiDay(rows),
      sections:
        view === "room"
          ? groupByRoom(rows, translate(locale, "agenda.noRoom"))
          : groupByDay(rows),
      calendars: offersCalendar
        ? Object.fromEntries(
            rows.map((row) => [
              row.id,
              agendaItemCalendarLinks({
                locale,
                origin,
                slug: event.slug,
                eventTitle: title,
                venue,
                row,
              }),
            ])
          )
        : null,
      // stars put single items into the person's calendar feed; offered where calendars are
      starred: offersCalendar ? starred : null,
    },
    canManage,
    canScan,
    // a visit's follow-up actions, for its organizers, hosts and the actions' owners; null for everyone else
    outcomes: await outcomeSummary(user, event, locale),
    programmes: programmes.map((programme) => ({
      slug: programme.slug,
      name: pick(locale, programme.nameZh, programme.nameEn),
    })),
    calendar: offersCalendar
      ? calendarLinks({
          icsPath: `/events/${event.slug}.ics`,
          locale,
          title,
          description: `${origin}/events/${event.slug}`,
          location: venue ?? undefined,
          startsAt: event.startsAt,
          endsAt: event.endsAt,
        })
      : null,
    calendarOpen: justRegistered,
    invitation: invitation
      ? {
          href: `/events/${event.slug}/invitation.ics?lang=${locale}`,
          method: invitation,
        }
      : null,
    registration: {
      status: mine?.status ?? null,
      position: mine?.position ?? null,
      promoted: Boolean(mine?.promotedAt),
      seats:
        event.capacity === null
          ? null
          : { taken: counts.CONFIRMED, capacity: event.capacity },
      window:
        event.registrationOpensAt && event.registrationClosesAt
          ? {
              opens: formatDate(
                locale,
                event.timeZone,
                event.registrationOpensAt
              ),
              closes: formatDate(
                locale,
                event.timeZone,
                event.registrationClosesAt
              ),
            }
          : null,
      blockedKey: blocked?.messageKey ?? null,
      declineReason: mine?.status === "DECLINED" ? mine.declineReason : null,
      questions: questions.map((q) => ({
        id: q.id,
        kind: q.kind,
        label: pick(locale, q.labelZh, q.labelEn),
        required: q.required,
        options: q.options.map((o) => ({
          value: o.value,
          label: pick(locale, o.labelZh, o.labelEn),
        })),
        answer: myAnswers[q.id] ?? "",
      })),
    },
  };
}

/** The registrant's own register and cancel buttons. Everything is decided again on the server. */
export async function action({ request, params }: ActionFunctionArgs) {
  const { user, event } = await requireVisibleEvent(request, params);
  const form = await request.formData();
  const intent = form.get("intent");
  if (intent === "register" || intent === "answers") {
    const answers = readAnswers(await listQuestions(event.id), form);
    if (!answers.ok)
      return data(
        { error: null, answerErrors: answers.errors },
        { status: 400 }
      );
    const viewer = await viewerFor(user);
    const outcome =
      intent === "register"
        ? await register(viewer, event.id, { answers: answers.answers })
        : await updateAnswers(viewer, event.id, answers.answers);
    if (!outcome.ok)
      return data(
        { error: outcome.messageKey, answerErrors: null },
        { status: outcome.status }
      );
    return redirect(
      `/events/${event.slug}?${
        intent === "answers" ? "answers=saved" : "registered=1"
      }#registration-heading`
    );
  }
  if (intent === "star") {
    const parsed = StarSchema.safeParse(Object.fromEntries(form));
    if (!parsed.success) throw badRequest();
    const { itemId, starred } = parsed.data;
    if (!(await setAgendaStar(user.id, event.id, itemId, starred === "1")))
      throw notFound("calendar.item.notFound");
    return redirect(`/events/${event.slug}#${agendaItemAnchor(itemId)}`);
  }
  if (intent === "cancel") {
    const mine = await getMyRegistration(event.id, user.id);
    if (!mine)
      return data(
        { error: "registration.notCancellable" as const, answerErrors: null },
        { status: 409 }
      );
    const outcome = await cancelRegistration(user.id, mine.id);
    if (!outcome.ok)
      return data(
        { error: "registration.notCancellable" as const, answerErrors: null },
        { status: outcome.status }
      );
    return redirect(`/events/${event.slug}#registration-heading`);
  }
  throw badRequest();
}

const MANAGE_LINKS: Array<{ path: string; label: MessageKey }> = [
  { path: "edit", label: "event.manage.edit" },
  { path: "agenda", label: "event.manage.agenda" },
  { path: "registrations", label: "event.manage.registrations" },
  { path: "run-sheet", label: "event.manage.runSheet" },
  { path: "now", label: "event.manage.now" },
  { path: "changelog", label: "event.manage.changelog" },
  { path: "badges", label: "event.manage.badges" },
  { path: "ceremony", label: "event.manage.ceremony" },
  { path: "door", label: "event.manage.door" },
  { path: "attendance", label: "attendance.title" },
];

/** A partnership visit's own pages, after the general ones. */
const VISIT_LINKS: Array<{ path: string; label: MessageKey }> = [
  { path: "delegation", label: "delegation.title" },
  { path: "guests", label: "guestLink.title" },
  { path: "hosts", label: "hosts.title" },
  { path: "itinerary", label: "itinerary.title" },
  { path: "seating", label: "seating.title" },
  { path: "name-cards.pdf", label: "nameCards.link" },
  { path: "outcomes", label: "outcomes.title" },
];

export default function EventPage() {
  const {
    event,
    agenda,
    canManage,
    canScan,
    outcomes,
    programmes,
    calendar,
    calendarOpen,
    invitation,
    registration,
  } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  return (
    <article className="stack event-page">
      <p className="meta event-crumbs">
        <Link to="/">{t("nav.home")}</Link> / {event.kindLabel}
      </p>
      <h1>{event.title}</h1>
      {canManage ? (
        <nav className="manage-nav" aria-labelledby="manage-heading">
          <h2 id="manage-heading">{t("event.manage.heading")}</h2>
          <ul>
            {[...MANAGE_LINKS, ...(event.kind === "PARTNERSHIP_VISIT" ? VISIT_LINKS : [])].map(({ path, label }) => (
              <li key={path}>
                {/* a file (the name cards' PDF) is a download, not a page the client router can render */}
                <Link to={`/events/${event.slug}/${path}`} reloadDocument={path.endsWith(".pdf")}>
                  {t(label)}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      ) : null}
      {event.status === "DRAFT" ? (
        <p className="alert draft-notice" role="note">
          {t("event.draftNotice")}
        </p>
      ) : null}
      {event.status === "CANCELLED" ? (
        <div className="alert error" role="status">
          {t("event.cancelledNotice")}
          {event.cancelReason ? ` ${event.cancelReason}` : null}
        </div>
      ) : null}
      <section className="card">
        <dl className="facts">
          <dt>{t("event.when")}</dt>
          <dd>{event.when}</dd>
          <dt>{t("event.timeZone")}</dt>
          <dd>{event.timeZone}</dd>
          {event.venue ? (
            <>
              <dt>{t("event.venue")}</dt>
              <dd>
                {event.venue}
                {event.address ? (
                  <div className="meta">{event.address}</div>
                ) : null}
              </dd>
            </>
          ) : null}
          <dt>{t("event.audienceLabel")}</dt>
          <dd>{event.audienceLabel}</dd>
          <dt>{t("event.statusLabel")}</dt>
          <dd>{event.statusLabel}</dd>
        </dl>
      </section>
      {outcomes ? <VisitOutcomesSummary slug={event.slug} summary={outcomes} /> : null}
      {event.status === "PUBLISHED" || registration.status ? (
        <RegistrationPanel
          registration={registration}
          invitation={invitation}
          error={actionData?.error}
          answerErrors={actionData?.answerErrors}
        />
      ) : null}
      {registration.status === "CONFIRMED" || canScan ? (
        <p className="event-actions">
          {registration.status === "CONFIRMED" ? (
            <Link className="button" to={`/events/${event.slug}/badge`}>
              {t("badge.link")}
            </Link>
          ) : null}{" "}
          {canScan ? (
            <>
              <Link
                className="button secondary"
                to={`/events/${event.slug}/checkin`}
              >
                {t("checkin.link")}
              </Link>{" "}
              <Link
                className="button secondary"
                to={`/events/${event.slug}/door`}
              >
                {t("event.manage.door")}
              </Link>
            </>
          ) : null}
        </p>
      ) : null}
      {registration.status === "CONFIRMED" || canScan ? (
        <p className="event-actions event-contacts">
          <Link className="button secondary" to={`/events/${event.slug}/scan`}>
            {t("scan.link")}
          </Link>{" "}
          <Link className="button secondary" to={`/events/${event.slug}/people`}>
            {t("people.link")}
          </Link>
        </p>
      ) : null}
      {calendar ? <AddToCalendar links={calendar} open={calendarOpen} /> : null}
      {programmes.length ? (
        <p className="event-awards">
          {t("event.awards")}{" "}
          {programmes.map((programme, i) => (
            <span key={programme.slug}>
              {i ? " · " : null}
              <Link to={`/awards/${programme.slug}`}>{programme.name}</Link>
            </span>
          ))}
        </p>
      ) : null}
      {event.descriptionHtml ? (
        <section
          className="prose"
          dangerouslySetInnerHTML={{ __html: event.descriptionHtml }}
        />
      ) : null}
      <section id="agenda" className="agenda" aria-labelledby="agenda-heading">
        <div className="agenda-head">
          <h2 id="agenda-heading">{t("agenda.title")}</h2>
          {agenda.release ? (
            <div className="agenda-tools">
              <ViewSwitcher slug={event.slug} view={agenda.view} />
              <PrintButton />
            </div>
          ) : null}
        </div>
        {agenda.release ? (
          <>
            <div className="release-meta">
              <ReleaseLine release={agenda.release} />
              <p className="release-changelog">
                <Link to={`/events/${event.slug}/changelog`}>
                  {t("changelog.title")}
                </Link>
              </p>
            </div>
            {agenda.release.note ? (
              <p className="release-note">{agenda.release.note}</p>
            ) : null}
            {agenda.sections.length ? (
              <AgendaSections
                sections={agenda.sections}
                view={agenda.view}
                multiDay={agenda.multiDay}
                calendars={agenda.calendars}
                starred={agenda.starred}
              />
            ) : (
              <p className="empty">{t("agenda.builder.empty")}</p>
            )}
          </>
        ) : (
          <p className="empty agenda-empty">{t("agenda.noRelease")}</p>
        )}
      </section>
    </article>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.event.title ?? "convene" },
];
