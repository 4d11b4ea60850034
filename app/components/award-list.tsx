import type { ReactNode } from "react";

import type { DisplayCategory } from "~/utils/award-display";
import { useT } from "~/utils/i18n";

/** The categories of a programme with their awards: recipients (team members, lead first) and citations. */
export function AwardList({
  categories,
  actions,
  recipientActions,
}: {
  categories: DisplayCategory[];
  actions?: (awardId: string) => ReactNode;
  recipientActions?: (recipientId: string) => ReactNode;
}) {
  const t = useT();
  if (!categories.length) return <p className="meta">{t("awards.empty")}</p>;
  return (
    <div className="stack award-categories">
      {categories.map((category) => (
        <section key={category.id} className="award-category" aria-labelledby={`category-${category.id}`}>
          <h2 id={`category-${category.id}`}>
            {category.name}
            {category.level ? <span className="award-level"> · {category.level}</span> : null}
          </h2>
          {category.awards.length ? (
            <ol className="award-items">
              {category.awards.map((award) => (
                <li key={award.id} id={`award-${award.id}`} className={award.photoUrl ? "card award-item has-photo" : "card award-item"}>
                  {award.photoUrl ? (
                    <img className="award-photo" src={award.photoUrl} alt={t("awards.photoOf", { names: award.recipients.map((r) => r.nameZh).join("、") })} loading="lazy" />
                  ) : null}
                  {award.recipients.map((recipient) => (
                    <div key={recipient.id} className="award-recipient">
                      <p className="award-name">
                        <span lang="zh-CN">{recipient.nameZh}</span> <span lang="en" className="award-name-en">{recipient.nameEn}</span>
                        <span className="tag">{recipient.kindLabel}</span>
                      </p>
                      {recipient.detail ? <p className="meta">{recipient.detail}</p> : null}
                      {recipient.members.length ? (
                        <ul className="award-members" aria-label={t("awards.members")}>
                          {recipient.members.map((member) => (
                            <li key={`${member.nameZh}-${member.nameEn}`}>
                              {member.nameZh} <span className="meta">{member.nameEn}</span>
                              {member.isLead ? <> <span className="tag">{t("awards.lead")}</span></> : null}
                            </li>
                          ))}
                        </ul>
                      ) : null}
                      {recipientActions ? recipientActions(recipient.id) : null}
                    </div>
                  ))}
                  {award.citation ? <p className="award-citation">{award.citation}</p> : null}
                  {award.citationOther ? <p className="award-citation meta">{award.citationOther}</p> : null}
                  {actions ? actions(award.id) : null}
                </li>
              ))}
            </ol>
          ) : (
            <p className="meta">{t("awards.noAwards")}</p>
          )}
        </section>
      ))}
    </div>
  );
}
