import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import type { CSSProperties } from "react";

import { missingGlyphsOf, nameCardsOf } from "~/models/name-cards.server";
import { loadSeating, requireSeatingReader, type Seat, type TableSide } from "~/models/seating.server";
import seatingStylesHref from "~/styles/seating.css";
import { formatItemTime } from "~/utils/agenda-format.server";
import { dayKey } from "~/utils/datetime";
import { badRequest, notFound } from "~/utils/http.server";
import { isMessageKey, pick, translate, useT, type Locale } from "~/utils/i18n";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: seatingStylesHref }];

function placeLabel(locale: Locale, seat: Seat) {
  if (seat.place === 0) return translate(locale, "seating.place.centre");
  return translate(locale, seat.place > 0 ? "seating.place.right" : "seating.place.left", { n: Math.abs(seat.place) });
}

function roleLabel(locale: Locale, role: string) {
  if (role === "LEADER") return translate(locale, "seating.role.LEADER");
  const key = `agenda.role.${role}`;
  return role !== "MEMBER" && isMessageKey(key) ? translate(locale, key) : null;
}

function seatView(locale: Locale, seat: Seat) {
  return {
    key: seat.key,
    rank: seat.rank,
    track: seat.track,
    principal: seat.place === 0,
    nameZh: seat.nameZh,
    nameEn: seat.nameEn,
    name: pick(locale, seat.nameZh, seat.nameEn),
    titleZh: seat.titleZh,
    titleEn: seat.titleEn,
    role: roleLabel(locale, seat.role),
    place: placeLabel(locale, seat),
  };
}
type SeatView = ReturnType<typeof seatView>;

/**
 * The seating plan of a visit's talks (the first meeting, or `?item=`), for its organizers, admins and hosts: the
 * drawing of the table, both sides listed in order, and the name cards to print.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { event, query, locale } = await requireSeatingReader(request, params.slug);
  const outcome = await loadSeating(event.id, query.item);
  if (!outcome.ok) throw outcome.status === 400 ? badRequest(outcome.messageKey) : notFound(outcome.messageKey);
  const { plan } = outcome;
  const { timeZone } = plan.event;
  const multiDay = new Set(plan.items.map((item) => dayKey(timeZone, item.startsAt))).size > 1;
  const kind = (value: string) => {
    const key = `agenda.kind.${value}`;
    return isMessageKey(key) ? translate(locale, key) : value;
  };
  const eventTitle = pick(locale, plan.event.titleZh, plan.event.titleEn);
  const meeting = plan.meeting;
  return {
    title: `${translate(locale, "seating.title")} · ${eventTitle}`,
    slug: plan.event.slug,
    eventTitle,
    meeting: meeting
      ? {
          id: meeting.id,
          title: pick(locale, meeting.titleZh, meeting.titleEn),
          kind: kind(meeting.kind),
          time: formatItemTime(locale, timeZone, meeting.startsAt, meeting.endsAt, true),
          room: meeting.room ? pick(locale, meeting.room.nameZh, meeting.room.nameEn) : null,
        }
      : null,
    // the item's id in links only when it was chosen: the plain address keeps following the first meeting
    itemQuery: query.item ?? null,
    items: plan.items.map((item) => ({
      id: item.id,
      label: `${formatItemTime(locale, timeZone, item.startsAt, item.endsAt, multiDay)} ${kind(item.kind)} · ${pick(locale, item.titleZh, item.titleEn)}`,
    })),
    tracks: plan.tracks,
    organisation: pick(locale, plan.organisation.zh, plan.organisation.en),
    institution: pick(locale, plan.institution.zh, plan.institution.en),
    guests: plan.guests.map((seat) => seatView(locale, seat)),
    lab: plan.lab.map((seat) => seatView(locale, seat)),
    missing: missingGlyphsOf(nameCardsOf(plan, "all")).map((card) => ({
      name: [card.nameZh, card.nameEn].filter(Boolean).join(" "),
      characters: card.characters.map((char) => `${char} U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`).join(locale === "en" ? ", " : "、"),
    })),
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "convene" }];

function SeatNames({ seat }: { seat: SeatView }) {
  return (
    <>
      {seat.nameZh ? (
        <span className="seat-zh" lang="zh-CN">
          {seat.nameZh}
        </span>
      ) : null}
      {seat.nameZh && seat.nameEn && seat.nameEn !== seat.nameZh ? " " : null}
      {seat.nameEn && seat.nameEn !== seat.nameZh ? (
        <span className="seat-en" lang="en">
          {seat.nameEn}
        </span>
      ) : null}
    </>
  );
}

function DrawnSide({ side, seats, labelId }: { side: TableSide; seats: SeatView[]; labelId: string }) {
  const t = useT();
  return (
    <ol className={`seating-seats seating-seats-${side.toLowerCase()}`} aria-labelledby={labelId} data-testid={`seats-${side.toLowerCase()}`}>
      {seats.map((seat) => (
        <li
          key={seat.key}
          className={seat.principal ? "seat seat-principal" : "seat"}
          style={{ "--track": seat.track } as CSSProperties}
          data-place={seat.principal ? "centre" : undefined}
        >
          <span className="seat-rank">{seat.rank}</span> <SeatNames seat={seat} />{" "}
          {seat.principal ? <span className="seat-tag">{t(`seating.principal.${side}`)}</span> : <span className="visually-hidden">{seat.place}</span>}
        </li>
      ))}
    </ol>
  );
}

function ListedSide({ side, heading, seats }: { side: TableSide; heading: string; seats: SeatView[] }) {
  const t = useT();
  const id = `seating-list-${side.toLowerCase()}`;
  return (
    <section className="seating-list" aria-labelledby={id}>
      <h3 id={id}>
        {heading} <span className="meta">{t("seating.count", { count: seats.length })}</span>
      </h3>
      {seats.length ? (
        <ol data-testid={`list-${side.toLowerCase()}`}>
          {seats.map((seat) => (
            <li key={seat.key}>
              <span className="seating-list-name">
                <SeatNames seat={seat} />
              </span>
              {seat.role ? <> <span className="tag">{seat.role}</span></> : null}
              {seat.titleZh || seat.titleEn ? (
                <span className="seating-list-title">
                  {" "}
                  {seat.titleZh ? <span lang="zh-CN">{seat.titleZh}</span> : null}
                  {seat.titleZh && seat.titleEn && seat.titleEn !== seat.titleZh ? " " : null}
                  {seat.titleEn && seat.titleEn !== seat.titleZh ? <span lang="en">{seat.titleEn}</span> : null}
                </span>
              ) : null}
              <span className="seating-list-place"> {seat.place}</span>
            </li>
          ))}
        </ol>
      ) : (
        <p className="meta">{t("seating.empty")}</p>
      )}
    </section>
  );
}

export default function SeatingPage() {
  const { slug, eventTitle, meeting, itemQuery, items, tracks, organisation, institution, guests, lab, missing } = useLoaderData<typeof loader>();
  const t = useT();
  const cards = (side?: "guests" | "lab") => {
    const search = new URLSearchParams();
    if (itemQuery) search.set("item", itemQuery);
    if (side) search.set("side", side);
    const query = search.toString();
    return `/events/${slug}/name-cards.pdf${query ? `?${query}` : ""}`;
  };
  const guestHeading = organisation ? t("seating.sideWith", { side: t("seating.side.GUEST"), organisation }) : t("seating.side.GUEST");
  const labHeading = t("seating.sideWith", { side: t("seating.side.LAB"), organisation: institution });
  return (
    <div className="seating-page">
      <div className="seating-toolbar no-print">
        <Link to={`/events/${slug}`}>{t("seating.back")}</Link>
        <button type="button" className="secondary" onClick={() => window.print()}>
          {t("seating.print")}
        </button>
        <p className="meta">{t("seating.printHint")}</p>
      </div>

      <header className="seating-header">
        <h1>
          {t("seating.title")} · {eventTitle}
        </h1>
        {meeting ? (
          <p className="meta" data-testid="seating-meeting">
            {meeting.kind} · {meeting.title} · {meeting.time}
            {meeting.room ? ` · ${meeting.room}` : ""}
          </p>
        ) : (
          <p className="alert" role="note">
            {t("seating.noMeeting")}
          </p>
        )}
      </header>

      {items.length > 1 ? (
        <Form method="get" className="seating-choose no-print">
          <label htmlFor="seating-item">{t("seating.choose.label")}</label>
          <select id="seating-item" name="item" defaultValue={meeting?.id}>
            {items.map((item) => (
              <option key={item.id} value={item.id}>
                {item.label}
              </option>
            ))}
          </select>
          <button type="submit" className="secondary">
            {t("seating.choose.submit")}
          </button>
        </Form>
      ) : null}

      <section className="seating-cards card no-print" aria-labelledby="seating-cards-heading">
        <h2 id="seating-cards-heading">{t("nameCards.title")}</h2>
        <p className="seating-card-links">
          <a className="button" href={cards()} download>
            {t("nameCards.download")}
          </a>
          <a href={cards("guests")} download>
            {t("nameCards.guestsOnly")}
          </a>
          <a href={cards("lab")} download>
            {t("nameCards.labOnly")}
          </a>
        </p>
        <p className="meta">{t("nameCards.hint")}</p>
        {missing.length ? (
          <div className="alert seating-missing" role="note" data-testid="missing-glyphs">
            <p>{t("seating.missing.heading")}</p>
            <ul>
              {missing.map((entry) => (
                <li key={entry.name}>{t("seating.missing.item", { name: entry.name, characters: entry.characters })}</li>
              ))}
            </ul>
          </div>
        ) : null}
      </section>

      <figure className="seating-figure" aria-labelledby="seating-drawing-caption">
        <figcaption id="seating-drawing-caption" className="visually-hidden">
          {t("seating.drawing")}
        </figcaption>
        <div className="seating-plan" style={{ "--tracks": tracks } as CSSProperties}>
          <p className="seating-side-label seating-side-label-guest" id="seating-guests-label">
            {guestHeading}
          </p>
          <DrawnSide side="GUEST" seats={guests} labelId="seating-guests-label" />
          <div className="seating-table">
            <span className="seating-table-label">{t("seating.table")}</span>
            {meeting?.room ? <span className="seating-table-room">{meeting.room}</span> : null}
          </div>
          <DrawnSide side="LAB" seats={lab} labelId="seating-lab-label" />
          <p className="seating-side-label seating-side-label-lab" id="seating-lab-label">
            {labHeading}
          </p>
          <p className="seating-entrance">{t("seating.entrance")}</p>
        </div>
      </figure>
      <p className="seating-rule meta">{t("seating.rule")}</p>

      <section className="seating-lists" aria-labelledby="seating-lists-heading">
        <h2 id="seating-lists-heading">{t("seating.lists")}</h2>
        <div className="seating-lists-grid">
          <ListedSide side="GUEST" heading={guestHeading} seats={guests} />
          <ListedSide side="LAB" heading={labHeading} seats={lab} />
        </div>
      </section>
    </div>
  );
}
