import { useLocale, useT, type MessageKey } from "~/utils/i18n";
import type { ContactCardView } from "~/views/contact-card";

const LABELS: Record<ContactCardView["facts"][number]["key"], MessageKey> = {
  department: "contacts.card.department",
  title: "contacts.card.title",
  organisation: "contacts.card.organisation",
  email: "contacts.card.email",
  phone: "contacts.card.phone",
};

export function ContactCard({ card, headingLevel, headingId }: { card: ContactCardView; headingLevel?: 2 | 3; headingId?: string }) {
  const t = useT();
  const locale = useLocale();
  const Heading = headingLevel ? (`h${headingLevel}` as const) : "p";
  const [first, second] = locale === "en" ? [card.nameEn, card.nameZh] : [card.nameZh, card.nameEn];
  const [firstLang, secondLang] = locale === "en" ? ["en", "zh-CN"] : ["zh-CN", "en"];
  return (
    <div className="contact-card" data-testid="contact-card">
      <Heading className="contact-name" id={headingId}>
        <span lang={firstLang}>{first}</span> <span className="contact-other-name" lang={secondLang}>{second}</span>
      </Heading>
      {card.guest ? <p className="contact-kind">{t("contacts.card.guest")}</p> : null}
      {card.facts.length ? (
        <dl className="contact-facts">
          {card.facts.map((fact) => (
            <div key={fact.key}>
              <dt>{t(LABELS[fact.key])}</dt>
              <dd>
                {fact.key === "email" ? <a href={`mailto:${fact.value}`}>{fact.value}</a> : fact.key === "phone" ? <a href={`tel:${fact.value.replace(/[^+\d]/g, "")}`}>{fact.value}</a> : fact.value}
              </dd>
            </div>
          ))}
        </dl>
      ) : null}
    </div>
  );
}
