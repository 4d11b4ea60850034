// The browser journey of session check-in needs sessions running *now*, which the demo data (dated in 2027) does
// not have. This script makes them in the e2e database with the app's own models, and takes them away again:
//   tsx tests/e2e/support/session-checkin-fixture.ts create <suffix>   → prints JSON
//   tsx tests/e2e/support/session-checkin-fixture.ts remove <slug>
// Everything hangs on one event of its own (cascades remove the items, registration, badge and check-ins).
import { newPosterToken } from "~/models/session-checkin.server";
import { prisma } from "~/utils/db.server";

import { createEvent, createVenue } from "../../factories";

const MINUTE = 60_000;

async function create(suffix: string) {
  const organizer = await prisma.user.findUniqueOrThrow({ where: { email: "organizer@lab.example" }, select: { id: true } });
  const newHire = await prisma.user.findUniqueOrThrow({ where: { email: "newhire@lab.example" }, select: { id: true } });
  const venue = await createVenue([{ nameZh: "第二会议室（测试）", nameEn: "Meeting Room 2 (test)", capacity: 30 }]);
  const now = Date.now();
  const slug = `e2e-session-checkin-${suffix}`;
  const event = await createEvent({
    slug,
    titleZh: `分会场签到演练 ${suffix}`,
    titleEn: `Session check-in rehearsal ${suffix}`,
    // invited only: nobody else sees it on their home page while the journey runs
    audience: "INVITE_ONLY",
    venueId: venue.id,
    startsAt: new Date(now - 2 * 3600_000),
    endsAt: new Date(now + 6 * 3600_000),
    organizerIds: [organizer.id],
  });
  await prisma.eventInvitation.create({ data: { eventId: event.id, userId: newHire.id } });
  await prisma.registration.create({ data: { eventId: event.id, userId: newHire.id, status: "CONFIRMED" } });
  const item = (minutesFromNow: number, titleZh: string, titleEn: string) =>
    prisma.agendaItem.create({
      data: {
        eventId: event.id,
        kind: "TALK",
        titleZh,
        titleEn,
        startsAt: new Date(now + minutesFromNow * MINUTE),
        endsAt: new Date(now + (minutesFromNow + 60) * MINUTE),
        roomId: venue.rooms[0]!.id,
        needsAttendance: true,
        attendanceGraceMinutes: 15,
        posterToken: newPosterToken(),
      },
      select: { id: true, posterToken: true, titleZh: true },
    });
  const running = await item(-10, "大模型安全专题报告", "Talk on the safety of large models");
  const later = await item(180, "类脑计算圆桌", "Round table on brain-inspired computing");
  return { slug, venueId: venue.id, running, later };
}

async function remove(slug: string) {
  const event = await prisma.event.findUnique({ where: { slug }, select: { id: true, venueId: true } });
  if (!event) return { removed: false };
  await prisma.event.delete({ where: { id: event.id } });
  if (event.venueId) await prisma.venue.delete({ where: { id: event.venueId } });
  return { removed: true };
}

const [command, argument] = process.argv.slice(2);
const result = command === "create" ? await create(argument ?? "x") : command === "remove" ? await remove(argument ?? "") : null;
if (!result) throw new Error("usage: create <suffix> | remove <slug>");
process.stdout.write(`${JSON.stringify(result)}\n`);
await prisma.$disconnect();
