import type { ProgrammeContents } from "~/models/award.server";
import { pick, translate, type Locale } from "~/utils/i18n";

/** A programme's categories, awards and recipients as display strings in the reader's language. */
export function displayContents(locale: Locale, contents: ProgrammeContents) {
  return contents.map((category) => ({
    id: category.id,
    name: pick(locale, category.nameZh, category.nameEn),
    level: pick(locale, category.levelZh, category.levelEn),
    awards: category.awards.map((award) => ({
      id: award.id,
      citation: pick(locale, award.citationZh, award.citationEn),
      citationOther: locale === "en" ? award.citationZh : award.citationEn,
      photoUrl: award.photoUrl,
      recipients: award.recipients.map((recipient) => ({
        id: recipient.id,
        kind: recipient.kind,
        kindLabel: translate(locale, `awards.kind.${recipient.kind}`),
        nameZh: recipient.displayNameZh,
        nameEn: recipient.displayNameEn,
        detail:
          recipient.kind === "INDIVIDUAL" && recipient.user?.profile?.department
            ? pick(locale, recipient.user.profile.department.nameZh, recipient.user.profile.department.nameEn)
            : null,
        members: (recipient.team?.members ?? []).map((member) => ({ nameZh: member.user.nameZh, nameEn: member.user.nameEn, isLead: member.isLead })),
      })),
    })),
  }));
}
export type DisplayCategory = ReturnType<typeof displayContents>[number];
