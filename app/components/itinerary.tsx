/**
 * A visit's itinerary, in one language (the guest's page) or in both, Chinese first (the printable itinerary for
 * staff and for the guest). Every text arrives formatted by the server (app/models/itinerary.server.ts), one
 * ItineraryText per language with the same days and items in the same order, so the languages line up by index.
 */
import { translate, type Locale, type MessageKey } from "~/utils/i18n";
import type { ItineraryAudience, ItineraryItemText, ItineraryPersonText, ItineraryText } from "~/views/itinerary";

/** A label in each language, the second one quieter. */
function Label({ locales, k }: { locales: Locale[]; k: MessageKey }) {
  return (
    <>
      {locales.map((locale, i) => (
        <span key={locale} lang={locale} className={i > 0 ? "itinerary-alt" : undefined}>
          {i > 0 ? " " : ""}
          {translate(locale, k)}
        </span>
      ))}
    </>
  );
}

function People({ locale, side, people }: { locale: Locale; side: "LAB" | "GUEST"; people: ItineraryPersonText[] }) {
  if (people.length === 0) return null;
  return (
    <div className="itinerary-side">
      <span className="itinerary-side-label">{translate(locale, `itinerary.side.${side}`)}</span>
      <ul>
        {people.map((person) => (
          <li key={person.key}>
            <span className="itinerary-person">{person.name}</span>
            {person.detail ? <span className="itinerary-detail">{person.detail}</span> : null}
            <span className="itinerary-role">{person.role}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

function ItemText({ locale, item, second, headingLevel }: { locale: Locale; item: ItineraryItemText; second: boolean; headingLevel: 3 | 4 }) {
  const Heading = headingLevel === 3 ? "h3" : "h4";
  return (
    <div lang={locale} className={second ? "itinerary-text itinerary-alt" : "itinerary-text"}>
      <Heading className="itinerary-item-title">{item.title}</Heading>
      <p className="itinerary-where">
        <span className="tag">{item.kind}</span>
        {item.room ? <span>{item.room}</span> : null}
      </p>
      {item.notes ? <p className="itinerary-notes">{item.notes}</p> : null}
      <People locale={locale} side="LAB" people={item.lab} />
      <People locale={locale} side="GUEST" people={item.guests} />
    </div>
  );
}

/** The days of the itinerary; with two languages each item carries both, Chinese first. */
export function ItineraryDays({ texts, headingLevel = 2 }: { texts: ItineraryText[]; headingLevel?: 2 | 3 }) {
  const [first] = texts;
  if (!first) return null;
  const locales = texts.map((text) => text.locale);
  if (first.days.length === 0) {
    return (
      <p className="empty">
        <Label locales={locales} k="itinerary.empty" />
      </p>
    );
  }
  const DayHeading = headingLevel === 2 ? "h2" : "h3";
  return (
    <div className="itinerary-days">
      {first.days.map((day, d) => (
        <section key={day.key} className="itinerary-day" aria-labelledby={`day-${day.key}`}>
          <DayHeading id={`day-${day.key}`} className="itinerary-day-heading">
            {texts.map((text, i) => (
              <span key={text.locale} lang={text.locale} className={i > 0 ? "itinerary-alt" : undefined}>
                {i > 0 ? " " : ""}
                {text.days[d]?.heading}
              </span>
            ))}
          </DayHeading>
          <ol className="itinerary-items">
            {day.items.map((item, n) => (
              <li key={item.id} className="itinerary-item">
                <p className="itinerary-time">
                  <time dateTime={item.start}>{item.startLabel}</time>–<time dateTime={item.end}>{item.endLabel}</time>
                </p>
                <div className="itinerary-texts">
                  {texts.map((text, i) => {
                    const localized = text.days[d]?.items[n];
                    return localized ? <ItemText key={text.locale} locale={text.locale} item={localized} second={i > 0} headingLevel={headingLevel === 2 ? 3 : 4} /> : null;
                  })}
                </div>
              </li>
            ))}
          </ol>
        </section>
      ))}
    </div>
  );
}

/** The delegation in precedence order: names and titles, and for staff, dietary and interpreter needs. */
export function DelegationList({ texts, audience }: { texts: ItineraryText[]; audience: ItineraryAudience }) {
  const [first] = texts;
  if (!first || first.members.length === 0) return null;
  const locales = texts.map((text) => text.locale);
  const staff = audience === "staff";
  return (
    <section className="itinerary-delegation" aria-labelledby="delegation-heading">
      <h2 id="delegation-heading">
        <Label locales={locales} k="itinerary.delegation" />
      </h2>
      <div className="table-wrap">
        <table className="stacked">
          <thead>
            <tr>
              <th scope="col">
                <Label locales={locales} k="itinerary.column.precedence" />
              </th>
              <th scope="col">
                <Label locales={locales} k="itinerary.column.name" />
              </th>
              <th scope="col">
                <Label locales={locales} k="itinerary.column.title" />
              </th>
              {staff ? (
                <>
                  <th scope="col">
                    <Label locales={locales} k="itinerary.column.dietary" />
                  </th>
                  <th scope="col">
                    <Label locales={locales} k="itinerary.column.interpreter" />
                  </th>
                </>
              ) : null}
            </tr>
          </thead>
          <tbody>
            {first.members.map((member, m) => (
              <tr key={member.id}>
                <td data-label={translate(first.locale, "itinerary.column.precedence")} className="itinerary-precedence">
                  {member.precedence}
                </td>
                <td data-label={translate(first.locale, "itinerary.column.name")}>
                  {texts.map((text, i) => (
                    <div key={text.locale} lang={text.locale} className={i > 0 ? "itinerary-alt" : "itinerary-member-name"}>
                      {text.members[m]?.name}
                    </div>
                  ))}
                  {member.leader ? (
                    <span className="tag">
                      <Label locales={locales} k="itinerary.leader" />
                    </span>
                  ) : null}
                </td>
                <td data-label={translate(first.locale, "itinerary.column.title")}>
                  {texts.map((text, i) => (
                    <div key={text.locale} lang={text.locale} className={i > 0 ? "itinerary-alt" : undefined}>
                      {text.members[m]?.title}
                    </div>
                  ))}
                </td>
                {staff ? (
                  <>
                    <td data-label={translate(first.locale, "itinerary.column.dietary")}>{member.dietary ?? "—"}</td>
                    <td data-label={translate(first.locale, "itinerary.column.interpreter")}>{member.interpreter ?? "—"}</td>
                  </>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** The whole printable itinerary: the visit, its hosts, the days, the delegation. */
export function ItineraryDocument({ texts, audience }: { texts: ItineraryText[]; audience: ItineraryAudience }) {
  const [first] = texts;
  if (!first) return null;
  const locales = texts.map((text) => text.locale);
  const facts: Array<{ key: MessageKey; values: Array<string | null> }> = [
    { key: "itinerary.organisation", values: texts.map((text) => text.organisation) },
    { key: "itinerary.when", values: texts.map((text) => text.when) },
    { key: "itinerary.venue", values: texts.map((text) => text.venue) },
    { key: "itinerary.address", values: texts.map((text) => text.address) },
  ];
  return (
    <article className="itinerary">
      <header className="itinerary-header">
        <p className="itinerary-kicker">
          <Label locales={locales} k="itinerary.title" />
        </p>
        <h1>
          {texts.map((text, i) => (
            <span key={text.locale} lang={text.locale} className={i > 0 ? "itinerary-alt itinerary-title-alt" : "itinerary-title"}>
              {text.title}
            </span>
          ))}
        </h1>
        <dl className="itinerary-facts">
          {facts
            .filter((fact) => fact.values.some(Boolean))
            .map((fact) => (
              <div key={fact.key} className="itinerary-fact">
                <dt>
                  <Label locales={locales} k={fact.key} />
                </dt>
                <dd>
                  {fact.values.map((value, i) =>
                    value ? (
                      <div key={locales[i]} lang={locales[i]} className={i > 0 ? "itinerary-alt" : undefined}>
                        {value}
                      </div>
                    ) : null,
                  )}
                </dd>
              </div>
            ))}
          {first.hosts.length > 0 ? (
            <div className="itinerary-fact">
              <dt>
                <Label locales={locales} k="itinerary.hosts" />
              </dt>
              <dd>
                {texts.map((text, i) => (
                  <div key={text.locale} lang={text.locale} className={i > 0 ? "itinerary-alt" : undefined}>
                    {text.hosts
                      .map((host) => (host.detail ? translate(text.locale, "itinerary.personWithDetail", { name: host.name, detail: host.detail }) : host.name))
                      .join(translate(text.locale, "list.separator"))}
                  </div>
                ))}
              </dd>
            </div>
          ) : null}
        </dl>
        <p className="meta itinerary-source">
          {texts.map((text, i) => (
            <span key={text.locale} lang={text.locale} className={i > 0 ? "itinerary-alt" : undefined}>
              {i > 0 ? " · " : ""}
              {text.source}
            </span>
          ))}
        </p>
        {audience === "staff" ? (
          <p className="itinerary-staff-copy">
            <Label locales={locales} k="itinerary.staffCopy" />
          </p>
        ) : null}
      </header>
      <section className="itinerary-schedule" aria-labelledby="schedule-heading">
        <h2 id="schedule-heading" className="visually-hidden">
          <Label locales={locales} k="itinerary.schedule" />
        </h2>
        <ItineraryDays texts={texts} headingLevel={3} />
      </section>
      <DelegationList texts={texts} audience={audience} />
    </article>
  );
}
