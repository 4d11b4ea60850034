/**
 * The new-hire cohort import: HR's spreadsheet (CSV or .xlsx) becomes staff accounts and registrations for one
 * event. Three steps, each usable on its own:
 *
 *   read     bytes → cells, refusing what is not a UTF-8 CSV or a real workbook (a "file problem": nothing is shown)
 *   validate cells → people, each bad cell an issue naming its line and column; duplicates inside the file are a
 *            file problem, because two rows claiming one person cannot both be right
 *   plan     people → create / update / unchanged, and confirmed / waitlisted / already registered, against the
 *            database as it is now
 *
 * The preview runs all three. Confirming runs validate and plan again, inside the write-locked transaction that
 * then writes (see `confirmCohortImport`). Messages are catalog keys; this module knows nothing of HTTP.
 */

import ExcelJS from "exceljs";
import { z } from "zod";

import { Prisma, type RegistrationStatus } from "~/generated/prisma/client";
import { lockForWrite } from "~/models/registration.server";
import { prisma } from "~/utils/db.server";
import { uniqueViolation } from "~/utils/http.server";
import { seal, unseal } from "~/utils/seal.server";
import type { MessageKey } from "~/utils/i18n";

type Tx = Prisma.TransactionClient;

/** Checked before parsing, by the upload handler: a year's cohort is about 20 KB as CSV. */
export const MAX_UPLOAD_BYTES = 2 * 1024 * 1024;
/** Far above a cohort (about 160), low enough that the preview page and its sealed rows stay small. */
export const MAX_ROWS = 2_000;
/** A 2 MB .xlsx that unzips to more than this is not a staff list; refusing it keeps a zip bomb out of memory. */
const MAX_UNZIPPED_BYTES = 40 * 1024 * 1024;
/** How long the organizer may look at a preview before confirming it. */
const PREVIEW_TTL_MS = 60 * 60 * 1000;

// ───────────────────────────── columns ─────────────────────────────

export const COHORT_FIELDS = ["nameZh", "nameEn", "pinyin", "email", "employeeNo", "department", "hireDate", "recruitmentBatch"] as const;
export type CohortField = (typeof COHORT_FIELDS)[number];

/** Every column must be present; the English name may come from a pinyin column instead. */
const REQUIRED_FIELDS: CohortField[] = ["nameZh", "nameEn", "email", "employeeNo", "department", "hireDate", "recruitmentBatch"];

/**
 * Header names HR actually uses, compared after `headerKey` (NFKC, lower case, no spaces or punctuation, no "*"
 * marking a required column). The CSV/XLSX export's own headers are here too, so an export reads back.
 */
export const HEADER_ALIASES: Record<CohortField, string[]> = {
  nameZh: ["中文姓名", "姓名", "中文名", "Chinese name", "Name in Chinese", "Name (Chinese)", "nameZh"],
  nameEn: ["英文姓名", "英文名", "英文姓名或拼音", "英文名或拼音", "English name", "Name in English", "Name (English)", "English name or pinyin", "nameEn"],
  pinyin: ["拼音", "姓名拼音", "Pinyin"],
  email: ["邮箱", "电子邮箱", "邮箱地址", "电子邮件", "Email", "E-mail", "Email address"],
  employeeNo: ["工号", "员工号", "员工编号", "职工号", "Employee number", "Employee No", "Employee ID", "Staff number", "employeeNo"],
  department: ["部门", "所在部门", "部门名称", "部门代码", "Department", "Department code", "Department name", "Dept"],
  hireDate: ["入职日期", "入职时间", "报到日期", "Hire date", "Date of hire", "Start date", "hireDate"],
  recruitmentBatch: ["批次", "招聘批次", "入职批次", "Recruitment batch", "Batch", "recruitmentBatch"],
};

function headerKey(text: string) {
  return text.normalize("NFKC").toLowerCase().replace(/[\s_\-.:：()（）*＊]/g, "");
}

const FIELD_BY_HEADER = new Map<string, CohortField>(
  COHORT_FIELDS.flatMap((field) => HEADER_ALIASES[field].map((alias) => [headerKey(alias), field] as const)),
);

/** The column each field was read from, as the file names it, so issues can say "column 邮箱". */
export type ColumnLabels = Partial<Record<CohortField, string>>;

// ───────────────────────────── results ─────────────────────────────

export type CohortIssue = { line: number; column: string; messageKey: MessageKey; params?: Record<string, string | number> };

/** A file that cannot be previewed at all: the route answers 400 and nothing is written. */
export type FileProblem = {
  messageKey: MessageKey;
  params?: Record<string, string | number>;
  /** for missing columns: which ones, so the page can name them in the reader's language */
  fields?: CohortField[];
  /** for duplicates: each repeated cell, naming the other line */
  issues?: CohortIssue[];
};

const problem = (messageKey: MessageKey, extra: Omit<FileProblem, "messageKey"> = {}): { ok: false; problem: FileProblem } => ({
  ok: false,
  problem: { messageKey, ...extra },
});

// ───────────────────────────── read ─────────────────────────────

type Cell = string | number | Date | null;
type SheetRow = { line: number; cells: Cell[] };
type Sheet = { rows: SheetRow[]; sheetName: string | null };
type ReadResult = { ok: true; sheet: Sheet } | { ok: false; problem: FileProblem };

const startsWith = (bytes: Uint8Array, signature: number[]) => signature.every((byte, i) => bytes[i] === byte);
const ZIP = [0x50, 0x4b, 0x03, 0x04];
const OLE = [0xd0, 0xcf, 0x11, 0xe0]; // the old .xls (and .doc) container
const BINARY = [[0x25, 0x50, 0x44, 0x46], [0x89, 0x50, 0x4e, 0x47], [0xff, 0xd8, 0xff], [0x47, 0x49, 0x46, 0x38]]; // PDF PNG JPEG GIF

/** Reads an upload by its content, not its name: a workbook is a zip, anything else must be UTF-8 text. */
export async function readCohortFile(fileName: string, bytes: Uint8Array): Promise<ReadResult> {
  if (bytes.byteLength === 0) return problem("import.problem.empty");
  if (bytes.byteLength > MAX_UPLOAD_BYTES) return problem("import.problem.tooLarge", { params: { max: "2 MB" } });
  if (startsWith(bytes, ZIP)) return readWorkbook(bytes);
  if (startsWith(bytes, OLE)) return problem("import.problem.oldExcel");
  if (/\.xlsx$/i.test(fileName)) return problem("import.problem.notWorkbook");
  if (BINARY.some((signature) => startsWith(bytes, signature)) || bytes.subarray(0, 8192).includes(0)) {
    // a UTF-16 text file also has NUL bytes: it gets the encoding advice, anything else is not a table
    return (startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff]))
      ? problem("import.problem.encoding")
      : problem("import.problem.unsupported");
  }
  let text: string;
  try {
    // fatal: GBK (what Excel's plain "CSV" gives on a Chinese Windows) is invalid UTF-8, and would otherwise
    // turn every name into replacement characters; a UTF-8 byte-order mark is dropped by the decoder
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return problem("import.problem.encoding");
  }
  return readCsv(text);
}

/** RFC 4180, with the delimiter guessed from the first line (comma, or tab or semicolon when those dominate). */
function readCsv(text: string): ReadResult {
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const count = (char: string) => firstLine.split(char).length - 1;
  const delimiter = count("\t") > count(",") ? "\t" : count(";") > count(",") ? ";" : ",";
  const rows: SheetRow[] = [];
  let cells: Cell[] = [];
  let cell = "";
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  let quoteLine = 1;
  const endCell = () => {
    cells.push(cell);
    cell = "";
  };
  const endRow = () => {
    endCell();
    rows.push({ line: rowLine, cells });
    cells = [];
  };
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (quoted) {
      if (char === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i++;
        } else quoted = false;
      } else {
        if (char === "\n") line++;
        cell += char;
      }
    } else if (char === '"' && cell.trim() === "") {
      quoted = true;
      quoteLine = line;
      cell = "";
    } else if (char === delimiter) {
      endCell();
    } else if (char === "\n" || char === "\r") {
      if (char === "\r" && text[i + 1] === "\n") i++;
      endRow();
      line++;
      rowLine = line;
    } else {
      cell += char;
    }
  }
  if (quoted) return problem("import.problem.unclosedQuote", { params: { line: quoteLine } });
  if (cell !== "" || cells.length > 0) endRow();
  return { ok: true, sheet: { rows, sheetName: null } };
}

/**
 * Sizes from the zip's central directory, without inflating anything: a workbook must list xl/workbook.xml,
 * and must not unzip to more than MAX_UNZIPPED_BYTES. Returns null when this is not a readable zip.
 */
function inspectZip(bytes: Uint8Array): { unzipped: number; hasWorkbook: boolean } | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let end = -1;
  for (let i = bytes.byteLength - 22; i >= Math.max(0, bytes.byteLength - 22 - 0xffff); i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      end = i;
      break;
    }
  }
  if (end < 0) return null;
  const entries = view.getUint16(end + 10, true);
  let offset = view.getUint32(end + 16, true);
  let unzipped = 0;
  let hasWorkbook = false;
  const decoder = new TextDecoder();
  for (let n = 0; n < entries; n++) {
    if (offset + 46 > bytes.byteLength || view.getUint32(offset, true) !== 0x02014b50) return null;
    const size = view.getUint32(offset + 24, true);
    const nameLength = view.getUint16(offset + 28, true);
    const skip = 46 + nameLength + view.getUint16(offset + 30, true) + view.getUint16(offset + 32, true);
    if (size === 0xffffffff) return { unzipped: Number.POSITIVE_INFINITY, hasWorkbook }; // zip64: far too big anyway
    unzipped += size;
    if (decoder.decode(bytes.subarray(offset + 46, offset + 46 + nameLength)) === "xl/workbook.xml") hasWorkbook = true;
    offset += skip;
  }
  return { unzipped, hasWorkbook };
}

async function readWorkbook(bytes: Uint8Array): Promise<ReadResult> {
  const zip = inspectZip(bytes);
  if (!zip || !zip.hasWorkbook) return problem("import.problem.notWorkbook");
  if (zip.unzipped > MAX_UNZIPPED_BYTES) return problem("import.problem.tooLarge", { params: { max: "2 MB" } });
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  } catch {
    return problem("import.problem.notWorkbook");
  }
  // The first sheet is HR's list; the page says which sheet was read, in case the workbook has several.
  const worksheet = workbook.worksheets[0];
  if (!worksheet) return problem("import.problem.empty");
  const rows: SheetRow[] = [];
  worksheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const values = Array.isArray(row.values) ? row.values.slice(1) : [];
    rows.push({ line: rowNumber, cells: Array.from(values, (value) => cellValue(value)) });
  });
  return { ok: true, sheet: { rows, sheetName: worksheet.name } };
}

/** exceljs cell values flattened: rich text and hyperlinks (Excel links every typed email) to their text, formulas to their result. */
function cellValue(value: unknown): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === "string" || typeof value === "number" || value instanceof Date) return value;
  if (typeof value === "boolean") return String(value);
  if (typeof value === "object") {
    if ("richText" in value && Array.isArray(value.richText)) return value.richText.map((run: { text?: string }) => run.text ?? "").join("");
    if ("result" in value) return cellValue(value.result);
    if ("text" in value) return cellValue(value.text);
    if ("error" in value) return String(value.error);
  }
  return null;
}

// ───────────────────────────── validate ─────────────────────────────

/** One person as read from a valid row; what a preview carries to its confirmation. */
export type CohortRow = {
  line: number;
  nameZh: string;
  nameEn: string;
  /** undefined when the file has no pinyin column: an update then leaves the stored pinyin alone */
  pinyin?: string | null;
  email: string;
  employeeNo: string;
  department: string;
  /** YYYY-MM-DD */
  hireDate: string;
  recruitmentBatch: string | null;
};

type Columns = { index: Partial<Record<CohortField, number>>; labels: ColumnLabels; ignored: string[]; headerLine: number };

const INVISIBLE = /[\u200B-\u200D\u2060\uFEFF]/g;
const clean = (text: string) => text.replace(INVISIBLE, "").replace(/\s+/g, " ").trim();

/**
 * Finds the header row: the first of the first ten rows that names at least three known columns, so a title
 * row above the table ("2027年新员工名单") is skipped. Without one, the first row is taken and its gaps named.
 */
function findColumns(rows: SheetRow[]): { ok: true; columns: Columns } | { ok: false; problem: FileProblem } {
  const known = (row: SheetRow) => new Set(row.cells.map((cell) => FIELD_BY_HEADER.get(headerKey(textOf(cell)))).filter(Boolean)).size;
  const header = rows.slice(0, 10).find((row) => known(row) >= 3) ?? rows[0]!;
  const index: Partial<Record<CohortField, number>> = {};
  const labels: ColumnLabels = {};
  const ignored: string[] = [];
  for (const [i, cell] of header.cells.entries()) {
    const label = clean(textOf(cell));
    if (!label) continue;
    const field = FIELD_BY_HEADER.get(headerKey(label));
    if (!field) {
      ignored.push(label);
      continue;
    }
    if (labels[field] !== undefined) {
      return problem("import.problem.duplicateColumn", { params: { first: labels[field]!, second: label } });
    }
    index[field] = i;
    labels[field] = label;
  }
  const missing = REQUIRED_FIELDS.filter((field) => index[field] === undefined && !(field === "nameEn" && index.pinyin !== undefined));
  if (missing.length > 0) return problem("import.problem.missingColumns", { fields: missing });
  return { ok: true, columns: { index, labels, ignored, headerLine: header.line } };
}

function textOf(cell: Cell | undefined): string {
  if (cell === null || cell === undefined) return "";
  if (cell instanceof Date) return isoDay(cell);
  return String(cell);
}

function isoDay(date: Date) {
  // exceljs gives a date cell as UTC midnight of the calendar day; round away float noise from the serial
  const rounded = new Date(Math.round(date.getTime() / 60_000) * 60_000);
  return rounded.toISOString().slice(0, 10);
}

/** A day as HR types it: 2027-09-01, 2027/9/1, 2027.9.1 or 2027年9月1日; an Excel serial number from a date cell. */
function parseDay(cell: Cell): string | null {
  if (cell instanceof Date) return isoDay(cell);
  if (typeof cell === "number") {
    if (!Number.isInteger(cell) || cell < 18_000 || cell > 80_000) return null;
    return new Date(Date.UTC(1899, 11, 30) + cell * 86_400_000).toISOString().slice(0, 10);
  }
  const match = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(textOf(cell).normalize("NFKC").trim());
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (year < 1950 || year > 2100 || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return date.toISOString().slice(0, 10);
}

const EMPLOYEE_NO = /^[A-Za-z0-9-]+$/;
const emailSchema = z.email();
const LIMITS = { nameZh: 50, nameEn: 100, pinyin: 100, email: 200, employeeNo: 30, department: 100, recruitmentBatch: 40 } as const;

/** Checks one data row on its own; whether the people exist is the planner's business. */
function validateRow(row: SheetRow, columns: Columns): { row: CohortRow | null; issues: CohortIssue[] } {
  const issues: CohortIssue[] = [];
  const cellOf = (field: CohortField) => (columns.index[field] === undefined ? null : (row.cells[columns.index[field]!] ?? null));
  const text = (field: CohortField) => clean(textOf(cellOf(field)));
  const issue = (field: CohortField, messageKey: MessageKey, params?: CohortIssue["params"]) =>
    issues.push({ line: row.line, column: columns.labels[field] ?? field, messageKey, ...(params ? { params } : {}) });
  const required = (field: CohortField, value: string) => {
    if (!value) issue(field, "import.error.required");
    else if (value.length > LIMITS[field as keyof typeof LIMITS]) issue(field, "import.error.tooLong", { max: LIMITS[field as keyof typeof LIMITS] });
    return value;
  };

  const nameZh = required("nameZh", text("nameZh"));
  const hasPinyin = columns.index.pinyin !== undefined;
  const pinyin = hasPinyin ? text("pinyin") : undefined;
  if (pinyin && pinyin.length > LIMITS.pinyin) issue("pinyin", "import.error.tooLong", { max: LIMITS.pinyin });
  // "English name or pinyin": the English column when there is one and it is filled, else the pinyin
  const nameEnField: CohortField = columns.index.nameEn !== undefined && (text("nameEn") || !pinyin) ? "nameEn" : "pinyin";
  const nameEn = required(nameEnField, text(nameEnField));

  const email = text("email").normalize("NFKC").toLowerCase();
  if (required("email", email) && email.length <= LIMITS.email && !emailSchema.safeParse(email).success) issue("email", "import.error.email");

  const employeeNo = text("employeeNo").normalize("NFKC");
  if (required("employeeNo", employeeNo) && employeeNo.length <= LIMITS.employeeNo && !EMPLOYEE_NO.test(employeeNo)) {
    issue("employeeNo", "import.error.employeeNo");
  }

  const department = required("department", text("department"));

  const hireDateCell = cellOf("hireDate");
  let hireDate = "";
  if (!text("hireDate")) issue("hireDate", "import.error.required");
  else if (!(hireDate = parseDay(hireDateCell) ?? "")) issue("hireDate", "import.error.date");

  // Excel turns a batch such as "2027-1" into a date unless the column is formatted as text
  const batchCell = cellOf("recruitmentBatch");
  const recruitmentBatch = text("recruitmentBatch");
  if (batchCell instanceof Date) issue("recruitmentBatch", "import.error.batchIsDate");
  else if (recruitmentBatch.length > LIMITS.recruitmentBatch) issue("recruitmentBatch", "import.error.tooLong", { max: LIMITS.recruitmentBatch });

  if (issues.length > 0) return { row: null, issues };
  return {
    row: {
      line: row.line,
      nameZh,
      nameEn,
      ...(hasPinyin ? { pinyin: pinyin || null } : {}),
      email,
      employeeNo,
      department,
      hireDate,
      recruitmentBatch: recruitmentBatch || null,
    },
    issues,
  };
}

/** The same email or employee number twice in one file: every repeat names the line it repeats. */
function duplicatesInFile(rows: Array<{ line: number; email: string; employeeNo: string }>, labels: ColumnLabels): CohortIssue[] {
  const issues: CohortIssue[] = [];
  for (const field of ["email", "employeeNo"] as const) {
    const firstLine = new Map<string, number>();
    for (const row of rows) {
      const key = field === "email" ? row.email : row.employeeNo.toUpperCase();
      if (!key) continue;
      const seen = firstLine.get(key);
      if (seen === undefined) firstLine.set(key, row.line);
      else issues.push({ line: row.line, column: labels[field] ?? field, messageKey: "import.error.duplicate", params: { other: seen, value: row[field] } });
    }
  }
  return issues.sort((a, b) => a.line - b.line);
}

type Validated =
  | { ok: true; rows: CohortRow[]; issues: CohortIssue[]; errorLines: number[]; columns: Columns; sheetName: string | null }
  | { ok: false; problem: FileProblem };

/** Cells to people: the valid rows, and an issue for every bad cell of the others. */
export function validateSheet(sheet: Sheet): Validated {
  const rows = sheet.rows.filter((row) => row.cells.some((cell) => textOf(cell).trim() !== ""));
  if (rows.length === 0) return problem("import.problem.empty");
  const found = findColumns(rows);
  if (!found.ok) return found;
  const { columns } = found;
  const dataRows = rows.filter((row) => row.line > columns.headerLine);
  if (dataRows.length === 0) return problem("import.problem.noRows");
  if (dataRows.length > MAX_ROWS) return problem("import.problem.tooManyRows", { params: { max: MAX_ROWS } });

  // Duplicates are judged on what the rows say, valid or not, so a typo elsewhere in a row cannot hide one.
  const identities = dataRows.map((row) => ({
    line: row.line,
    email: clean(textOf(columns.index.email === undefined ? null : (row.cells[columns.index.email] ?? null))).normalize("NFKC").toLowerCase(),
    employeeNo: clean(textOf(columns.index.employeeNo === undefined ? null : (row.cells[columns.index.employeeNo] ?? null))).normalize("NFKC"),
  }));
  const duplicates = duplicatesInFile(identities, columns.labels);
  if (duplicates.length > 0) return problem("import.problem.duplicates", { issues: duplicates });

  const valid: CohortRow[] = [];
  const issues: CohortIssue[] = [];
  const errorLines: number[] = [];
  for (const row of dataRows) {
    const checked = validateRow(row, columns);
    if (checked.row) valid.push(checked.row);
    else errorLines.push(row.line);
    issues.push(...checked.issues);
  }
  return { ok: true, rows: valid, issues, errorLines, columns, sheetName: sheet.sheetName };
}

// ───────────────────────────── plan ─────────────────────────────

export type AccountAction = "create" | "update" | "unchanged";
export type RegistrationAction = { kind: "confirm" } | { kind: "waitlist" } | { kind: "already"; status: RegistrationStatus };
type Department = { id: string; code: string; nameZh: string; nameEn: string };

export type PlannedRow = {
  row: CohortRow;
  department: Department;
  /** null for a new account */
  userId: string | null;
  /** whether the matched account still needs its staff profile */
  hasProfile: boolean;
  account: AccountAction;
  changes: CohortField[];
  registration: RegistrationAction;
};

export type CohortPlan = {
  rows: PlannedRow[];
  /** rows valid on their own but impossible against the database (unknown department, identity clash) */
  issues: CohortIssue[];
  errorLines: number[];
  seats: { capacity: number | null; confirmed: number };
};

const lookupKey = (text: string) => text.normalize("NFKC").toLowerCase().replace(/\s+/g, " ").trim();

const existingSelect = (eventId: string) =>
  ({
    id: true,
    email: true,
    kind: true,
    deletedAt: true,
    nameZh: true,
    nameEn: true,
    pinyin: true,
    profile: { select: { employeeNo: true, departmentId: true, hireDate: true, recruitmentBatch: true } },
    registrations: { where: { eventId }, select: { status: true } },
  }) satisfies Prisma.UserSelect;
type Existing = Prisma.UserGetPayload<{ select: ReturnType<typeof existingSelect> }>;

/**
 * Decides, row by row in file order, what confirming would do. Accounts are matched by employee number and by
 * email; when the two point at different people, or at someone whose other identifier differs, the row is an
 * issue rather than a guess. New registrations take the free seats in file order, then wait.
 */
export async function planCohort(
  db: Tx,
  eventId: string,
  rows: CohortRow[],
  labels: ColumnLabels,
  // Changing an existing colleague's name, department or dates is an HR act (update:user): an event organizer
  // without it can register existing staff from the file, but their accounts are left exactly as they are.
  { mayUpdateAccounts }: { mayUpdateAccounts: boolean },
): Promise<CohortPlan> {
  const [event, confirmed, departments] = await Promise.all([
    db.event.findUniqueOrThrow({ where: { id: eventId }, select: { capacity: true } }),
    db.registration.count({ where: { eventId, status: "CONFIRMED" } }),
    db.department.findMany({ select: { id: true, code: true, nameZh: true, nameEn: true } }),
  ]);
  const departmentByKey = new Map<string, Department>();
  for (const department of departments) {
    for (const key of [department.code, department.nameZh, department.nameEn]) departmentByKey.set(lookupKey(key), department);
  }

  const byNumber = new Map<string, Existing>();
  const byEmail = new Map<string, Existing>();
  if (rows.length > 0) {
    const select = existingSelect(eventId);
    // Emails and employee numbers are matched regardless of case (as duplicates in the file are), on the stored
    // side too, for accounts made before that rule; SQLite's = is case-sensitive, hence lower() and upper().
    const [emailIds, numberIds] = await Promise.all([
      db.$queryRaw<Array<{ id: string }>>`
        SELECT "id" FROM "User" WHERE lower("email") IN (${Prisma.join(rows.map((row) => row.email))})`,
      db.$queryRaw<Array<{ id: string }>>`
        SELECT "userId" AS "id" FROM "StaffProfile" WHERE upper("employeeNo") IN (${Prisma.join(rows.map((row) => row.employeeNo.toUpperCase()))})`,
    ]);
    const [numbered, emailed] = await Promise.all([
      db.user.findMany({ where: { id: { in: numberIds.map((row) => row.id) } }, select }),
      db.user.findMany({ where: { id: { in: emailIds.map((row) => row.id) } }, select }),
    ]);
    for (const user of numbered) byNumber.set(user.profile!.employeeNo.toUpperCase(), user);
    for (const user of emailed) byEmail.set(user.email.toLowerCase(), user);
  }

  const planned: PlannedRow[] = [];
  const issues: CohortIssue[] = [];
  const errorLines: number[] = [];
  let free = event.capacity === null ? Number.POSITIVE_INFINITY : Math.max(0, event.capacity - confirmed);
  for (const row of rows) {
    const issue = (field: CohortField, messageKey: MessageKey, params?: CohortIssue["params"]) => {
      issues.push({ line: row.line, column: labels[field] ?? field, messageKey, ...(params ? { params } : {}) });
      if (errorLines.at(-1) !== row.line) errorLines.push(row.line);
    };
    const department = departmentByKey.get(lookupKey(row.department));
    if (!department) issue("department", "import.error.department");

    const numbered = byNumber.get(row.employeeNo.toUpperCase());
    const emailed = byEmail.get(row.email);
    if (numbered && emailed && numbered.id !== emailed.id) {
      issue("email", "import.error.emailTaken", { employeeNo: emailed.profile?.employeeNo ?? "—" });
    } else if (numbered && numbered.email.toLowerCase() !== row.email) {
      issue("employeeNo", "import.error.numberTaken", { email: numbered.email });
    } else if (emailed && emailed.kind === "GUEST") {
      issue("email", "import.error.guest");
    } else if (emailed?.profile && emailed.profile.employeeNo.toUpperCase() !== row.employeeNo.toUpperCase()) {
      issue("email", "import.error.emailTaken", { employeeNo: emailed.profile.employeeNo });
    }
    const existing = numbered ?? emailed ?? null;
    if (existing?.deletedAt) issue("email", "import.error.deactivated");
    if (!department || errorLines.at(-1) === row.line) continue;

    const changes: CohortField[] = [];
    if (existing && mayUpdateAccounts) {
      const profile = existing.profile;
      if (existing.nameZh !== row.nameZh) changes.push("nameZh");
      if (existing.nameEn !== row.nameEn) changes.push("nameEn");
      if (row.pinyin !== undefined && existing.pinyin !== row.pinyin) changes.push("pinyin");
      if (!profile || profile.departmentId !== department.id) changes.push("department");
      if (!profile || profile.hireDate?.toISOString().slice(0, 10) !== row.hireDate) changes.push("hireDate");
      if (!profile || profile.recruitmentBatch !== row.recruitmentBatch) changes.push("recruitmentBatch");
    }
    // Someone already on the list, in any state, is left as they are: a cancellation or a refusal stands,
    // and importing the same file twice changes nothing.
    const current = existing?.registrations[0]?.status;
    let registration: RegistrationAction;
    if (current) registration = { kind: "already", status: current };
    else if (free > 0) {
      registration = { kind: "confirm" };
      free--;
    } else registration = { kind: "waitlist" };
    planned.push({
      row,
      department,
      userId: existing?.id ?? null,
      hasProfile: Boolean(existing?.profile),
      account: !existing ? "create" : changes.length > 0 ? "update" : "unchanged",
      changes,
      registration,
    });
  }
  return { rows: planned, issues, errorLines, seats: { capacity: event.capacity, confirmed } };
}

// ───────────────────────────── preview ─────────────────────────────

export type PreviewCounts = {
  rows: number;
  create: number;
  update: number;
  unchanged: number;
  errors: number;
  confirm: number;
  waitlist: number;
  already: number;
};

export type CohortPreview = {
  fileName: string;
  sheetName: string | null;
  ignoredColumns: string[];
  rows: PlannedRow[];
  /** every issue, in line order; a row may have several */
  issues: CohortIssue[];
  counts: PreviewCounts;
  seats: CohortPlan["seats"];
};

export type ImportBlock = "import.closed";

/**
 * Imported hires are registered by the organizer, so the registration window, the audience and approval do not
 * apply (the organizer is the approver); the event must still be published and not over.
 */
async function importBlock(db: Tx, eventId: string, now: Date): Promise<ImportBlock | null> {
  const event = await db.event.findUnique({ where: { id: eventId }, select: { status: true, endsAt: true } });
  return event && event.status === "PUBLISHED" && event.endsAt > now ? null : "import.closed";
}

export async function cohortImportBlock(eventId: string, now = new Date()) {
  return importBlock(prisma, eventId, now);
}

function countsOf(plan: CohortPlan, errorRows: number): PreviewCounts {
  const count = (test: (row: PlannedRow) => boolean) => plan.rows.filter(test).length;
  return {
    rows: plan.rows.length + errorRows,
    create: count((row) => row.account === "create"),
    update: count((row) => row.account === "update"),
    unchanged: count((row) => row.account === "unchanged"),
    errors: errorRows,
    confirm: count((row) => row.registration.kind === "confirm"),
    waitlist: count((row) => row.registration.kind === "waitlist"),
    already: count((row) => row.registration.kind === "already"),
  };
}

export type PreviewResult =
  | { ok: true; preview: CohortPreview; token: string | null }
  | { ok: false; problem: FileProblem }
  | { ok: false; blocked: ImportBlock };

/** Reads, validates and plans an upload without writing anything; the token seals the valid rows for confirmation. */
export async function previewCohortImport(input: {
  eventId: string;
  actorId: string;
  mayUpdateAccounts: boolean;
  fileName: string;
  bytes: Uint8Array;
  now?: Date;
}): Promise<PreviewResult> {
  const now = input.now ?? new Date();
  const blocked = await importBlock(prisma, input.eventId, now);
  if (blocked) return { ok: false, blocked };
  const read = await readCohortFile(input.fileName, input.bytes);
  if (!read.ok) return read;
  const validated = validateSheet(read.sheet);
  if (!validated.ok) return validated;
  const plan = await planCohort(prisma, input.eventId, validated.rows, validated.columns.labels, input);
  const errorLines = new Set([...validated.errorLines, ...plan.errorLines]);
  const preview: CohortPreview = {
    fileName: input.fileName,
    sheetName: validated.sheetName,
    ignoredColumns: validated.columns.ignored,
    rows: plan.rows,
    issues: [...validated.issues, ...plan.issues].sort((a, b) => a.line - b.line),
    counts: countsOf(plan, errorLines.size),
    seats: plan.seats,
  };
  const token =
    plan.rows.length > 0
      ? sealRows({
          eventId: input.eventId,
          actorId: input.actorId,
          expiresAt: now.getTime() + PREVIEW_TTL_MS,
          fileName: input.fileName,
          labels: validated.columns.labels,
          skipped: errorLines.size,
          rows: plan.rows.map((planned) => planned.row),
        })
      : null;
  return { ok: true, preview, token };
}

// ───────────────────────────── the sealed preview ─────────────────────────────

/*
 * How the previewed rows reach the confirmation. A table would need a migration, and a temp file under
 * os.tmpdir() would tie the confirmation to the machine (and process) that served the preview, and need a sweeper.
 * So the valid rows travel in the confirm form itself: JSON, deflated, base64url, and signed with an HMAC keyed
 * from the session secrets (rotation: any current secret verifies, the first signs). The seal binds the event, the
 * organizer and an expiry, so it cannot be replayed elsewhere, by someone else, or next week. It is only a
 * carrier: confirming validates and plans the rows again, inside the write-locked transaction, against the
 * database as it is then. 160 rows seal to about 6 KB.
 */
type SealedRows = {
  eventId: string;
  actorId: string;
  expiresAt: number;
  fileName: string;
  labels: ColumnLabels;
  skipped: number;
  rows: CohortRow[];
};

const SealedRowsSchema = z.object({
  eventId: z.string(),
  actorId: z.string(),
  expiresAt: z.number(),
  fileName: z.string(),
  labels: z.partialRecord(z.enum(COHORT_FIELDS), z.string()),
  skipped: z.number().int().min(0),
  rows: z
    .array(
      z.object({
        line: z.number().int(),
        nameZh: z.string(),
        nameEn: z.string(),
        pinyin: z.string().nullable().optional(),
        email: z.string(),
        employeeNo: z.string(),
        department: z.string(),
        hireDate: z.string(),
        recruitmentBatch: z.string().nullable(),
      }),
    )
    .max(MAX_ROWS),
});

const SEAL_VERSION = "c1";

export function sealRows(sealed: SealedRows): string {
  return seal("cohort-import", SEAL_VERSION, sealed);
}

/** The sealed rows, or null when the seal is forged, damaged, for another event or organizer, or expired. */
export function openRows(token: string, expect: { eventId: string; actorId: string; now: Date }): SealedRows | null {
  const sealed = unseal("cohort-import", SEAL_VERSION, token, SealedRowsSchema);
  if (!sealed || sealed.eventId !== expect.eventId || sealed.actorId !== expect.actorId || sealed.expiresAt < expect.now.getTime()) return null;
  return sealed as SealedRows;
}

// ───────────────────────────── confirm ─────────────────────────────

export type ImportSummary = {
  created: number;
  updated: number;
  unchanged: number;
  confirmed: number;
  waitlisted: number;
  alreadyRegistered: number;
  /** rows left out because they had errors at preview */
  skipped: number;
};

export type ConfirmResult =
  | { ok: true; summary: ImportSummary }
  | { ok: false; reason: "expired" }
  | { ok: false; reason: "blocked"; blocked: ImportBlock }
  | { ok: false; reason: "changed"; preview: CohortPreview; token: string | null };

/** Thrown inside the transaction to roll it back when the fresh plan no longer matches what was previewed. */
class PlanChanged extends Error {
  constructor(readonly plan: CohortPlan) {
    super("the cohort plan changed since the preview");
  }
}

/**
 * Writes a confirmed preview: all of its rows or none of them.
 *
 * The rule ("all-or-nothing or resumable"): rows with errors are left out at preview, and the page says so before
 * the organizer confirms; the rows that were valid are then written in ONE transaction. If any of them has become
 * impossible since the preview (an email taken meanwhile, a department removed), or any write fails, nothing at
 * all is written and the organizer gets a fresh preview. Because re-importing is idempotent (matched by employee
 * number and email; anyone already registered is left alone), fixing the bad rows and uploading the whole file
 * again imports exactly the rows that are still missing.
 *
 * The transaction takes the event's write lock first (ADR 005), so the seat count it plans with cannot go stale
 * before the registrations that depend on it are inserted.
 */
export async function confirmCohortImport(input: {
  eventId: string;
  actorId: string;
  token: string;
  mayUpdateAccounts: boolean;
  now?: Date;
}): Promise<ConfirmResult> {
  const now = input.now ?? new Date();
  const sealed = openRows(input.token, { eventId: input.eventId, actorId: input.actorId, now });
  if (!sealed) return { ok: false, reason: "expired" };
  try {
    return await prisma.$transaction(
      async (tx) => {
        await lockForWrite(tx, input.eventId);
        const blocked = await importBlock(tx, input.eventId, now);
        if (blocked) return { ok: false as const, reason: "blocked" as const, blocked };
        const plan = await planCohort(tx, input.eventId, sealed.rows, sealed.labels, input);
        if (plan.issues.length > 0) throw new PlanChanged(plan);
        const summary = await writePlan(tx, input.eventId, input.actorId, plan, now);
        return { ok: true as const, summary: { ...summary, skipped: sealed.skipped } };
      },
      { timeout: 60_000, maxWait: 10_000 },
    );
  } catch (error) {
    if (error instanceof PlanChanged || uniqueViolation(error)) {
      // Replan outside the (rolled back) transaction, so the organizer sees what is wrong now.
      const plan = error instanceof PlanChanged ? error.plan : await planCohort(prisma, input.eventId, sealed.rows, sealed.labels, input);
      const errorLines = new Set(plan.errorLines);
      const preview: CohortPreview = {
        fileName: sealed.fileName,
        sheetName: null,
        ignoredColumns: [],
        rows: plan.rows,
        issues: plan.issues,
        counts: countsOf(plan, errorLines.size + sealed.skipped),
        seats: plan.seats,
      };
      const token =
        plan.rows.length > 0
          ? sealRows({ ...sealed, expiresAt: now.getTime() + PREVIEW_TTL_MS, skipped: sealed.skipped + errorLines.size, rows: plan.rows.map((p) => p.row) })
          : null;
      return { ok: false, reason: "changed", preview, token };
    }
    throw error;
  }
}

/** The writes of one plan, batched: a 160-row cohort is a handful of statements, not hundreds. */
async function writePlan(tx: Tx, eventId: string, actorId: string, plan: CohortPlan, now: Date) {
  const hireDate = (row: CohortRow) => new Date(`${row.hireDate}T00:00:00Z`);
  const creates = plan.rows.filter((planned) => planned.account === "create");
  const updates = plan.rows.filter((planned) => planned.account === "update");

  // New accounts: staff, no password (they sign in once an admin or SSO activates them).
  const createdUsers = creates.length
    ? await tx.user.createManyAndReturn({
        data: creates.map(({ row }) => ({ email: row.email, nameZh: row.nameZh, nameEn: row.nameEn, pinyin: row.pinyin ?? null, kind: "STAFF" as const })),
        select: { id: true, email: true },
      })
    : [];
  const userIdByEmail = new Map(createdUsers.map((user) => [user.email, user.id]));
  const userIdOf = (planned: PlannedRow) => planned.userId ?? userIdByEmail.get(planned.row.email)!;
  if (creates.length) {
    await tx.staffProfile.createMany({
      data: creates.map((planned) => ({
        userId: userIdOf(planned),
        employeeNo: planned.row.employeeNo,
        departmentId: planned.department.id,
        hireDate: hireDate(planned.row),
        recruitmentBatch: planned.row.recruitmentBatch,
      })),
    });
    await tx.role.update({ where: { name: "staff" }, data: { users: { connect: createdUsers.map(({ id }) => ({ id })) } } });
  }

  for (const planned of updates) {
    const { row } = planned;
    await tx.user.update({
      where: { id: planned.userId! },
      data: { nameZh: row.nameZh, nameEn: row.nameEn, ...(row.pinyin !== undefined ? { pinyin: row.pinyin } : {}) },
    });
    const profile = { departmentId: planned.department.id, hireDate: hireDate(row), recruitmentBatch: row.recruitmentBatch };
    if (planned.hasProfile) await tx.staffProfile.update({ where: { userId: planned.userId! }, data: profile });
    else await tx.staffProfile.create({ data: { ...profile, userId: planned.userId!, employeeNo: row.employeeNo } });
  }

  // Registrations in file order; the waiting list keeps that order through waitlistedAt, a millisecond apart.
  const registering = plan.rows.filter((planned) => planned.registration.kind !== "already");
  const registrations = registering.length
    ? await tx.registration.createManyAndReturn({
        data: registering.map((planned, i) => {
          const waiting = planned.registration.kind === "waitlist";
          return {
            eventId,
            userId: userIdOf(planned),
            status: waiting ? ("WAITLISTED" as const) : ("CONFIRMED" as const),
            registeredById: actorId,
            waitlistedAt: waiting ? new Date(now.getTime() + i) : null,
          };
        }),
        select: { id: true, status: true },
      })
    : [];

  const summary = {
    created: creates.length,
    updated: updates.length,
    unchanged: plan.rows.filter((planned) => planned.account === "unchanged").length,
    confirmed: registrations.filter((registration) => registration.status === "CONFIRMED").length,
    waitlisted: registrations.filter((registration) => registration.status === "WAITLISTED").length,
    alreadyRegistered: plan.rows.length - registering.length,
  };
  // The same audit rows as one-at-a-time creation and registration would leave, written together.
  const entries: Array<{ action: string; entityType: string; entityId: string; eventId: string | null; metadata: object }> = [
    ...createdUsers.map((user) => ({ action: "user.create", entityType: "User", entityId: user.id, eventId: null, metadata: { source: "cohort-import" } })),
    ...updates.map((planned) => ({
      action: "user.update",
      entityType: "User",
      entityId: planned.userId!,
      eventId: null,
      metadata: { source: "cohort-import", changes: planned.changes },
    })),
    ...registrations.map((registration) => ({
      action: "registration.create",
      entityType: "Registration",
      entityId: registration.id,
      eventId,
      metadata: { status: registration.status, onBehalf: true, source: "cohort-import" },
    })),
  ];
  // A re-import that changes nothing leaves no trace at all, not even a summary row.
  if (entries.length === 0) return summary;
  entries.push({ action: "cohort.import", entityType: "Event", entityId: eventId, eventId, metadata: summary });
  await tx.auditLog.createMany({ data: entries.map((entry) => ({ ...entry, actorId, metadata: JSON.stringify(entry.metadata) })) });
  return summary;
}
