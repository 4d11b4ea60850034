import { createAgendaItem } from "~/models/agenda.server";
import { prisma } from "~/utils/db.server";

import { createEvent, createUser } from "./factories";

/** The day of the fixture visit, as the seed's ZJU visit: the talks run 15:30–17:10 in Hangzhou. */
export const VISIT_DAY = "2026-12-08";

/**
 * A partnership visit (14:00–17:30) with its organizer, an overall host and one meeting, "Partnership talks", made
 * through the agenda model as an organizer would. The tests of visit outcomes build their notes and actions on it.
 */
export async function createVisitWithMeeting(options: { audience?: "INVITE_ONLY" | "ALL_STAFF"; timeZone?: string; titleZh?: string; titleEn?: string; hostNames?: { nameZh: string; nameEn: string } } = {}) {
  const organizer = await createUser({ nameZh: "陈晓", nameEn: "Chen Xiao" });
  const host = await createUser(options.hostNames ?? {});
  const event = await createEvent({
    kind: "PARTNERSHIP_VISIT",
    audience: options.audience ?? "INVITE_ONLY",
    ...(options.timeZone ? { timeZone: options.timeZone } : {}),
    ...(options.titleZh ? { titleZh: options.titleZh } : {}),
    ...(options.titleEn ? { titleEn: options.titleEn } : {}),
    startsAt: new Date(`${VISIT_DAY}T14:00:00+08:00`),
    endsAt: new Date(`${VISIT_DAY}T17:30:00+08:00`),
    organizerIds: [organizer.id],
  });
  const meeting = await createAgendaItem(organizer.id, event.id, {
    kind: "MEETING",
    titleZh: "战略合作座谈",
    titleEn: "Partnership talks",
    notesZh: "",
    notesEn: "",
    cueNotes: "",
    startsAt: `${VISIT_DAY}T15:30`,
    endsAt: `${VISIT_DAY}T17:10`,
    roomId: null,
  });
  if (!meeting.ok) throw new Error("the fixture's meeting was refused");
  await prisma.visitHost.create({ data: { eventId: event.id, userId: host.id } });
  return { organizer, host, event, meetingId: meeting.itemId };
}
