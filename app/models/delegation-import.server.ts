/**
 * Delegation members from a spreadsheet, previewed with every problem named by its line, then appended after the
 * existing members in file order when the organizer confirms (issue 8: "Delegation CSV errors are shown by line,
 * and nothing is written until the organizer confirms"). The flow is the award import's (ADR 006):
 *
 *   read      bytes → cells, with the cohort import's reader (`readCohortFile`: CSV in UTF-8 with or without a
 *             byte-order mark, or .xlsx); a file it cannot read is a "file problem" and nothing is shown
 *   validate  cells → members, each with the manual form's rules (`MemberSchema`), each bad cell an issue naming
 *             its line and column; the same email twice, or two leaders, in one file are issues on the later line
 *   plan      members → guest accounts, against the database: a staff email, or a member of this delegation, is
 *             an issue on its line; any other guest account with the email is linked (a delegate who came before)
 *
 * As with awards, a file with any bad line cannot be confirmed: a delegation half imported has the wrong order.
 * The previewed members travel sealed in the confirm form, and confirming plans them again inside the write-locked
 * transaction that appends them: all of them, or none. Messages are catalog keys; this module knows nothing of HTTP.
 */
import { randomBytes } from "node:crypto";

import { z } from "zod";

import type { Prisma } from "~/generated/prisma/client";
import { readCohortFile } from "~/models/cohort-import.server";
import { appendMembers, matchGuests, MemberSchema, type GuestMatch, type MemberField, type MemberInput } from "~/models/delegation.server";
import { lockForWrite } from "~/models/registration.server";
import { audit } from "~/utils/audit.server";
import { prisma } from "~/utils/db.server";
import type { MessageKey } from "~/utils/i18n";
import { seal, unseal } from "~/utils/seal.server";

type Tx = Prisma.TransactionClient;

/** A delegation is a few dozen people; the cap keeps the sealed preview small enough for a form field. */
export const MAX_LINES = 200;
/** How long the organizer may look at a preview before confirming it. */
const PREVIEW_TTL_MS = 60 * 60 * 1000;

// ───────────────────────────── columns ─────────────────────────────

export const DELEGATION_COLUMNS = ["nameZh", "nameEn", "titleZh", "titleEn", "organisationZh", "organisationEn", "email", "phone", "dietaryNeeds", "interpreterNeeds", "isLeader"] as const;
export type DelegationColumn = (typeof DELEGATION_COLUMNS)[number];

/**
 * Header names understood, compared after `headerKey`; the first two of each (Chinese, English) make the template's
 * bilingual header. A header may give several names separated by "/", as the template's do ("中文名/Chinese name").
 */
export const DELEGATION_HEADERS: Record<DelegationColumn, string[]> = {
  nameZh: ["中文名", "Chinese name", "中文姓名", "姓名", "Name (Chinese)", "name_zh"],
  nameEn: ["英文名", "English name", "英文姓名", "拼音", "Name (English)", "Pinyin", "name_en"],
  titleZh: ["职务", "Title (Chinese)", "中文职务", "职务（中文）", "Chinese title", "title_zh"],
  titleEn: ["英文职务", "Title (English)", "职务（英文）", "English title", "Title", "title_en"],
  organisationZh: ["单位", "Organisation (Chinese)", "中文单位", "单位（中文）", "工作单位", "Organization (Chinese)", "organisation_zh"],
  organisationEn: ["英文单位", "Organisation (English)", "单位（英文）", "Organization (English)", "Organisation", "Organization", "organisation_en"],
  email: ["邮箱", "Email", "电子邮箱", "电子邮件", "E-mail", "Email address"],
  phone: ["电话", "Phone", "手机", "联系电话", "手机号", "Mobile", "Telephone", "Phone number"],
  dietaryNeeds: ["饮食", "Dietary needs", "饮食需求", "饮食禁忌", "饮食要求", "Dietary", "Dietary requirements", "Diet"],
  interpreterNeeds: ["翻译", "Interpreter needs", "翻译需求", "口译", "Interpreter", "Interpreting"],
  isLeader: ["团长", "Leader", "是否团长", "Head of delegation"],
};

function headerKey(text: string) {
  return text.normalize("NFKC").toLowerCase().replace(/[\s_\-.:：()（）*＊]/g, "");
}

const COLUMN_BY_HEADER = new Map<string, DelegationColumn>(
  DELEGATION_COLUMNS.flatMap((column) => DELEGATION_HEADERS[column].map((name) => [headerKey(name), column] as const)),
);

/** The column a header cell names: the whole cell, else the first of its "/"-separated names that is known. */
function columnOf(label: string): DelegationColumn | undefined {
  return COLUMN_BY_HEADER.get(headerKey(label)) ?? label.split(/[/／]/).map((part) => COLUMN_BY_HEADER.get(headerKey(part))).find(Boolean);
}

/**
 * The template: the bilingual header alone (an example line would too easily be imported as a person), as UTF-8
 * with a byte-order mark so that Excel opens the Chinese intact.
 */
export function delegationTemplateCsv() {
  return `\uFEFF${DELEGATION_COLUMNS.map((column) => DELEGATION_HEADERS[column].slice(0, 2).join("/")).join(",")}\r\n`;
}

// ───────────────────────────── results ─────────────────────────────

export type DelegationImportIssue = { line: number; column: string; messageKey: MessageKey; params?: Record<string, string | number> };

/** A file that cannot be previewed at all: the route answers 400 and nothing is written. */
export type DelegationImportProblem = { messageKey: MessageKey; params?: Record<string, string | number> };

const problem = (messageKey: MessageKey, params?: Record<string, string | number>) => ({ ok: false as const, problem: { messageKey, ...(params ? { params } : {}) } });

/** The reader's reasons, in this page's words (its own are about new hires). */
const READ_PROBLEMS: Record<string, MessageKey> = {
  "import.problem.empty": "delegation.import.problem.empty",
  "import.problem.tooLarge": "delegation.import.problem.tooLarge",
  "import.problem.oldExcel": "delegation.import.problem.oldExcel",
  "import.problem.notWorkbook": "delegation.import.problem.notWorkbook",
  "import.problem.encoding": "delegation.import.problem.encoding",
  "import.problem.unsupported": "delegation.import.problem.unsupported",
  "import.problem.unclosedQuote": "delegation.import.problem.unclosedQuote",
};

// ───────────────────────────── validate ─────────────────────────────

/** One member as read from a valid line; what a preview carries to its confirmation. */
export type DelegationLine = MemberInput & { line: number };

type Cell = string | number | Date | null;
type SheetRow = { line: number; cells: Cell[] };
type Columns = { index: Partial<Record<DelegationColumn, number>>; labels: Partial<Record<DelegationColumn, string>>; ignored: string[]; headerLine: number };

const INVISIBLE = /[\u200B-\u200D\u2060\uFEFF]/g;
function cellText(cell: Cell | undefined) {
  if (cell === null || cell === undefined) return "";
  return (cell instanceof Date ? cell.toISOString().slice(0, 10) : String(cell)).replace(INVISIBLE, "").replace(/\s+/g, " ").trim();
}

const YES = new Set(["是", "y", "yes", "true", "1", "√", "✓", "✔", "x", "团长", "leader"]);
const NO = new Set(["", "否", "n", "no", "false", "0"]);

/** The header: the first of the first ten rows naming at least two known columns, else the first row. */
function findColumns(rows: SheetRow[]): { ok: true; columns: Columns } | { ok: false; problem: DelegationImportProblem } {
  const known = (row: SheetRow) => new Set(row.cells.map((cell) => columnOf(cellText(cell))).filter(Boolean)).size;
  const header = rows.slice(0, 10).find((row) => known(row) >= 2) ?? rows[0]!;
  const columns: Columns = { index: {}, labels: {}, ignored: [], headerLine: header.line };
  for (const [i, cell] of header.cells.entries()) {
    const label = cellText(cell);
    if (!label) continue;
    const column = columnOf(label);
    if (!column) columns.ignored.push(label);
    else if (columns.labels[column] !== undefined) return problem("delegation.import.problem.duplicateColumn", { first: columns.labels[column]!, second: label });
    else {
      columns.index[column] = i;
      columns.labels[column] = label;
    }
  }
  if (columns.index.nameZh === undefined && columns.index.nameEn === undefined) return problem("delegation.import.problem.noNameColumn");
  return { ok: true, columns };
}

/** Checks one line with the manual form's rules; duplicates across lines are checked after. */
function validateLine(row: SheetRow, columns: Columns): { line: DelegationLine | null; issues: DelegationImportIssue[] } {
  const issues: DelegationImportIssue[] = [];
  const text = (column: DelegationColumn) => (columns.index[column] === undefined ? "" : cellText(row.cells[columns.index[column]!]));
  const issue = (column: DelegationColumn, messageKey: MessageKey, params?: DelegationImportIssue["params"]) =>
    issues.push({ line: row.line, column: columns.labels[column] ?? column, messageKey, ...(params ? { params } : {}) });

  const leaderText = text("isLeader").normalize("NFKC").toLowerCase();
  const isLeader = YES.has(leaderText);
  if (!isLeader && !NO.has(leaderText)) issue("isLeader", "delegation.import.error.leader", { value: text("isLeader") });

  const parsed = MemberSchema.safeParse({
    nameZh: text("nameZh"),
    nameEn: text("nameEn"),
    titleZh: text("titleZh"),
    titleEn: text("titleEn"),
    organisationZh: text("organisationZh"),
    organisationEn: text("organisationEn"),
    email: text("email"),
    phone: text("phone"),
    dietaryNeeds: text("dietaryNeeds"),
    interpreterNeeds: text("interpreterNeeds"),
    isLeader,
  });
  if (!parsed.success) {
    for (const zodIssue of parsed.error.issues) {
      const field = zodIssue.path[0] as MemberField;
      // a name missing in both languages: said once, on whichever name column the file has
      const column: DelegationColumn = field === "nameZh" && columns.index.nameZh === undefined ? "nameEn" : field;
      const max = zodIssue.code === "too_big" ? Number(zodIssue.maximum) : undefined;
      issue(column, max !== undefined ? "delegation.import.error.tooLong" : (zodIssue.message as MessageKey), max !== undefined ? { max } : undefined);
    }
  }
  if (issues.length || !parsed.success) return { line: null, issues };
  return { line: { ...parsed.data, line: row.line }, issues };
}

type Validated =
  | { ok: true; lines: DelegationLine[]; issues: DelegationImportIssue[]; errorLines: number[]; columns: Columns }
  | { ok: false; problem: DelegationImportProblem };

/** Cells to members: the valid ones, and an issue for every bad cell of the others. */
export function validateDelegationSheet(rows: SheetRow[]): Validated {
  const filled = rows.filter((row) => row.cells.some((cell) => cellText(cell) !== ""));
  if (!filled.length) return problem("delegation.import.problem.empty");
  const found = findColumns(filled);
  if (!found.ok) return found;
  const { columns } = found;
  const dataRows = filled.filter((row) => row.line > columns.headerLine);
  if (!dataRows.length) return problem("delegation.import.problem.noRows");
  if (dataRows.length > MAX_LINES) return problem("delegation.import.problem.tooManyRows", { max: MAX_LINES });
  const lines: DelegationLine[] = [];
  const issues: DelegationImportIssue[] = [];
  const errorLines = new Set<number>();
  for (const row of dataRows) {
    const checked = validateLine(row, columns);
    if (checked.line) lines.push(checked.line);
    else errorLines.add(row.line);
    issues.push(...checked.issues);
  }

  // Across lines, judged on what every line says (valid or not, so a typo elsewhere cannot hide a repeat): the
  // later of two lines with one email, or of two leaders, is the wrong one.
  const cell = (row: SheetRow, column: DelegationColumn) => (columns.index[column] === undefined ? "" : cellText(row.cells[columns.index[column]!]));
  const firstEmail = new Map<string, number>();
  let firstLeader: number | null = null;
  for (const row of dataRows) {
    const email = cell(row, "email").normalize("NFKC").toLowerCase();
    const other = email ? firstEmail.get(email) : undefined;
    if (other !== undefined) {
      issues.push({ line: row.line, column: columns.labels.email ?? "email", messageKey: "delegation.import.error.duplicateEmail", params: { other, value: email } });
      errorLines.add(row.line);
    } else if (email) firstEmail.set(email, row.line);
    if (YES.has(cell(row, "isLeader").normalize("NFKC").toLowerCase())) {
      if (firstLeader !== null) {
        issues.push({ line: row.line, column: columns.labels.isLeader ?? "isLeader", messageKey: "delegation.import.error.twoLeaders", params: { other: firstLeader } });
        errorLines.add(row.line);
      } else firstLeader = row.line;
    }
  }
  const valid = lines.filter((line) => !errorLines.has(line.line));
  return { ok: true, lines: valid, issues: issues.sort((a, b) => a.line - b.line), errorLines: [...errorLines].sort((a, b) => a - b), columns };
}

// ───────────────────────────── plan ─────────────────────────────

export type PlannedMember = DelegationLine & {
  /** the place the member will take: after the existing members, in file order */
  precedence: number;
  /** a new guest account, or the existing guest account with this email */
  account: "new" | "link";
};

export type DelegationImportPlan = {
  members: PlannedMember[];
  issues: DelegationImportIssue[];
  errorLines: number[];
  /** the current leader, when a line of the file takes the mark from them */
  replacesLeader: { nameZh: string; nameEn: string } | null;
};

/** Decides, line by line in file order, what confirming would do to accounts and places. */
export async function planDelegationImport(db: Tx, eventId: string, lines: DelegationLine[], labels: Partial<Record<DelegationColumn, string>>): Promise<DelegationImportPlan> {
  const [matches, last, leader] = await Promise.all([
    matchGuests(db, eventId, lines.map((line) => line.email)),
    db.delegationMember.aggregate({ where: { delegation: { eventId } }, _max: { precedence: true } }),
    db.delegationMember.findFirst({ where: { delegation: { eventId }, isLeader: true }, select: { nameZh: true, nameEn: true } }),
  ]);
  let precedence = last._max.precedence ?? 0;
  const members: PlannedMember[] = [];
  const issues: DelegationImportIssue[] = [];
  const errorLines: number[] = [];
  for (const line of lines) {
    const match: GuestMatch = line.email ? matches.get(line.email)! : { kind: "new" };
    if (match.kind === "refused") {
      issues.push({ line: line.line, column: labels.email ?? "email", messageKey: match.messageKey, params: { ...match.params, value: line.email } });
      errorLines.push(line.line);
      continue;
    }
    precedence += 1;
    members.push({ ...line, precedence, account: match.kind });
  }
  return { members, issues, errorLines, replacesLeader: leader && lines.some((line) => line.isLeader) ? leader : null };
}

// ───────────────────────────── preview ─────────────────────────────

export type DelegationImportCounts = { lines: number; members: number; linked: number; errors: number };

export type DelegationImportPreview = {
  fileName: string;
  sheetName: string | null;
  ignoredColumns: string[];
  members: PlannedMember[];
  /** every issue, in line order; a line may have several */
  issues: DelegationImportIssue[];
  counts: DelegationImportCounts;
  replacesLeader: DelegationImportPlan["replacesLeader"];
};

export type DelegationPreviewResult = { ok: true; preview: DelegationImportPreview; token: string | null } | { ok: false; problem: DelegationImportProblem };

function countsOf(plan: DelegationImportPlan, lines: number): DelegationImportCounts {
  return { lines, members: plan.members.length, linked: plan.members.filter((member) => member.account === "link").length, errors: plan.errorLines.length };
}

/**
 * Reads, validates and plans an upload without writing anything. The token seals the members for confirmation, and
 * is only given when every line is valid.
 */
export async function previewDelegationImport(input: { eventId: string; actorId: string; fileName: string; bytes: Uint8Array; now?: Date }): Promise<DelegationPreviewResult> {
  const now = input.now ?? new Date();
  const read = await readCohortFile(input.fileName, input.bytes);
  if (!read.ok) return problem(READ_PROBLEMS[read.problem.messageKey] ?? "delegation.import.problem.unreadable", read.problem.params);
  // A CSV record is a spreadsheet row even when a quoted cell spans several text lines, so a CSV's lines are
  // counted by record (blank ones too); a workbook's rows carry their own numbers.
  const rows = read.sheet.sheetName === null ? read.sheet.rows.map((row, i) => ({ line: i + 1, cells: row.cells })) : read.sheet.rows;
  const validated = validateDelegationSheet(rows);
  if (!validated.ok) return validated;
  const plan = await planDelegationImport(prisma, input.eventId, validated.lines, validated.columns.labels);
  const merged: DelegationImportPlan = {
    ...plan,
    issues: [...validated.issues, ...plan.issues].sort((a, b) => a.line - b.line),
    errorLines: [...new Set([...validated.errorLines, ...plan.errorLines])].sort((a, b) => a - b),
  };
  const counts = countsOf(merged, validated.lines.length + validated.errorLines.length);
  const token =
    counts.errors === 0 && counts.members > 0
      ? sealImport({
          eventId: input.eventId,
          actorId: input.actorId,
          expiresAt: now.getTime() + PREVIEW_TTL_MS,
          nonce: randomBytes(12).toString("base64url"),
          fileName: input.fileName,
          labels: validated.columns.labels,
          lines: validated.lines,
        })
      : null;
  return {
    ok: true,
    preview: { fileName: input.fileName, sheetName: read.sheet.sheetName, ignoredColumns: validated.columns.ignored, members: merged.members, issues: merged.issues, counts, replacesLeader: merged.replacesLeader },
    token,
  };
}

// ───────────────────────────── the sealed preview ─────────────────────────────

/*
 * The previewed members travel to the confirmation in the confirm form, deflated and signed (app/utils/seal.server.ts),
 * bound to the visit, the organizer and an hour, as the award import does. The nonce makes each preview confirmable
 * once: the import's audit entry records it, and a second confirmation of the same preview finds it there.
 */
type SealedImport = {
  eventId: string;
  actorId: string;
  expiresAt: number;
  nonce: string;
  fileName: string;
  labels: Partial<Record<DelegationColumn, string>>;
  lines: DelegationLine[];
};

const text = (max: number) => z.string().max(max);
const SealedImportSchema = z.object({
  eventId: z.string(),
  actorId: z.string(),
  expiresAt: z.number(),
  nonce: z.string().min(16).max(40),
  fileName: z.string(),
  labels: z.partialRecord(z.enum(DELEGATION_COLUMNS), z.string()),
  lines: z
    .array(
      z.object({
        line: z.number().int(),
        nameZh: text(100),
        nameEn: text(200),
        titleZh: text(200),
        titleEn: text(400),
        organisationZh: text(200),
        organisationEn: text(400),
        email: text(400),
        phone: text(80),
        dietaryNeeds: text(600),
        interpreterNeeds: text(600),
        isLeader: z.boolean(),
      }),
    )
    .min(1)
    .max(MAX_LINES),
});

const SEAL_VERSION = "d1";

export function sealImport(sealed: SealedImport): string {
  return seal("delegation-import", SEAL_VERSION, sealed);
}

/** The sealed members, or null when the seal is forged, damaged, for another visit or organizer, or expired. */
export function openImport(token: string, expect: { eventId: string; actorId: string; now: Date }): SealedImport | null {
  const sealed = unseal("delegation-import", SEAL_VERSION, token, SealedImportSchema);
  if (!sealed || sealed.eventId !== expect.eventId || sealed.actorId !== expect.actorId || sealed.expiresAt < expect.now.getTime()) return null;
  return sealed;
}

// ───────────────────────────── confirm ─────────────────────────────

export type DelegationImportSummary = { added: number; linked: number };

export type DelegationConfirmResult =
  | { ok: true; summary: DelegationImportSummary }
  | { ok: false; reason: "expired" }
  | { ok: false; reason: "used" }
  | { ok: false; reason: "changed"; preview: DelegationImportPreview; token: string | null };

/** Thrown inside the transaction to roll it back when the fresh plan no longer matches what was previewed. */
class PlanChanged extends Error {
  constructor(readonly plan: DelegationImportPlan) {
    super("the delegation import plan changed since the preview");
  }
}

const IMPORT_ACTION = "delegation.import";

/**
 * Appends a confirmed preview's members after the existing ones, in file order: all of them, or none. The
 * transaction takes the visit's write lock first, so two confirmations of one preview run one after the other and
 * the second finds the first one's nonce. The members are planned again inside it; if anything has changed since
 * the preview (an email now taken, a guest added to another visit), nothing is written and the organizer gets the
 * fresh preview.
 */
export async function confirmDelegationImport(input: { eventId: string; actorId: string; token: string; now?: Date }): Promise<DelegationConfirmResult> {
  const now = input.now ?? new Date();
  const sealed = openImport(input.token, { eventId: input.eventId, actorId: input.actorId, now });
  if (!sealed) return { ok: false, reason: "expired" };
  try {
    return await prisma.$transaction(
      async (tx) => {
        await lockForWrite(tx, input.eventId);
        const used = await tx.auditLog.findFirst({
          where: { action: IMPORT_ACTION, eventId: input.eventId, metadata: { contains: `"nonce":"${sealed.nonce}"` } },
          select: { id: true },
        });
        if (used) return { ok: false as const, reason: "used" as const };
        const plan = await planDelegationImport(tx, input.eventId, sealed.lines, sealed.labels);
        if (plan.issues.length) throw new PlanChanged(plan);
        const added = await appendMembers(tx, input.actorId, input.eventId, sealed.lines, { source: "import" });
        const summary = { added: added.length, linked: plan.members.filter((member) => member.account === "link").length };
        await audit(
          {
            actorId: input.actorId,
            action: IMPORT_ACTION,
            entityType: "Delegation",
            entityId: input.eventId,
            eventId: input.eventId,
            metadata: { nonce: sealed.nonce, fileName: sealed.fileName, ...summary, memberIds: added.map((member) => member.id) },
          },
          tx,
        );
        return { ok: true as const, summary };
      },
      { timeout: 60_000, maxWait: 10_000 },
    );
  } catch (error) {
    if (!(error instanceof PlanChanged)) throw error;
    const counts = countsOf(error.plan, sealed.lines.length);
    const preview: DelegationImportPreview = {
      fileName: sealed.fileName,
      sheetName: null,
      ignoredColumns: [],
      members: error.plan.members,
      issues: error.plan.issues,
      counts,
      replacesLeader: error.plan.replacesLeader,
    };
    return { ok: false, reason: "changed", preview, token: null };
  }
}
