import { randomBytes } from "node:crypto";

import { z } from "zod";

import { BADGE_LAYOUTS, BADGE_SIZES, BADGE_SORTS, badgeCards, missingGlyphs, renderBadges } from "~/models/badge-pdf.server";
import { audit } from "~/utils/audit.server";

/**
 * Batch printing runs as a job: the organizer's page starts it, watches its progress, and downloads the PDF when it
 * is done. Jobs live in this process's memory for 15 minutes (one server process, as ADR 001 sets out); a restart
 * loses unfinished jobs, and the organizer just prints again.
 */

const RIBBONS = ["STAFF", "NEW_HIRE", "SPEAKER", "GUEST", "VISITOR", "ORGANIZER", "AWARDEE"] as const;

export const printRequestSchema = z.object({
  size: z.enum(BADGE_SIZES),
  layout: z.enum(BADGE_LAYOUTS),
  sort: z.enum(BADGE_SORTS),
  ribbon: z.union([z.enum(RIBBONS), z.literal("")]).transform((value) => value || null),
  departmentId: z.string().max(40).optional().transform((value) => value || null),
});
export type PrintRequest = z.infer<typeof printRequestSchema>;

type Job = {
  id: string;
  userId: string;
  eventId: string;
  total: number;
  done: number;
  status: "running" | "done" | "failed";
  /** names with characters the badge font lacks: printed, but as boxes, so the organizer is told */
  warnings: string[];
  filename: string;
  pdf: Buffer | null;
  startedAt: number;
  finishedAt: number | null;
};

const TTL_MS = 15 * 60_000;
const MAX_JOBS = 50;
const jobs = new Map<string, Job>();

function sweep(now = Date.now()) {
  for (const [id, job] of jobs) if (now - job.startedAt > TTL_MS) jobs.delete(id);
}

/** Starts a batch and returns at once with its id; the rendering goes on in the background. */
export async function startPrintJob(userId: string, event: { id: string; slug: string }, request: PrintRequest) {
  sweep();
  // a cap on memory: each finished job holds its PDF (about 1.5 KB a badge) until it expires
  if (jobs.size >= MAX_JOBS) jobs.delete(jobs.keys().next().value!);
  const cards = await badgeCards(event.id, { ribbon: request.ribbon, departmentId: request.departmentId, sort: request.sort });
  const job: Job = {
    id: randomBytes(12).toString("base64url"),
    userId,
    eventId: event.id,
    total: cards.length,
    done: 0,
    status: "running",
    warnings: cards.filter((card) => missingGlyphs(card.nameZh + card.romanised).length).map((card) => `${card.nameZh} (${missingGlyphs(card.nameZh + card.romanised).join(" ")})`),
    filename: `badges-${event.slug}-${request.size}-${request.layout}.pdf`,
    pdf: null,
    startedAt: Date.now(),
    finishedAt: null,
  };
  jobs.set(job.id, job);
  await audit({ actorId: userId, action: "badge.print", entityType: "Event", entityId: event.id, eventId: event.id, metadata: { ...request, count: cards.length } });
  void renderBadges(cards, { size: request.size, layout: request.layout, title: job.filename, onProgress: (done) => (job.done = done) })
    .then((pdf) => {
      job.pdf = pdf;
      job.status = "done";
    })
    .catch((error: unknown) => {
      job.status = "failed";
      console.warn(`badge print job ${job.id} failed`, error);
    })
    .finally(() => (job.finishedAt = Date.now()));
  return job.id;
}

/** A job of this user at this event, or null: nobody can watch or download another person's batch. */
export function printJob(jobId: string, userId: string, eventId: string) {
  sweep();
  const job = jobs.get(jobId);
  return job && job.userId === userId && job.eventId === eventId ? job : null;
}

export function jobProgress(job: Job) {
  return {
    id: job.id,
    status: job.status,
    done: job.done,
    total: job.total,
    warnings: job.warnings,
    seconds: job.finishedAt ? (job.finishedAt - job.startedAt) / 1000 : null,
  };
}

export type JobProgress = ReturnType<typeof jobProgress>;

/** Waits for a job to finish, for tests and the benchmark. */
export async function settledJob(jobId: string, userId: string, eventId: string, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const job = printJob(jobId, userId, eventId);
    if (!job || job.status !== "running" || Date.now() > deadline) return job;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
