import { createHash } from "node:crypto";

import { z } from "zod";

import { Prisma, type RecipientKind } from "~/generated/prisma/client";
import { announcedWhere } from "~/models/award.server";
import { prisma } from "~/utils/db.server";
import { translate } from "~/utils/i18n";

/**
 * The record afterwards (issue 6, items 4 and 7): the honours roll, the Atom feed of announcements and the awards on
 * a profile. All three are read by people who do not run the awards, so every query here starts from
 * `announcedWhere`: an embargoed programme contributes nothing, not even its name.
 */

// ───────────────────────── honours roll ─────────────────────────

export const HONOUR_KINDS = ["individual", "team", "department"] as const;
const KIND_OF: Record<(typeof HONOUR_KINDS)[number], RecipientKind> = { individual: "INDIVIDUAL", team: "TEAM", department: "DEPARTMENT" };

export const HONOURS_PAGE_SIZE = 100;

/**
 * The roll's GET filters. A search that is too long is refused (400); any other stale or garbled value is ignored,
 * so an old bookmark still shows a useful list.
 */
export const HonoursFilterSchema = z.object({
  q: z
    .string()
    .trim()
    .max(100, { message: "honours.queryTooLong" })
    .optional()
    .transform((value) => value || undefined),
  year: z.coerce.number().int().min(1900).max(2999).optional().catch(undefined),
  department: z
    .string()
    .max(40)
    .optional()
    .catch(undefined)
    .transform((value) => value || undefined),
  kind: z.enum(HONOUR_KINDS).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});
export type HonoursFilter = z.infer<typeof HonoursFilterSchema>;

type HonourRow = {
  rn: bigint | number;
  total: bigint | number;
  awardId: string;
  programmeId: string;
  categoryNameZh: string;
  categoryNameEn: string;
  levelZh: string;
  levelEn: string;
  citationZh: string;
  citationEn: string;
  recipientId: string | null;
  recipientKind: RecipientKind | null;
  displayNameZh: string | null;
  displayNameEn: string | null;
  departmentNameZh: string | null;
  departmentNameEn: string | null;
  memberId: string | null;
  memberNameZh: string | null;
  memberNameEn: string | null;
  memberIsLead: boolean | number | bigint | null;
};

export type HonourMember = { nameZh: string; nameEn: string; isLead: boolean };
export type HonourRecipient = {
  id: string;
  kind: RecipientKind;
  nameZh: string;
  nameEn: string;
  /** an individual's current department, for telling namesakes apart; none once their account is gone */
  departmentZh: string | null;
  departmentEn: string | null;
  members: HonourMember[];
};
export type Honour = {
  awardId: string;
  programme: { slug: string; year: number; nameZh: string; nameEn: string };
  category: { nameZh: string; nameEn: string; levelZh: string; levelEn: string };
  citationZh: string;
  citationEn: string;
  recipients: HonourRecipient[];
};

/**
 * The honours roll: every announced award, newest year first, narrowed by free text (recipients' names, team names,
 * team members' names, citations; matched literally with instr(), because LIKE would treat "%" and "_" as
 * wildcards), year, department and recipient kind. Two queries whatever the size of the history: the announced
 * programmes (which carry the embargo rule), then one flat query for a page of awards with their recipients and
 * team members.
 */
export async function listHonours(filter: HonoursFilter, now = new Date()) {
  const programmes = await prisma.awardProgramme.findMany({
    where: announcedWhere(now),
    orderBy: [{ year: "desc" }, { slug: "asc" }],
    select: { id: true, slug: true, year: true, nameZh: true, nameEn: true },
  });
  const years = [...new Set(programmes.map((p) => p.year))];
  const inScope = programmes.filter((p) => filter.year === undefined || p.year === filter.year);
  const empty = { years, total: 0, page: filter.page, pageCount: 1, honours: [] as Honour[] };
  if (inScope.length === 0) return empty;

  const rows = await prisma.$queryRaw<HonourRow[]>`
    WITH matched AS (
      SELECT a.id AS "awardId",
             ROW_NUMBER() OVER (ORDER BY p.year DESC, p.slug ASC, c.position ASC, a.position ASC, a.id ASC) AS rn,
             COUNT(*) OVER () AS total
      FROM "Award" a
      JOIN "AwardCategory" c ON c.id = a."categoryId"
      JOIN "AwardProgramme" p ON p.id = c."programmeId"
      WHERE p.id IN (${Prisma.join(inScope.map((p) => p.id))})
        ${recipientCondition(filter)}
        ${textCondition(filter.q)}
    )
    SELECT m.rn, m.total, a.id AS "awardId", c."programmeId",
           c."nameZh" AS "categoryNameZh", c."nameEn" AS "categoryNameEn", c."levelZh", c."levelEn",
           a."citationZh", a."citationEn",
           r.id AS "recipientId", r.kind AS "recipientKind", r."displayNameZh", r."displayNameEn",
           d."nameZh" AS "departmentNameZh", d."nameEn" AS "departmentNameEn",
           mu.id AS "memberId", mu."nameZh" AS "memberNameZh", mu."nameEn" AS "memberNameEn", tm."isLead" AS "memberIsLead"
    FROM matched m
    JOIN "Award" a ON a.id = m."awardId"
    JOIN "AwardCategory" c ON c.id = a."categoryId"
    LEFT JOIN "AwardRecipient" r ON r."awardId" = a.id
    LEFT JOIN "User" iu ON r.kind = 'INDIVIDUAL' AND iu.id = r."userId" AND iu."deletedAt" IS NULL
    LEFT JOIN "StaffProfile" sp ON sp."userId" = iu.id
    LEFT JOIN "Department" d ON d.id = sp."departmentId"
    LEFT JOIN "TeamMember" tm ON r.kind = 'TEAM' AND tm."teamId" = r."teamId"
    LEFT JOIN "User" mu ON mu.id = tm."userId"
    WHERE m.rn > ${(filter.page - 1) * HONOURS_PAGE_SIZE} AND m.rn <= ${filter.page * HONOURS_PAGE_SIZE}
    ORDER BY m.rn, r.position, r.id, tm."isLead" DESC, tm.position, mu.id`;

  if (rows.length === 0) return empty;
  const total = Number(rows[0]!.total);
  const byId = new Map(inScope.map((p) => [p.id, p]));
  const honours: Honour[] = [];
  for (const row of rows) {
    let honour = honours.at(-1);
    if (honour?.awardId !== row.awardId) {
      const programme = byId.get(row.programmeId)!;
      honour = {
        awardId: row.awardId,
        programme: { slug: programme.slug, year: programme.year, nameZh: programme.nameZh, nameEn: programme.nameEn },
        category: { nameZh: row.categoryNameZh, nameEn: row.categoryNameEn, levelZh: row.levelZh, levelEn: row.levelEn },
        citationZh: row.citationZh,
        citationEn: row.citationEn,
        recipients: [],
      };
      honours.push(honour);
    }
    if (!row.recipientId || !row.recipientKind) continue;
    let recipient = honour.recipients.at(-1);
    if (recipient?.id !== row.recipientId) {
      recipient = {
        id: row.recipientId,
        kind: row.recipientKind,
        nameZh: row.displayNameZh ?? "",
        nameEn: row.displayNameEn ?? "",
        departmentZh: row.departmentNameZh,
        departmentEn: row.departmentNameEn,
        members: [],
      };
      honour.recipients.push(recipient);
    }
    if (row.memberId) {
      recipient.members.push({ nameZh: row.memberNameZh ?? "", nameEn: row.memberNameEn ?? "", isLead: Boolean(Number(row.memberIsLead)) });
    }
  }
  return { years, total, page: filter.page, pageCount: Math.max(1, Math.ceil(total / HONOURS_PAGE_SIZE)), honours };
}

/**
 * Kind and department narrow the same recipient: "teams in the AI institute" are teams with a member there,
 * not any award that has some team and some AI connection. A department matches the department itself, an
 * individual who works in it, or a team with a member in it.
 */
function recipientCondition({ kind, department }: HonoursFilter) {
  if (!kind && !department) return Prisma.empty;
  const kindMatch = kind ? Prisma.sql`r.kind = ${KIND_OF[kind]}` : Prisma.sql`1 = 1`;
  const departmentMatch = department
    ? Prisma.sql`(
        r."departmentId" = ${department}
        OR EXISTS (SELECT 1 FROM "StaffProfile" sp JOIN "User" iu ON iu.id = sp."userId"
                   WHERE sp."userId" = r."userId" AND iu."deletedAt" IS NULL AND sp."departmentId" = ${department})
        OR EXISTS (SELECT 1 FROM "TeamMember" tm JOIN "StaffProfile" sp ON sp."userId" = tm."userId"
                   WHERE tm."teamId" = r."teamId" AND sp."departmentId" = ${department})
      )`
    : Prisma.sql`1 = 1`;
  return Prisma.sql`AND EXISTS (SELECT 1 FROM "AwardRecipient" r WHERE r."awardId" = a.id AND ${kindMatch} AND ${departmentMatch})`;
}

/** Free text, literally and case-insensitively (for Latin letters): citations, names as awarded, teams and their people. */
function textCondition(q: string | undefined) {
  if (!q) return Prisma.empty;
  const needle = q.toLowerCase();
  const has = (column: Prisma.Sql) => Prisma.sql`instr(lower(coalesce(${column}, '')), ${needle}) > 0`;
  return Prisma.sql`AND (
    ${has(Prisma.sql`a."citationZh"`)} OR ${has(Prisma.sql`a."citationEn"`)}
    OR EXISTS (
      SELECT 1 FROM "AwardRecipient" r
      LEFT JOIN "User" u ON u.id = r."userId"
      LEFT JOIN "Team" t ON t.id = r."teamId"
      WHERE r."awardId" = a.id AND (
        ${has(Prisma.sql`r."displayNameZh"`)} OR ${has(Prisma.sql`r."displayNameEn"`)}
        OR ${has(Prisma.sql`u."nameZh"`)} OR ${has(Prisma.sql`u."nameEn"`)} OR ${has(Prisma.sql`u."pinyin"`)}
        OR ${has(Prisma.sql`t."nameZh"`)} OR ${has(Prisma.sql`t."nameEn"`)}
        OR EXISTS (
          SELECT 1 FROM "TeamMember" tm JOIN "User" mu ON mu.id = tm."userId"
          WHERE tm."teamId" = r."teamId" AND (
            ${has(Prisma.sql`mu."nameZh"`)} OR ${has(Prisma.sql`mu."nameEn"`)} OR ${has(Prisma.sql`mu."pinyin"`)}
          )
        )
      )
    )
  )`;
}

/** The first words of a citation for the roll, cut on whole characters (an emoji is one). */
export function excerpt(text: string, length = 120) {
  const characters = Array.from(text.trim());
  return characters.length <= length ? characters.join("") : `${characters.slice(0, length).join("").trimEnd()}…`;
}

// ───────────────────────── my awards ─────────────────────────

/**
 * A person's own awards for their profile: to them by name, to a team they belong to, and to the department they
 * work in (marked as the department's). Announced programmes only: a winner sees their award when everyone does.
 */
export async function listMyAwards(userId: string, now = new Date()) {
  const recipients = await prisma.awardRecipient.findMany({
    where: {
      award: { category: { programme: announcedWhere(now) } },
      OR: [
        { kind: "INDIVIDUAL", userId },
        { kind: "TEAM", team: { members: { some: { userId } } } },
        { kind: "DEPARTMENT", department: { staff: { some: { userId } } } },
      ],
    },
    orderBy: [
      { award: { category: { programme: { year: "desc" } } } },
      { award: { category: { programme: { slug: "asc" } } } },
      { award: { category: { position: "asc" } } },
      { award: { position: "asc" } },
      { position: "asc" },
    ],
    select: {
      id: true,
      kind: true,
      displayNameZh: true,
      displayNameEn: true,
      team: { select: { members: { where: { userId }, select: { isLead: true } } } },
      award: {
        select: {
          id: true,
          category: {
            select: {
              nameZh: true,
              nameEn: true,
              levelZh: true,
              levelEn: true,
              programme: { select: { slug: true, year: true, nameZh: true, nameEn: true } },
            },
          },
        },
      },
    },
  });
  return recipients.map((recipient) => ({
    recipientId: recipient.id,
    awardId: recipient.award.id,
    kind: recipient.kind,
    nameZh: recipient.displayNameZh,
    nameEn: recipient.displayNameEn,
    isLead: recipient.team?.members[0]?.isLead ?? false,
    programme: recipient.award.category.programme,
    category: { nameZh: recipient.award.category.nameZh, nameEn: recipient.award.category.nameEn, levelZh: recipient.award.category.levelZh, levelEn: recipient.award.category.levelEn },
  }));
}

/** Where an award sits on its programme's announcement page. */
export function awardHref(slug: string, awardId: string) {
  return `/awards/${encodeURIComponent(slug)}#award-${awardId}`;
}

// ───────────────────────── Atom feed ─────────────────────────

const FEED_ENTRIES = 50;

/** XML 1.0 forbids most control characters and lone surrogates even when escaped, so they are dropped. */
function isXmlCharacter(codePoint: number) {
  return (
    codePoint === 0x9 ||
    codePoint === 0xa ||
    codePoint === 0xd ||
    (codePoint >= 0x20 && codePoint <= 0xd7ff) ||
    (codePoint >= 0xe000 && codePoint <= 0xfffd) ||
    codePoint >= 0x10000
  );
}

export function escapeXml(text: string) {
  return Array.from(text)
    .filter((character) => isXmlCharacter(character.codePointAt(0)!))
    .join("")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}

/** Text inside the entry's HTML content (which is then escaped again as XML text). */
function escapeHtml(text: string) {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}

/** Both languages, Chinese first, once if they are the same. */
function bilingual(zh: string, en: string, separator = " · ") {
  const parts = [zh.trim(), en.trim()].filter(Boolean);
  return parts.length === 2 && parts[0] === parts[1] ? parts[0]! : parts.join(separator);
}

const both = (key: Parameters<typeof translate>[1]) => bilingual(translate("zh-CN", key), translate("en", key));

async function announcedProgrammesForFeed(now: Date) {
  const programmes = await prisma.awardProgramme.findMany({
    where: announcedWhere(now),
    select: {
      id: true,
      slug: true,
      year: true,
      nameZh: true,
      nameEn: true,
      descriptionZh: true,
      descriptionEn: true,
      announceAt: true,
      announcedAt: true,
      createdAt: true,
      categories: {
        orderBy: { position: "asc" },
        select: {
          nameZh: true,
          nameEn: true,
          levelZh: true,
          levelEn: true,
          awards: {
            orderBy: { position: "asc" },
            select: {
              id: true,
              citationZh: true,
              citationEn: true,
              recipients: {
                orderBy: { position: "asc" },
                select: {
                  displayNameZh: true,
                  displayNameEn: true,
                  team: {
                    select: {
                      members: { orderBy: [{ isLead: "desc" }, { position: "asc" }], select: { isLead: true, user: { select: { nameZh: true, nameEn: true } } } },
                    },
                  },
                },
              },
            },
          },
        },
      },
    },
  });
  // announcedAt is written when someone announces, or when a due schedule is settled; until then, announceAt is the moment
  const published = (p: (typeof programmes)[number]) => p.announcedAt ?? p.announceAt ?? p.createdAt;
  return programmes
    .map((programme) => ({ ...programme, published: published(programme) }))
    .sort((a, b) => b.published.getTime() - a.published.getTime() || a.slug.localeCompare(b.slug))
    .slice(0, FEED_ENTRIES);
}

/** The entry's content: the categories with their winners, team members and citations, in both languages. */
function entryHtml(programme: Awaited<ReturnType<typeof announcedProgrammesForFeed>>[number], link: string) {
  const html = escapeHtml;
  const parts: string[] = [];
  const description = bilingual(programme.descriptionZh, programme.descriptionEn, " / ");
  if (description) parts.push(`<p>${html(description)}</p>`);
  for (const category of programme.categories) {
    const heading = bilingual(
      [category.nameZh, category.levelZh].filter(Boolean).join(" "),
      [category.nameEn, category.levelEn].filter(Boolean).join(", "),
    );
    parts.push(`<h3>${html(heading)}</h3>`);
    if (category.awards.length === 0) continue;
    parts.push("<ul>");
    for (const award of category.awards) {
      const names = award.recipients.map((r) => {
        const name = `<strong>${html(bilingual(r.displayNameZh, r.displayNameEn))}</strong>`;
        const members = r.team?.members ?? [];
        if (members.length === 0) return name;
        const people = members.map((m) => html(bilingual(m.user.nameZh, m.user.nameEn, " ")) + (m.isLead ? ` (${html(both("feed.lead"))})` : ""));
        return `${name}<br>${html(both("feed.members"))}: ${people.join(", ")}`;
      });
      const citation = [award.citationZh, award.citationEn].filter((c) => c.trim()).map((c) => `<br><em>${html(c)}</em>`).join("");
      parts.push(`<li>${names.join("<br>")}${citation}</li>`);
    }
    parts.push("</ul>");
  }
  parts.push(`<p><a href="${html(link)}">${html(both("feed.readMore"))}</a></p>`);
  return parts.join("");
}

/**
 * The Atom feed (RFC 4287) of announcements, newest first, one entry per programme. Ids are tag: URIs built from the
 * programme's database id, so renaming a programme or its URL does not make readers see it twice.
 */
export async function announcementsAtom(origin: string, now = new Date()) {
  const url = new URL(origin);
  const authority = url.hostname;
  const programmes = await announcedProgrammesForFeed(now);
  const feedUpdated = programmes[0]?.published ?? new Date(0);
  const entries = programmes.map((programme) => {
    const link = `${url.origin}/awards/${encodeURIComponent(programme.slug)}`;
    const updated = programme.published.toISOString();
    return [
      "  <entry>",
      `    <id>tag:${escapeXml(authority)},2026:awards/${escapeXml(programme.id)}</id>`,
      `    <title>${escapeXml(bilingual(programme.nameZh, programme.nameEn))}</title>`,
      `    <link rel="alternate" type="text/html" href="${escapeXml(link)}"/>`,
      `    <published>${updated}</published>`,
      `    <updated>${updated}</updated>`,
      `    <content type="html">${escapeXml(entryHtml(programme, link))}</content>`,
      "  </entry>",
    ].join("\n");
  });
  return [
    `<?xml version="1.0" encoding="utf-8"?>`,
    `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="zh-CN">`,
    `  <id>tag:${escapeXml(authority)},2026:awards</id>`,
    `  <title>${escapeXml(both("feed.title"))}</title>`,
    `  <subtitle>${escapeXml(both("feed.subtitle"))}</subtitle>`,
    `  <link rel="self" type="application/atom+xml" href="${escapeXml(`${url.origin}/awards.atom`)}"/>`,
    `  <link rel="alternate" type="text/html" href="${escapeXml(`${url.origin}/awards/honours`)}"/>`,
    `  <updated>${feedUpdated.toISOString()}</updated>`,
    `  <author><name>${escapeXml(both("feed.author"))}</name></author>`,
    ...entries,
    `</feed>`,
    "",
  ].join("\n");
}

/** A strong validator for the feed: the same bytes always give the same tag. */
export function entityTag(body: string) {
  return `"${createHash("sha256").update(body).digest("base64url").slice(0, 32)}"`;
}

/** If-None-Match as RFC 9110 reads it for GET: any listed tag, weak or strong, or "*". */
export function matchesEntityTag(ifNoneMatch: string | null, tag: string) {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(",").some((candidate) => {
    const value = candidate.trim().replace(/^W\//, "");
    return value === "*" || value === tag;
  });
}
