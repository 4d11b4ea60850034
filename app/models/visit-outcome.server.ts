/**
 * What a partnership visit leaves behind: meeting notes and follow-up actions.
 *
 * - Notes are Markdown, optionally tied to one of the visit's agenda items (the meeting they record). They are
 *   edited and deleted in place; the audit entry of an edit or a deletion keeps the text as it was, which is all
 *   the history they need.
 * - A follow-up action has a Chinese title (required) and an English one (optional), an owner (an active staff
 *   member), an optional due date and a status, OPEN or DONE. A due date is a calendar day in the visit's own
 *   time zone, stored as 18:00 that day (as the seed does), so it shows as the same day wherever it is read. An
 *   action is overdue once its day has passed in that zone. Who marked it done, and when, is read from the audit
 *   log; the schema keeps no such fields.
 * - Edits of an action carry its `updatedAt` as a version: an edit made on a copy someone else has changed since is
 *   refused (409) rather than silently overwriting their change.
 *
 * Who may do what (the routes ask `outcomeAccess`): the visit's organizers and admins (update:visit) write
 * everything; its hosts read; the owner of an action may change that action's status and nothing else, and sees
 * only their own actions, not the notes.
 */
import { DateTime } from "luxon";
import { z } from "zod";

import type { Prisma } from "~/generated/prisma/client";
import { canReadStaffItinerary } from "~/models/itinerary.server";
import { audit } from "~/utils/audit.server";
import { dayKey, formatDate } from "~/utils/datetime";
import { prisma } from "~/utils/db.server";
import { optionalText } from "~/utils/form-fields";
import { pick, translate, type Locale, type MessageKey } from "~/utils/i18n";
import { userCan } from "~/utils/permissions.server";
import type { SessionUser } from "~/utils/session.server";

// ───────────────────────────── input ─────────────────────────────

const requiredText = (max: number, message: MessageKey) =>
  z.string({ message }).trim().min(1, { message }).max(max, { message: "form.tooLong" });

const optionalId = z
  .string()
  .trim()
  .max(100)
  .optional()
  .transform((value) => value || null);

/** The version an edit form was loaded with: the record's `updatedAt`, as ISO text. */
const version = z.string({ message: "form.required" }).trim().min(1, { message: "form.required" }).max(40);

export const NoteSchema = z.object({
  agendaItemId: optionalId,
  body: requiredText(20_000, "outcomes.note.bodyRequired"),
});
export const NoteEditSchema = NoteSchema.extend({ noteId: z.string().trim().min(1).max(100), version });
export type NoteInput = z.infer<typeof NoteSchema>;

export const FollowUpSchema = z.object({
  titleZh: requiredText(300, "outcomes.action.titleRequired"),
  titleEn: optionalText(300),
  // an email or an employee number, as the people picker fills it in
  owner: requiredText(200, "outcomes.action.ownerRequired"),
  dueDate: z
    .string()
    .trim()
    .optional()
    .transform((value) => value || null)
    .refine((value) => value === null || /^\d{4}-\d{2}-\d{2}$/.test(value), { message: "outcomes.action.dueInvalid" }),
});
export const FollowUpEditSchema = FollowUpSchema.extend({ actionId: z.string().trim().min(1).max(100), version });
export type FollowUpInput = z.infer<typeof FollowUpSchema>;

export const StatusSchema = z.object({
  actionId: z.string().trim().min(1).max(100),
  status: z.enum(["OPEN", "DONE"]),
});

export const DeleteSchema = z.object({ id: z.string().trim().min(1).max(100) });

export type FieldErrors = Partial<Record<string, MessageKey[]>>;
type Refusal = { ok: false; status: 400 | 403 | 404 | 409; fieldErrors: FieldErrors; formErrors: MessageKey[] };
type Outcome<T = object> = ({ ok: true } & T) | Refusal;

const invalid = (fieldErrors: FieldErrors): Refusal => ({ ok: false, status: 400, fieldErrors, formErrors: [] });
const missing = (): Refusal => ({ ok: false, status: 404, fieldErrors: {}, formErrors: [] });
const stale = (key: MessageKey): Refusal => ({ ok: false, status: 409, fieldErrors: {}, formErrors: [key] });
const refused = (): Refusal => ({ ok: false, status: 403, fieldErrors: {}, formErrors: [] });

type Tx = Prisma.TransactionClient;

// ───────────────────────────── the visit and who may see its outcomes ─────────────────────────────

const visitSelect = {
  id: true,
  slug: true,
  kind: true,
  titleZh: true,
  titleEn: true,
  timeZone: true,
  startsAt: true,
  endsAt: true,
} satisfies Prisma.EventSelect;

export type OutcomeVisit = Prisma.EventGetPayload<{ select: typeof visitSelect }>;

export async function findOutcomeEvent(slug: string) {
  return prisma.event.findUnique({ where: { slug }, select: visitSelect });
}

export const isVisit = (event: { kind: string }) => event.kind === "PARTNERSHIP_VISIT";

/**
 * `manage`: organizers and admins (update:visit) write notes and actions. `read`: they and the visit's hosts read
 * everything. `owner`: the person owns at least one of the visit's actions, so they may see and close those.
 * Guests get nothing.
 */
export type OutcomeAccess = { manage: boolean; read: boolean; owner: boolean };

export async function outcomeAccess(user: SessionUser, eventId: string): Promise<OutcomeAccess> {
  if (user.kind !== "STAFF") return { manage: false, read: false, owner: false };
  const [manage, read, owned] = await Promise.all([
    userCan(user, "update:visit", { eventId }),
    canReadStaffItinerary(user, eventId),
    prisma.followUpAction.findFirst({ where: { eventId, ownerId: user.id }, select: { id: true } }),
  ]);
  return { manage, read: manage || read, owner: owned !== null };
}

export const mayOpenOutcomes = (access: OutcomeAccess) => access.read || access.owner;

// ───────────────────────────── reading ─────────────────────────────

const actionSelect = {
  id: true,
  eventId: true,
  titleZh: true,
  titleEn: true,
  dueDate: true,
  status: true,
  createdAt: true,
  updatedAt: true,
  owner: { select: { id: true, email: true, nameZh: true, nameEn: true } },
} satisfies Prisma.FollowUpActionSelect;

type ActionRow = Prisma.FollowUpActionGetPayload<{ select: typeof actionSelect }>;
export type DoneMark = { at: Date; by: { nameZh: string; nameEn: string } | null };
export type FollowUp = ActionRow & { done: DoneMark | null };

/**
 * When each done action was marked done, and by whom: the latest "done" entry of its audit trail. An action closed
 * without one (written straight into the database, as by an import) falls back to its last change, by nobody known.
 */
async function withDoneMarks(rows: ActionRow[]): Promise<FollowUp[]> {
  const doneIds = rows.filter((row) => row.status === "DONE").map((row) => row.id);
  const entries = doneIds.length
    ? await prisma.auditLog.findMany({
        where: { entityType: "FollowUpAction", entityId: { in: doneIds }, action: "outcome.action.done" },
        orderBy: { createdAt: "desc" },
        select: { entityId: true, createdAt: true, actor: { select: { nameZh: true, nameEn: true } } },
      })
    : [];
  const latest = new Map<string, DoneMark>();
  for (const entry of entries) {
    if (entry.entityId && !latest.has(entry.entityId)) latest.set(entry.entityId, { at: entry.createdAt, by: entry.actor });
  }
  return rows.map((row) => ({
    ...row,
    done: row.status === "DONE" ? (latest.get(row.id) ?? { at: row.updatedAt, by: null }) : null,
  }));
}

const dueTime = (row: { dueDate: Date | null }) => row.dueDate?.getTime() ?? Number.POSITIVE_INFINITY;

/** Open first, soonest due first (no due date last); then done, most recently done first. */
export function sortFollowUps<T extends { status: string; dueDate: Date | null; createdAt: Date; done: DoneMark | null }>(rows: T[]) {
  return [...rows].sort((a, b) => {
    if (a.status !== b.status) return a.status === "OPEN" ? -1 : 1;
    if (a.status === "OPEN") return dueTime(a) - dueTime(b) || a.createdAt.getTime() - b.createdAt.getTime();
    return (b.done?.at.getTime() ?? 0) - (a.done?.at.getTime() ?? 0);
  });
}

/** Open once its due day (in the visit's zone) has passed. */
export function isOverdue(action: { status: string; dueDate: Date | null }, timeZone: string, now: Date) {
  return action.status === "OPEN" && action.dueDate !== null && dayKey(timeZone, now) > dayKey(timeZone, action.dueDate);
}

/**
 * A visit's notes and actions. With `ownerId`, only that person's actions and no notes: what an owner who is
 * neither organizer nor host may see.
 */
export async function loadOutcomes(eventId: string, { ownerId }: { ownerId?: string } = {}) {
  const [items, notes, actions] = await Promise.all([
    prisma.agendaItem.findMany({
      where: { eventId },
      orderBy: [{ startsAt: "asc" }, { position: "asc" }],
      select: { id: true, titleZh: true, titleEn: true, startsAt: true, endsAt: true },
    }),
    ownerId
      ? Promise.resolve([])
      : prisma.meetingNote.findMany({
          where: { eventId },
          orderBy: { createdAt: "asc" },
          select: { id: true, agendaItemId: true, body: true, authorId: true, createdAt: true, updatedAt: true },
        }),
    prisma.followUpAction.findMany({ where: { eventId, ...(ownerId ? { ownerId } : {}) }, select: actionSelect }),
  ]);
  const authorIds = [...new Set(notes.flatMap((note) => (note.authorId ? [note.authorId] : [])))];
  const authors = authorIds.length
    ? await prisma.user.findMany({ where: { id: { in: authorIds } }, select: { id: true, nameZh: true, nameEn: true } })
    : [];
  const authorOf = new Map(authors.map(({ id, ...name }) => [id, name]));
  return {
    items,
    notes: notes.map((note) => ({ ...note, author: (note.authorId && authorOf.get(note.authorId)) || null })),
    actions: sortFollowUps(await withDoneMarks(actions)),
  };
}

export type VisitOutcomes = Awaited<ReturnType<typeof loadOutcomes>>;

export function countFollowUps(actions: Array<{ status: string }>) {
  const open = actions.filter((action) => action.status === "OPEN").length;
  return { open, done: actions.length - open };
}

/** "3 open · 1 done" / "3 项待办 · 1 项已完成". */
export function countsLabel(locale: Locale, counts: { open: number; done: number }) {
  return translate(locale, "outcomes.counts", counts);
}

/** The due day as the form's date field holds it, in the visit's zone. */
export function dueDateInput(dueDate: Date | null, timeZone: string) {
  return dueDate ? DateTime.fromJSDate(dueDate, { zone: timeZone }).toFormat("yyyy-MM-dd") : "";
}

/** A "YYYY-MM-DD" day in the visit's zone, as the instant stored: 18:00 that day. Null when there is no such day. */
export function dueDateFromInput(day: string, timeZone: string) {
  const parsed = DateTime.fromFormat(day, "yyyy-MM-dd", { zone: timeZone });
  if (!parsed.isValid || parsed.toFormat("yyyy-MM-dd") !== day) return null;
  return parsed.set({ hour: 18, minute: 0, second: 0, millisecond: 0 }).toJSDate();
}

// ───────────────────────────── one action, as a page shows it ─────────────────────────────

export type FollowUpText = {
  id: string;
  title: string;
  /** the title in the other language, when it has one and it differs */
  otherTitle: string | null;
  owner: string;
  ownerId: string | null;
  due: string | null;
  overdue: boolean;
  status: "OPEN" | "DONE";
  doneLine: string | null;
  version: string;
};

export function followUpText(locale: Locale, action: FollowUp, timeZone: string, now: Date): FollowUpText {
  const title = pick(locale, action.titleZh, action.titleEn);
  const other = locale === "en" ? action.titleZh : action.titleEn;
  const doneAt = action.done ? formatDate(locale, timeZone, action.done.at) : null;
  return {
    id: action.id,
    title,
    otherTitle: other && other !== title ? other : null,
    owner: action.owner ? pick(locale, action.owner.nameZh, action.owner.nameEn) : translate(locale, "outcomes.action.noOwner"),
    ownerId: action.owner?.id ?? null,
    due: action.dueDate ? formatDate(locale, timeZone, action.dueDate) : null,
    overdue: isOverdue(action, timeZone, now),
    status: action.status,
    doneLine:
      action.done && doneAt
        ? action.done.by
          ? translate(locale, "outcomes.action.doneBy", { name: pick(locale, action.done.by.nameZh, action.done.by.nameEn), date: doneAt })
          : translate(locale, "outcomes.action.doneOn", { date: doneAt })
        : null,
    version: action.updatedAt.toISOString(),
  };
}

// ───────────────────────────── the visit page's summary ─────────────────────────────

/**
 * "Outcomes: N open · M done" for the visit's own page: every action for organizers and hosts, the person's own for
 * an owner, null for everyone else (and for events that are not visits).
 */
export async function outcomeSummary(user: SessionUser, event: { id: string; kind: string; timeZone: string }, locale: Locale, now = new Date()) {
  if (!isVisit(event)) return null;
  const access = await outcomeAccess(user, event.id);
  if (!mayOpenOutcomes(access)) return null;
  const { actions } = await loadOutcomes(event.id, access.read ? {} : { ownerId: user.id });
  const rows = actions.map((action) => followUpText(locale, action, event.timeZone, now));
  return {
    counts: countsLabel(locale, countFollowUps(actions)),
    open: rows.filter((row) => row.status === "OPEN"),
    done: rows.filter((row) => row.status === "DONE"),
  };
}

// ───────────────────────────── the home page ─────────────────────────────

const RECENTLY_DONE_DAYS = 30;
const RECENTLY_DONE_MAX = 5;

/**
 * A person's follow-up actions across every visit: all the open ones, soonest due first, and the few they closed in
 * the last 30 days, so a mark made by mistake can be undone from where it was made.
 */
export async function myFollowUps(userId: string, now = new Date()) {
  const select = { ...actionSelect, event: { select: { slug: true, titleZh: true, titleEn: true, timeZone: true } } } satisfies Prisma.FollowUpActionSelect;
  const [open, done] = await Promise.all([
    prisma.followUpAction.findMany({ where: { ownerId: userId, status: "OPEN" }, select }),
    prisma.followUpAction.findMany({
      where: { ownerId: userId, status: "DONE", updatedAt: { gte: new Date(now.getTime() - RECENTLY_DONE_DAYS * 86_400_000) } },
      orderBy: { updatedAt: "desc" },
      take: RECENTLY_DONE_MAX,
      select,
    }),
  ]);
  const marked = await withDoneMarks([...open, ...done]);
  const events = new Map([...open, ...done].map((row) => [row.id, row.event]));
  return sortFollowUps(marked).map((action) => ({ ...action, event: events.get(action.id)! }));
}

export type MyFollowUp = FollowUpText & { eventSlug: string; eventTitle: string };

/** The home page's rows, in one language; each due date in its own visit's zone. */
export function myFollowUpTexts(locale: Locale, followUps: Awaited<ReturnType<typeof myFollowUps>>, now = new Date()): MyFollowUp[] {
  return followUps.map((action) => ({
    ...followUpText(locale, action, action.event.timeZone, now),
    eventSlug: action.event.slug,
    eventTitle: pick(locale, action.event.titleZh, action.event.titleEn),
  }));
}

// ───────────────────────────── writing notes ─────────────────────────────

async function itemOfEvent(tx: Tx, eventId: string, agendaItemId: string | null) {
  if (!agendaItemId) return true;
  const item = await tx.agendaItem.findFirst({ where: { id: agendaItemId, eventId }, select: { id: true } });
  return item !== null;
}

/** Keeps what a note said in the audit trail of its edit or deletion; long notes are cut. */
const kept = (body: string) => (body.length > 4000 ? `${body.slice(0, 4000)}…` : body);

export async function createNote(actorId: string, eventId: string, input: NoteInput): Promise<Outcome<{ noteId: string }>> {
  return prisma.$transaction(async (tx) => {
    if (!(await itemOfEvent(tx, eventId, input.agendaItemId))) return missing();
    const note = await tx.meetingNote.create({
      data: { eventId, agendaItemId: input.agendaItemId, body: input.body, authorId: actorId },
      select: { id: true },
    });
    await audit({ actorId, action: "outcome.note.create", entityType: "MeetingNote", entityId: note.id, eventId, metadata: { agendaItemId: input.agendaItemId } }, tx);
    return { ok: true as const, noteId: note.id };
  });
}

export async function updateNote(actorId: string, eventId: string, noteId: string, input: NoteInput & { version: string }): Promise<Outcome> {
  return prisma.$transaction(async (tx) => {
    const note = await tx.meetingNote.findFirst({ where: { id: noteId, eventId }, select: { id: true, body: true, agendaItemId: true, updatedAt: true } });
    if (!note) return missing();
    if (!(await itemOfEvent(tx, eventId, input.agendaItemId))) return missing();
    if (note.updatedAt.toISOString() !== input.version) return stale("outcomes.note.stale");
    const { count } = await tx.meetingNote.updateMany({
      where: { id: noteId, updatedAt: note.updatedAt },
      data: { body: input.body, agendaItemId: input.agendaItemId },
    });
    if (count === 0) return stale("outcomes.note.stale");
    await audit(
      { actorId, action: "outcome.note.update", entityType: "MeetingNote", entityId: noteId, eventId, metadata: { before: { body: kept(note.body), agendaItemId: note.agendaItemId } } },
      tx,
    );
    return { ok: true as const };
  });
}

export async function deleteNote(actorId: string, eventId: string, noteId: string): Promise<Outcome> {
  return prisma.$transaction(async (tx) => {
    const note = await tx.meetingNote.findFirst({ where: { id: noteId, eventId }, select: { body: true, agendaItemId: true, authorId: true } });
    if (!note) return missing();
    await tx.meetingNote.delete({ where: { id: noteId } });
    await audit({ actorId, action: "outcome.note.delete", entityType: "MeetingNote", entityId: noteId, eventId, metadata: { before: { ...note, body: kept(note.body) } } }, tx);
    return { ok: true as const };
  });
}

// ───────────────────────────── writing actions ─────────────────────────────

/** The owner named in the form: an active staff member, by email or employee number. */
async function resolveOwner(tx: Tx, identifier: string) {
  const value = identifier.trim();
  const user = await tx.user.findFirst({
    where: { deletedAt: null, kind: "STAFF", OR: [{ email: value.toLowerCase() }, { profile: { employeeNo: value } }] },
    select: { id: true },
  });
  return user?.id ?? null;
}

async function actionFields(tx: Tx, eventId: string, input: FollowUpInput) {
  const event = await tx.event.findUnique({ where: { id: eventId }, select: { timeZone: true } });
  if (!event) return { ok: false as const, refusal: missing() };
  const fieldErrors: FieldErrors = {};
  const ownerId = await resolveOwner(tx, input.owner);
  if (!ownerId) fieldErrors.owner = ["outcomes.action.ownerUnknown"];
  const dueDate = input.dueDate ? dueDateFromInput(input.dueDate, event.timeZone) : null;
  if (input.dueDate && !dueDate) fieldErrors.dueDate = ["outcomes.action.dueInvalid"];
  if (!ownerId || Object.keys(fieldErrors).length) return { ok: false as const, refusal: invalid(fieldErrors) };
  return { ok: true as const, data: { titleZh: input.titleZh, titleEn: input.titleEn, ownerId, dueDate } };
}

const auditable = (action: { titleZh: string; titleEn: string; ownerId: string | null; dueDate: Date | null; status?: string }) => ({
  titleZh: action.titleZh,
  titleEn: action.titleEn,
  ownerId: action.ownerId,
  dueDate: action.dueDate?.toISOString() ?? null,
  ...(action.status ? { status: action.status } : {}),
});

export async function createFollowUp(actorId: string, eventId: string, input: FollowUpInput): Promise<Outcome<{ actionId: string }>> {
  return prisma.$transaction(async (tx) => {
    const fields = await actionFields(tx, eventId, input);
    if (!fields.ok) return fields.refusal;
    const created = await tx.followUpAction.create({ data: { eventId, ...fields.data, status: "OPEN" }, select: { id: true } });
    await audit({ actorId, action: "outcome.action.create", entityType: "FollowUpAction", entityId: created.id, eventId, metadata: auditable(fields.data) }, tx);
    return { ok: true as const, actionId: created.id };
  });
}

export async function updateFollowUp(actorId: string, eventId: string, actionId: string, input: FollowUpInput & { version: string }): Promise<Outcome> {
  return prisma.$transaction(async (tx) => {
    const before = await tx.followUpAction.findFirst({
      where: { id: actionId, eventId },
      select: { titleZh: true, titleEn: true, ownerId: true, dueDate: true, status: true, updatedAt: true },
    });
    if (!before) return missing();
    if (before.updatedAt.toISOString() !== input.version) return stale("outcomes.action.stale");
    const fields = await actionFields(tx, eventId, input);
    if (!fields.ok) return fields.refusal;
    // the version is checked again in the write itself, so two edits racing past the read cannot both land
    const { count } = await tx.followUpAction.updateMany({ where: { id: actionId, updatedAt: before.updatedAt }, data: fields.data });
    if (count === 0) return stale("outcomes.action.stale");
    await audit(
      { actorId, action: "outcome.action.update", entityType: "FollowUpAction", entityId: actionId, eventId, metadata: { before: auditable(before), after: auditable(fields.data) } },
      tx,
    );
    return { ok: true as const };
  });
}

export async function deleteFollowUp(actorId: string, eventId: string, actionId: string): Promise<Outcome> {
  return prisma.$transaction(async (tx) => {
    const before = await tx.followUpAction.findFirst({ where: { id: actionId, eventId }, select: { titleZh: true, titleEn: true, ownerId: true, dueDate: true, status: true } });
    if (!before) return missing();
    await tx.followUpAction.delete({ where: { id: actionId } });
    await audit({ actorId, action: "outcome.action.delete", entityType: "FollowUpAction", entityId: actionId, eventId, metadata: { before: auditable(before) } }, tx);
    return { ok: true as const };
  });
}

/**
 * Marks an action done or open again. Organizers may change any action of the visit; anyone else only an action
 * they own (403 otherwise). Asking for the status it already has changes nothing and succeeds, so a double click
 * or a second tab does no harm.
 */
export async function setFollowUpStatus(
  actorId: string,
  eventId: string,
  actionId: string,
  status: "OPEN" | "DONE",
  { manage }: { manage: boolean },
): Promise<Outcome<{ changed: boolean }>> {
  return prisma.$transaction(async (tx) => {
    const action = await tx.followUpAction.findFirst({ where: { id: actionId, eventId }, select: { ownerId: true, status: true } });
    if (!action) return missing();
    if (!manage && action.ownerId !== actorId) return refused();
    if (action.status === status) return { ok: true as const, changed: false };
    await tx.followUpAction.update({ where: { id: actionId }, data: { status } });
    await audit({ actorId, action: status === "DONE" ? "outcome.action.done" : "outcome.action.reopen", entityType: "FollowUpAction", entityId: actionId, eventId }, tx);
    return { ok: true as const, changed: true };
  });
}
