import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";

import { RevealDeck, type AnnounceMode, type RevealName, type RevealRecipient, type RevealSlide } from "~/components/reveal-deck";
import { RevealRemote } from "~/components/reveal-remote";
import { changeProgrammeStatus, isAnnounced, programmeContents, requireProgramme, type ProgrammeContents } from "~/models/award.server";
import revealStylesHref from "~/styles/reveal.css";
import { badRequest, conflict, notFound } from "~/utils/http.server";
import { pick, translate, useT, type Locale } from "~/utils/i18n";
import { resolveLocale } from "~/utils/i18n.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: revealStylesHref }];

type Recipient = ProgrammeContents[number]["awards"][number]["recipients"][number];

function toRecipient(recipient: Recipient): RevealRecipient {
  // the names as awarded, so a renamed team or a departed colleague still reads as on the certificate
  const name = { zh: recipient.displayNameZh, en: recipient.displayNameEn };
  const department = recipient.kind === "INDIVIDUAL" && recipient.user && !recipient.user.deletedAt ? (recipient.user.profile?.department ?? null) : null;
  return {
    kind: recipient.kind,
    name,
    department: department ? { zh: department.nameZh, en: department.nameEn } : null,
    // lead first, then in the team's own order (programmeContents sorts them so)
    members: recipient.kind === "TEAM" ? (recipient.team?.members ?? []).map((member) => ({ zh: member.user.nameZh, en: member.user.nameEn, lead: member.isLead })) : [],
  };
}

const both = (zh: string, en: string): RevealName => ({ zh, en });

/**
 * The whole deck, built here so that presenting needs no network: the title, then for each category a slide
 * announcing it and one slide per award revealing its recipients, then a closing slide. `label` is what the remote
 * shows for a slide, in the presenter's language.
 */
function buildDeck(locale: Locale, programme: Awaited<ReturnType<typeof requireProgramme>>["programme"], categories: ProgrammeContents): RevealSlide[] {
  const programmeName = both(programme.nameZh, programme.nameEn);
  const slides: RevealSlide[] = [
    {
      id: "title",
      kind: "title",
      label: pick(locale, programme.nameZh, programme.nameEn),
      programme: programmeName,
      event: programme.event ? both(programme.event.titleZh, programme.event.titleEn) : null,
    },
  ];
  for (const category of categories) {
    const name = both(category.nameZh, category.nameEn);
    const level = both(category.levelZh, category.levelEn);
    const categoryLabel = [pick(locale, category.nameZh, category.nameEn), pick(locale, category.levelZh, category.levelEn)].filter(Boolean).join(" · ");
    slides.push({ id: `category-${category.id}`, kind: "category", label: categoryLabel, category: name, level });
    for (const award of category.awards) {
      const recipients = award.recipients.map(toRecipient);
      const names = recipients.map((recipient) => pick(locale, recipient.name.zh, recipient.name.en)).join(locale === "zh-CN" ? "、" : ", ");
      slides.push({
        id: `award-${award.id}`,
        kind: "award",
        label: `${categoryLabel}${locale === "zh-CN" ? "：" : ": "}${names || "—"}`,
        category: name,
        level,
        recipients,
        citation: both(award.citationZh, award.citationEn),
        photoUrl: award.photoUrl,
      });
    }
  }
  slides.push({ id: "end", kind: "end", label: translate(locale, "reveal.end"), programme: programmeName });
  return slides;
}

/** Only the programme's managers: winners are in this page's data, embargoed or not. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { programme, user } = await requireProgramme(request, params.slug, { manage: true });
  if (!user) throw notFound("awards.notFound"); // requireProgramme lets no one manage without signing in
  const locale = await resolveLocale(request, user.locale);
  const categories = await programmeContents(programme.id);
  const announced = isAnnounced(programme);
  const announceMode: AnnounceMode = announced ? "announced" : programme.announceAsRevealed ? "on-finish" : "never";
  const programmeName = pick(locale, programme.nameZh, programme.nameEn);
  return {
    slug: programme.slug,
    remote: new URL(request.url).searchParams.get("remote") === "1",
    title: `${translate(locale, "reveal.title")} · ${programmeName}`,
    programmeName,
    announceMode,
    slides: buildDeck(locale, programme, categories),
  };
}

/**
 * intent=announce: posted once by the deck on reaching its last slide. It publishes only when the organizer chose
 * "announce as revealed"; otherwise revealing on the screen publishes nothing (409). A programme already announced
 * answers as done, so a retry after a lost answer does not turn into an error.
 */
export async function action({ request, params }: ActionFunctionArgs) {
  const { programme, user } = await requireProgramme(request, params.slug, { manage: true });
  if (!user) throw notFound("awards.notFound");
  const form = await request.formData().catch(() => null);
  if (form?.get("intent") !== "announce") throw badRequest("reveal.badIntent");
  if (!programme.announceAsRevealed) throw conflict("reveal.announce.notChosen");
  if (!isAnnounced(programme)) await changeProgrammeStatus(user.id, programme.id, { to: "ANNOUNCED" });
  return { announced: true };
}

export default function AwardReveal() {
  const { slug, remote, programmeName, announceMode, slides } = useLoaderData<typeof loader>();
  const t = useT();
  if (remote) return <RevealRemote slug={slug} slides={slides} programmeName={programmeName} />;
  return (
    <>
      <h1 className="visually-hidden">
        {t("reveal.title")} · {programmeName}
      </h1>
      <RevealDeck slug={slug} slides={slides} announceMode={announceMode} leaveHref={`/awards/${slug}`} />
    </>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "convene" }, { name: "robots", content: "noindex" }];
