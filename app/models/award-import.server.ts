/**
 * Award recipients from a spreadsheet: one line per award, previewed with every problem named by its line, then
 * written all at once on confirmation (issue 6). It works like the cohort import (ADR 006), and reads files with
 * its reader (`readCohortFile`: CSV in UTF-8 with or without a byte-order mark, or .xlsx):
 *
 *   read      bytes → cells (a "file problem" when the file cannot be read at all: nothing is shown)
 *   validate  cells → lines, each bad cell an issue naming its line and column
 *   plan      lines → awards, against the programme's categories, the staff directory and the departments
 *
 * Unlike the cohort import, a file with any bad line cannot be confirmed: an award list is read out at a
 * ceremony, and half of it imported is worse than none. Lines already in the programme (same category and
 * recipient) are shown and left alone, so uploading a longer version of the same file adds only what is new.
 * Categories are matched by Chinese name and level and never created here: a category the programme lacks is an
 * error on its line that lists the ones it has (categories need English names, which the file does not carry, and a
 * typo would otherwise become a new category). Messages are catalog keys; this module knows nothing of HTTP.
 */
import { randomBytes } from "node:crypto";

import { z } from "zod";

import { Prisma } from "~/generated/prisma/client";
import { isAnnounced } from "~/models/award.server";
import { MAX_UPLOAD_BYTES, readCohortFile } from "~/models/cohort-import.server";
import { audit } from "~/utils/audit.server";
import { prisma } from "~/utils/db.server";
import type { MessageKey } from "~/utils/i18n";
import { seal, unseal } from "~/utils/seal.server";

type Tx = Prisma.TransactionClient;

export { MAX_UPLOAD_BYTES };
/** A programme has a few dozen awards; the cap keeps the sealed preview small enough for a form field. */
export const MAX_LINES = 500;
/** How long the organizer may look at a preview before confirming it. */
const PREVIEW_TTL_MS = 60 * 60 * 1000;

// ───────────────────────────── columns ─────────────────────────────

export const AWARD_IMPORT_COLUMNS = ["categoryZh", "levelZh", "kind", "recipient", "teamNameEn", "members", "citationZh", "citationEn"] as const;
export type AwardImportColumn = (typeof AWARD_IMPORT_COLUMNS)[number];
const REQUIRED_COLUMNS: AwardImportColumn[] = ["categoryZh", "kind", "recipient"];

/** Header names understood, compared after `headerKey`; the first of each is the documented one. */
export const AWARD_IMPORT_HEADERS: Record<AwardImportColumn, string[]> = {
  categoryZh: ["category_zh", "类别", "奖项类别", "奖项", "奖项名称", "Category"],
  levelZh: ["level_zh", "等级", "奖项等级", "级别", "Level"],
  kind: ["kind", "类型", "获奖类型", "获奖对象类型", "Type", "Recipient type"],
  recipient: ["recipient", "获奖对象", "获奖人", "获奖者", "获奖团队"],
  teamNameEn: ["team_name_en", "团队英文名", "团队英文名称", "Team name (English)", "Team name en"],
  members: ["members", "团队成员", "成员", "Team members"],
  citationZh: ["citation_zh", "颁奖词", "中文颁奖词", "颁奖词（中文）", "Citation (Chinese)"],
  citationEn: ["citation_en", "英文颁奖词", "颁奖词（英文）", "Citation", "Citation (English)"],
};

function headerKey(text: string) {
  return text.normalize("NFKC").toLowerCase().replace(/[\s_\-.:：()（）*＊]/g, "");
}

const COLUMN_BY_HEADER = new Map<string, AwardImportColumn>(
  AWARD_IMPORT_COLUMNS.flatMap((column) => AWARD_IMPORT_HEADERS[column].map((name) => [headerKey(name), column] as const)),
);

const LIMITS = { categoryZh: 80, levelZh: 40, recipient: 200, teamNameZh: 120, teamNameEn: 160, members: 4000, citationZh: 2000, citationEn: 3000 } as const;

// ───────────────────────────── results ─────────────────────────────

export type AwardImportIssue = { line: number; column: string; messageKey: MessageKey; params?: Record<string, string | number> };

/** A file that cannot be previewed at all: the route answers 400 and nothing is written. */
export type AwardImportProblem = { messageKey: MessageKey; params?: Record<string, string | number>; columns?: AwardImportColumn[] };

const problem = (messageKey: MessageKey, extra: Omit<AwardImportProblem, "messageKey"> = {}) => ({ ok: false as const, problem: { messageKey, ...extra } });

/** The reader's reasons, in this page's words (its own are about new hires). */
const READ_PROBLEMS: Record<string, MessageKey> = {
  "import.problem.empty": "awardImport.problem.empty",
  "import.problem.tooLarge": "awardImport.problem.tooLarge",
  "import.problem.oldExcel": "awardImport.problem.oldExcel",
  "import.problem.notWorkbook": "awardImport.problem.notWorkbook",
  "import.problem.encoding": "awardImport.problem.encoding",
  "import.problem.unsupported": "awardImport.problem.unsupported",
  "import.problem.unclosedQuote": "awardImport.problem.unclosedQuote",
};

// ───────────────────────────── validate ─────────────────────────────

export type RecipientKind = "INDIVIDUAL" | "TEAM" | "DEPARTMENT";

/** One line as read from the file, valid on its own; what a preview carries to its confirmation. */
export type AwardLine = {
  line: number;
  categoryZh: string;
  levelZh: string;
  kind: RecipientKind;
  /** an employee number or email; a team's Chinese name; a department's name or code */
  recipient: string;
  teamNameEn: string;
  /** employee numbers or emails, the lead first */
  members: string[];
  citationZh: string;
  citationEn: string;
};

type Cell = string | number | Date | null;
type SheetRow = { line: number; cells: Cell[] };
type Columns = { index: Partial<Record<AwardImportColumn, number>>; labels: Partial<Record<AwardImportColumn, string>>; ignored: string[]; headerLine: number };

const INVISIBLE = /[\u200B-\u200D\u2060\uFEFF]/g;
function cellText(cell: Cell | undefined, { keepLines = false } = {}) {
  if (cell === null || cell === undefined) return "";
  const text = (cell instanceof Date ? cell.toISOString().slice(0, 10) : String(cell)).replace(INVISIBLE, "");
  return keepLines ? text.replace(/[^\S\n]+/g, " ").replace(/ *\n */g, "\n").trim() : text.replace(/\s+/g, " ").trim();
}
/** How names and identifiers are compared: width-folded, case-folded, single spaces. */
const lookupKey = (text: string) => text.normalize("NFKC").toLowerCase().replace(/\s+/g, " ").trim();

const KINDS = new Map<string, RecipientKind>([
  ["individual", "INDIVIDUAL"],
  ["个人", "INDIVIDUAL"],
  ["team", "TEAM"],
  ["团队", "TEAM"],
  ["department", "DEPARTMENT"],
  ["部门", "DEPARTMENT"],
]);
const SEPARATORS = /[;；、,，\n]+/;

/** The header: the first of the first ten rows naming at least two known columns, else the first row. */
function findColumns(rows: SheetRow[]): { ok: true; columns: Columns } | { ok: false; problem: AwardImportProblem } {
  const known = (row: SheetRow) => new Set(row.cells.map((cell) => COLUMN_BY_HEADER.get(headerKey(cellText(cell)))).filter(Boolean)).size;
  const header = rows.slice(0, 10).find((row) => known(row) >= 2) ?? rows[0]!;
  const columns: Columns = { index: {}, labels: {}, ignored: [], headerLine: header.line };
  for (const [i, cell] of header.cells.entries()) {
    const label = cellText(cell);
    if (!label) continue;
    const column = COLUMN_BY_HEADER.get(headerKey(label));
    if (!column) columns.ignored.push(label);
    else if (columns.labels[column] !== undefined) return problem("awardImport.problem.duplicateColumn", { params: { first: columns.labels[column]!, second: label } });
    else {
      columns.index[column] = i;
      columns.labels[column] = label;
    }
  }
  const missing = REQUIRED_COLUMNS.filter((column) => columns.index[column] === undefined);
  if (missing.length) return problem("awardImport.problem.missingColumns", { columns: missing });
  return { ok: true, columns };
}

/** Checks one line on its own; whether its category, people and department exist is the planner's business. */
function validateLine(row: SheetRow, columns: Columns): { line: AwardLine | null; issues: AwardImportIssue[] } {
  const issues: AwardImportIssue[] = [];
  const issue = (column: AwardImportColumn, messageKey: MessageKey, params?: AwardImportIssue["params"]) =>
    issues.push({ line: row.line, column: columns.labels[column] ?? column, messageKey, ...(params ? { params } : {}) });
  const text = (column: AwardImportColumn, max: number, options?: { keepLines?: boolean }) => {
    const value = columns.index[column] === undefined ? "" : cellText(row.cells[columns.index[column]!], options);
    if (value.length > max) issue(column, "awardImport.error.tooLong", { max });
    return value;
  };

  const categoryZh = text("categoryZh", LIMITS.categoryZh);
  if (!categoryZh) issue("categoryZh", "awardImport.error.required");
  const levelZh = text("levelZh", LIMITS.levelZh);
  const kindText = text("kind", 40);
  const kind = KINDS.get(lookupKey(kindText));
  if (!kindText) issue("kind", "awardImport.error.required");
  else if (!kind) issue("kind", "awardImport.error.kind", { value: kindText });
  const recipient = text("recipient", kind === "TEAM" ? LIMITS.teamNameZh : LIMITS.recipient);
  if (!recipient) issue("recipient", "awardImport.error.emptyRecipient");
  const teamNameEn = text("teamNameEn", LIMITS.teamNameEn);
  const membersText = text("members", LIMITS.members, { keepLines: true });
  const members = membersText
    .split(SEPARATORS)
    .map((value) => value.normalize("NFKC").trim())
    .filter(Boolean);
  const citationZh = text("citationZh", LIMITS.citationZh, { keepLines: true });
  const citationEn = text("citationEn", LIMITS.citationEn, { keepLines: true });

  if (kind === "TEAM") {
    if (!teamNameEn) issue("teamNameEn", "awardImport.error.missingTeamName");
    if (!members.length) issue("members", "awardImport.error.missingMembers");
    const seen = new Set<string>();
    for (const member of members) {
      if (seen.has(lookupKey(member))) issue("members", "awardImport.error.memberTwice", { value: member });
      seen.add(lookupKey(member));
    }
  } else if (kind) {
    // members on a person's or a department's line usually mean the type is wrong: say so rather than drop them
    if (teamNameEn) issue("teamNameEn", "awardImport.error.teamOnly");
    if (members.length) issue("members", "awardImport.error.teamOnly");
    if (kind === "INDIVIDUAL" && recipient.split(SEPARATORS).filter((part) => part.trim()).length > 1) issue("recipient", "awardImport.error.onePerson");
  }

  if (issues.length || !kind) return { line: null, issues };
  return {
    line: { line: row.line, categoryZh, levelZh, kind, recipient: kind === "TEAM" ? recipient : recipient.normalize("NFKC"), teamNameEn, members, citationZh, citationEn },
    issues,
  };
}

type Validated =
  | { ok: true; lines: AwardLine[]; issues: AwardImportIssue[]; errorLines: number[]; columns: Columns }
  | { ok: false; problem: AwardImportProblem };

/** Cells to award lines: the valid ones, and an issue for every bad cell of the others. */
export function validateAwardSheet(rows: SheetRow[]): Validated {
  const filled = rows.filter((row) => row.cells.some((cell) => cellText(cell) !== ""));
  if (!filled.length) return problem("awardImport.problem.empty");
  const found = findColumns(filled);
  if (!found.ok) return found;
  const { columns } = found;
  const dataRows = filled.filter((row) => row.line > columns.headerLine);
  if (!dataRows.length) return problem("awardImport.problem.noRows");
  if (dataRows.length > MAX_LINES) return problem("awardImport.problem.tooManyRows", { params: { max: MAX_LINES } });
  const lines: AwardLine[] = [];
  const issues: AwardImportIssue[] = [];
  const errorLines: number[] = [];
  for (const row of dataRows) {
    const checked = validateLine(row, columns);
    if (checked.line) lines.push(checked.line);
    else errorLines.push(row.line);
    issues.push(...checked.issues);
  }
  return { ok: true, lines, issues, errorLines, columns };
}

// ───────────────────────────── plan ─────────────────────────────

export type ImportPerson = { id: string; identifier: string; nameZh: string; nameEn: string; department: { nameZh: string; nameEn: string } | null };
type Category = { id: string; nameZh: string; nameEn: string; levelZh: string; levelEn: string; position: number };
type Department = { id: string; code: string; nameZh: string; nameEn: string };

export type PlannedRecipient =
  | { kind: "INDIVIDUAL"; person: ImportPerson }
  | { kind: "TEAM"; nameZh: string; nameEn: string; members: ImportPerson[] }
  | { kind: "DEPARTMENT"; department: Department };

export type PlannedAward = {
  line: number;
  category: Category;
  recipient: PlannedRecipient;
  citationZh: string;
  citationEn: string;
  /** the same category and recipient are in the programme already: shown, not written again */
  already: boolean;
};

export type AwardImportPlan = { awards: PlannedAward[]; issues: AwardImportIssue[]; errorLines: number[] };

const categoryKey = (nameZh: string, levelZh: string) => `${lookupKey(nameZh)}\u0000${lookupKey(levelZh)}`;
const recipientKey = (categoryId: string, recipient: { kind: RecipientKind; id: string }) => `${categoryId}\u0000${recipient.kind}\u0000${recipient.id}`;

/** Staff by email (case-insensitive) or employee number, as the manual form finds them; guests are not staff. */
async function findStaff(db: Tx, identifiers: string[]) {
  const emails = [...new Set(identifiers.filter((value) => value.includes("@")).map((value) => value.toLowerCase()))];
  const numbers = [...new Set(identifiers.filter((value) => !value.includes("@")).map((value) => value.toUpperCase()))];
  // SQLite's = is case-sensitive, hence lower() and upper() on the stored side too
  const [byEmail, byNumber] = await Promise.all([
    emails.length ? db.$queryRaw<Array<{ id: string }>>`SELECT "id" FROM "User" WHERE lower("email") IN (${Prisma.join(emails)})` : [],
    numbers.length ? db.$queryRaw<Array<{ id: string }>>`SELECT "userId" AS "id" FROM "StaffProfile" WHERE upper("employeeNo") IN (${Prisma.join(numbers)})` : [],
  ]);
  const users = await db.user.findMany({
    where: { id: { in: [...byEmail, ...byNumber].map((row) => row.id) } },
    select: { id: true, email: true, kind: true, deletedAt: true, nameZh: true, nameEn: true, profile: { select: { employeeNo: true, department: { select: { nameZh: true, nameEn: true } } } } },
  });
  const found = new Map<string, (typeof users)[number]>();
  for (const user of users) {
    found.set(user.email.toLowerCase(), user);
    if (user.profile) found.set(user.profile.employeeNo.toUpperCase(), user);
  }
  return (identifier: string) => found.get(identifier.includes("@") ? identifier.toLowerCase() : identifier.toUpperCase());
}

/**
 * Decides, line by line in file order, what confirming would create. Every problem of every line is named; a
 * line naming the same category and recipient as an earlier line is an error, one already in the programme is not.
 */
export async function planAwardImport(db: Tx, programmeId: string, lines: AwardLine[], labels: Partial<Record<AwardImportColumn, string>>): Promise<AwardImportPlan> {
  const [categories, departments, existing, staffOf] = await Promise.all([
    db.awardCategory.findMany({ where: { programmeId }, orderBy: { position: "asc" }, select: { id: true, nameZh: true, nameEn: true, levelZh: true, levelEn: true, position: true } }),
    db.department.findMany({ select: { id: true, code: true, nameZh: true, nameEn: true } }),
    db.awardRecipient.findMany({ where: { award: { category: { programmeId } } }, select: { kind: true, userId: true, departmentId: true, displayNameZh: true, award: { select: { categoryId: true } } } }),
    findStaff(db, lines.flatMap((line) => (line.kind === "INDIVIDUAL" ? [line.recipient] : line.kind === "TEAM" ? line.members : []))),
  ]);
  const categoryByKey = new Map<string, Category>();
  for (const category of categories) if (!categoryByKey.has(categoryKey(category.nameZh, category.levelZh))) categoryByKey.set(categoryKey(category.nameZh, category.levelZh), category);
  const departmentByKey = new Map<string, Department>();
  for (const department of departments) for (const key of [department.code, department.nameZh, department.nameEn]) departmentByKey.set(lookupKey(key), department);
  const inProgramme = new Set(
    existing.map((recipient) =>
      recipientKey(recipient.award.categoryId, {
        kind: recipient.kind,
        id: recipient.kind === "TEAM" ? lookupKey(recipient.displayNameZh) : ((recipient.kind === "INDIVIDUAL" ? recipient.userId : recipient.departmentId) ?? ""),
      }),
    ),
  );
  const categoryNames = categories.map((category) => [category.nameZh, category.levelZh].filter(Boolean).join(" · "));

  const awards: PlannedAward[] = [];
  const issues: AwardImportIssue[] = [];
  const errorLines: number[] = [];
  const firstLine = new Map<string, number>();
  for (const line of lines) {
    let failed = false;
    const issue = (column: AwardImportColumn, messageKey: MessageKey, params?: AwardImportIssue["params"]) => {
      issues.push({ line: line.line, column: labels[column] ?? column, messageKey, ...(params ? { params } : {}) });
      failed = true;
    };
    const person = (identifier: string, column: AwardImportColumn): ImportPerson | null => {
      const user = staffOf(identifier);
      if (!user || user.kind !== "STAFF") issue(column, "awardImport.error.unknownStaff", { value: identifier });
      else if (user.deletedAt) issue(column, "awardImport.error.staffLeft", { value: identifier });
      else return { id: user.id, identifier, nameZh: user.nameZh, nameEn: user.nameEn, department: user.profile?.department ?? null };
      return null;
    };

    const category = categoryByKey.get(categoryKey(line.categoryZh, line.levelZh));
    if (!category) {
      issue("categoryZh", "awardImport.error.category", { category: [line.categoryZh, line.levelZh].filter(Boolean).join(" · "), known: categoryNames.join("、") || "—" });
    }
    let recipient: PlannedRecipient | null = null;
    let identity: string;
    if (line.kind === "INDIVIDUAL") {
      const found = person(line.recipient, "recipient");
      if (found) recipient = { kind: "INDIVIDUAL", person: found };
      identity = found?.id ?? lookupKey(line.recipient);
    } else if (line.kind === "TEAM") {
      const members = line.members.map((member) => person(member, "members"));
      const known = members.filter((member): member is ImportPerson => member !== null);
      // the same person under their email and their employee number is still one member
      const twice = known.find((member, i) => known.findIndex((other) => other.id === member.id) !== i);
      if (twice) issue("members", "awardImport.error.memberTwice", { value: twice.identifier });
      if (known.length === members.length) recipient = { kind: "TEAM", nameZh: line.recipient, nameEn: line.teamNameEn, members: known };
      identity = lookupKey(line.recipient);
    } else {
      const department = departmentByKey.get(lookupKey(line.recipient));
      if (!department) issue("recipient", "awardImport.error.unknownDepartment", { value: line.recipient });
      else recipient = { kind: "DEPARTMENT", department };
      identity = department?.id ?? lookupKey(line.recipient);
    }

    const key = recipientKey(category?.id ?? categoryKey(line.categoryZh, line.levelZh), { kind: line.kind, id: identity });
    const other = firstLine.get(key);
    if (other !== undefined) issue("recipient", "awardImport.error.duplicateLine", { other });
    else firstLine.set(key, line.line);

    if (failed || !category || !recipient) {
      errorLines.push(line.line);
      continue;
    }
    awards.push({ line: line.line, category, recipient, citationZh: line.citationZh, citationEn: line.citationEn, already: inProgramme.has(key) });
  }
  return { awards, issues, errorLines };
}

// ───────────────────────────── preview ─────────────────────────────

export type AwardImportCounts = { lines: number; awards: number; already: number; errors: number; individuals: number; teams: number; departments: number };

export type AwardImportPreview = {
  fileName: string;
  sheetName: string | null;
  ignoredColumns: string[];
  awards: PlannedAward[];
  /** every issue, in line order; a line may have several */
  issues: AwardImportIssue[];
  counts: AwardImportCounts;
};

export type AwardImportBlock = "awardImport.announced";

async function importBlock(db: Tx, programmeId: string, now: Date): Promise<AwardImportBlock | null> {
  const programme = await db.awardProgramme.findUniqueOrThrow({ where: { id: programmeId }, select: { status: true, announceAt: true } });
  // Announced winners are public: adding a batch to them is a correction, made one award at a time.
  return isAnnounced(programme, now) ? "awardImport.announced" : null;
}

export async function awardImportBlock(programmeId: string, now = new Date()) {
  return importBlock(prisma, programmeId, now);
}

function countsOf(plan: AwardImportPlan, lines: number): AwardImportCounts {
  const fresh = plan.awards.filter((award) => !award.already);
  return {
    lines,
    awards: fresh.length,
    already: plan.awards.length - fresh.length,
    errors: plan.errorLines.length,
    individuals: fresh.filter((award) => award.recipient.kind === "INDIVIDUAL").length,
    teams: fresh.filter((award) => award.recipient.kind === "TEAM").length,
    departments: fresh.filter((award) => award.recipient.kind === "DEPARTMENT").length,
  };
}

export type AwardPreviewResult =
  | { ok: true; preview: AwardImportPreview; token: string | null }
  | { ok: false; problem: AwardImportProblem }
  | { ok: false; blocked: AwardImportBlock };

/**
 * Reads, validates and plans an upload without writing anything. The token seals the lines for confirmation, and
 * is only given when every line is valid and at least one award is new.
 */
export async function previewAwardImport(input: { programmeId: string; actorId: string; fileName: string; bytes: Uint8Array; now?: Date }): Promise<AwardPreviewResult> {
  const now = input.now ?? new Date();
  const blocked = await importBlock(prisma, input.programmeId, now);
  if (blocked) return { ok: false, blocked };
  const read = await readCohortFile(input.fileName, input.bytes);
  if (!read.ok) return problem(READ_PROBLEMS[read.problem.messageKey] ?? "awardImport.problem.unreadable", read.problem.params ? { params: read.problem.params } : {});
  // A CSV record is a spreadsheet row even when a quoted citation spans several text lines, so a CSV's lines are
  // counted by record (every record is kept, blank ones too); a workbook's rows carry their own numbers.
  const rows = read.sheet.sheetName === null ? read.sheet.rows.map((row, i) => ({ line: i + 1, cells: row.cells })) : read.sheet.rows;
  const validated = validateAwardSheet(rows);
  if (!validated.ok) return validated;
  const plan = await planAwardImport(prisma, input.programmeId, validated.lines, validated.columns.labels);
  const merged: AwardImportPlan = {
    awards: plan.awards,
    issues: [...validated.issues, ...plan.issues].sort((a, b) => a.line - b.line),
    errorLines: [...new Set([...validated.errorLines, ...plan.errorLines])],
  };
  const counts = countsOf(merged, validated.lines.length + validated.errorLines.length);
  const preview: AwardImportPreview = {
    fileName: input.fileName,
    sheetName: read.sheet.sheetName,
    ignoredColumns: validated.columns.ignored,
    awards: merged.awards,
    issues: merged.issues,
    counts,
  };
  const token =
    counts.errors === 0 && counts.awards > 0
      ? sealImport({
          programmeId: input.programmeId,
          actorId: input.actorId,
          expiresAt: now.getTime() + PREVIEW_TTL_MS,
          nonce: randomBytes(12).toString("base64url"),
          fileName: input.fileName,
          labels: validated.columns.labels,
          awards: counts.awards,
          lines: validated.lines,
        })
      : null;
  return { ok: true, preview, token };
}

// ───────────────────────────── the sealed preview ─────────────────────────────

/*
 * The previewed lines travel to the confirmation in the confirm form itself, deflated and signed with an HMAC keyed
 * from the session secrets (any current secret verifies, the first signs), bound to the programme, the organizer
 * and an hour, as the cohort import does (ADR 006). The nonce makes each preview confirmable once: the import's
 * audit entry records it, and a second confirmation of the same preview finds it there.
 */
type SealedImport = {
  programmeId: string;
  actorId: string;
  expiresAt: number;
  nonce: string;
  fileName: string;
  labels: Partial<Record<AwardImportColumn, string>>;
  /** how many new awards the preview showed; confirming anything else is a changed plan */
  awards: number;
  lines: AwardLine[];
};

const SealedImportSchema = z.object({
  programmeId: z.string(),
  actorId: z.string(),
  expiresAt: z.number(),
  nonce: z.string().min(16).max(40),
  fileName: z.string(),
  labels: z.partialRecord(z.enum(AWARD_IMPORT_COLUMNS), z.string()),
  awards: z.number().int().min(1),
  lines: z
    .array(
      z.object({
        line: z.number().int(),
        categoryZh: z.string(),
        levelZh: z.string(),
        kind: z.enum(["INDIVIDUAL", "TEAM", "DEPARTMENT"]),
        recipient: z.string(),
        teamNameEn: z.string(),
        members: z.array(z.string()),
        citationZh: z.string(),
        citationEn: z.string(),
      }),
    )
    .max(MAX_LINES),
});

const SEAL_VERSION = "a1";

export function sealImport(sealed: SealedImport): string {
  return seal("award-import", SEAL_VERSION, sealed);
}

/** The sealed lines, or null when the seal is forged, damaged, for another programme or organizer, or expired. */
export function openImport(token: string, expect: { programmeId: string; actorId: string; now: Date }): SealedImport | null {
  const sealed = unseal("award-import", SEAL_VERSION, token, SealedImportSchema);
  if (!sealed || sealed.programmeId !== expect.programmeId || sealed.actorId !== expect.actorId || sealed.expiresAt < expect.now.getTime()) return null;
  return sealed;
}

// ───────────────────────────── confirm ─────────────────────────────

export type AwardImportSummary = { awards: number; teams: number; already: number };

export type AwardConfirmResult =
  | { ok: true; summary: AwardImportSummary }
  | { ok: false; reason: "expired" }
  | { ok: false; reason: "used" }
  | { ok: false; reason: "blocked"; blocked: AwardImportBlock }
  | { ok: false; reason: "changed"; preview: AwardImportPreview; token: string | null };

/** Thrown inside the transaction to roll it back when the fresh plan no longer matches what was previewed. */
class PlanChanged extends Error {
  constructor(readonly plan: AwardImportPlan) {
    super("the award import plan changed since the preview");
  }
}

const IMPORT_ACTION = "award.import";

/**
 * Writes a confirmed preview: every new award of it, or none. The transaction first takes SQLite's write lock
 * (a no-op update of the programme, like `lockForWrite`), so two confirmations of one preview run one after the
 * other and the second finds the first one's nonce. The lines are planned again inside it; if anything has
 * changed since the preview (a person left, a category renamed, an award added by hand), nothing is written and the
 * organizer gets the fresh preview.
 */
export async function confirmAwardImport(input: { programmeId: string; actorId: string; token: string; now?: Date }): Promise<AwardConfirmResult> {
  const now = input.now ?? new Date();
  const sealed = openImport(input.token, { programmeId: input.programmeId, actorId: input.actorId, now });
  if (!sealed) return { ok: false, reason: "expired" };
  try {
    return await prisma.$transaction(
      async (tx) => {
        await tx.$executeRaw`UPDATE "AwardProgramme" SET "id" = "id" WHERE "id" = ${input.programmeId}`;
        const used = await tx.auditLog.findFirst({
          where: { action: IMPORT_ACTION, entityType: "AwardProgramme", entityId: input.programmeId, metadata: { contains: `"nonce":"${sealed.nonce}"` } },
          select: { id: true },
        });
        if (used) return { ok: false as const, reason: "used" as const };
        const blocked = await importBlock(tx, input.programmeId, now);
        if (blocked) return { ok: false as const, reason: "blocked" as const, blocked };
        const plan = await planAwardImport(tx, input.programmeId, sealed.lines, sealed.labels);
        if (plan.issues.length || plan.awards.filter((award) => !award.already).length !== sealed.awards) throw new PlanChanged(plan);
        return { ok: true as const, summary: await writePlan(tx, input.programmeId, input.actorId, plan, sealed) };
      },
      { timeout: 60_000, maxWait: 10_000 },
    );
  } catch (error) {
    if (!(error instanceof PlanChanged)) throw error;
    const counts = countsOf(error.plan, sealed.lines.length);
    const preview: AwardImportPreview = { fileName: sealed.fileName, sheetName: null, ignoredColumns: [], awards: error.plan.awards, issues: error.plan.issues, counts };
    const token =
      counts.errors === 0 && counts.awards > 0 ? sealImport({ ...sealed, expiresAt: now.getTime() + PREVIEW_TTL_MS, nonce: randomBytes(12).toString("base64url"), awards: counts.awards }) : null;
    return { ok: false, reason: "changed", preview, token };
  }
}

/** The new awards of a plan, appended to their categories in file order, and one audit entry for all of them. */
async function writePlan(tx: Tx, programmeId: string, actorId: string, plan: AwardImportPlan, sealed: SealedImport): Promise<AwardImportSummary> {
  const fresh = plan.awards.filter((award) => !award.already);
  const last = await tx.award.groupBy({ by: ["categoryId"], where: { category: { programmeId } }, _max: { position: true } });
  const nextPosition = new Map(last.map((row) => [row.categoryId, (row._max.position ?? -1) + 1]));
  const awardIds: string[] = [];
  let teams = 0;
  for (const award of fresh) {
    const { recipient } = award;
    let created: Prisma.AwardRecipientCreateWithoutAwardInput;
    if (recipient.kind === "INDIVIDUAL") {
      created = { kind: "INDIVIDUAL", user: { connect: { id: recipient.person.id } }, displayNameZh: recipient.person.nameZh, displayNameEn: recipient.person.nameEn };
    } else if (recipient.kind === "TEAM") {
      const team = await tx.team.create({
        data: { nameZh: recipient.nameZh, nameEn: recipient.nameEn, members: { create: recipient.members.map((member, i) => ({ userId: member.id, isLead: i === 0, position: i })) } },
        select: { id: true },
      });
      teams++;
      created = { kind: "TEAM", team: { connect: { id: team.id } }, displayNameZh: recipient.nameZh, displayNameEn: recipient.nameEn };
    } else {
      created = { kind: "DEPARTMENT", department: { connect: { id: recipient.department.id } }, displayNameZh: recipient.department.nameZh, displayNameEn: recipient.department.nameEn };
    }
    const position = nextPosition.get(award.category.id) ?? 0;
    nextPosition.set(award.category.id, position + 1);
    const row = await tx.award.create({
      data: { categoryId: award.category.id, citationZh: award.citationZh, citationEn: award.citationEn, position, recipients: { create: [{ ...created, position: 0 }] } },
      select: { id: true },
    });
    awardIds.push(row.id);
  }
  const programme = await tx.awardProgramme.findUniqueOrThrow({ where: { id: programmeId }, select: { eventId: true } });
  const summary = { awards: fresh.length, teams, already: plan.awards.length - fresh.length };
  await audit(
    { actorId, action: IMPORT_ACTION, entityType: "AwardProgramme", entityId: programmeId, eventId: programme.eventId, metadata: { nonce: sealed.nonce, fileName: sealed.fileName, lines: sealed.lines.length, ...summary, awardIds } },
    tx,
  );
  return summary;
}
