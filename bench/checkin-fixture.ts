// Data for the door bench: one published event with confirmed registrants and badges, one check-in staff member
// with a session, and a small second event whose badges are presented at the wrong door. Rows are written with
// createMany (the factories' one-by-one inserts would take most of the bench's time budget).
// Writes the slug, ids, session cookie and badge tokens to the JSON file named on the command line.
import { writeFileSync } from "node:fs";

import { newBadgeToken } from "~/models/badge.server";
import { prisma } from "~/utils/db.server";
import { createSession } from "~/utils/session.server";

import { createEvent, createUser } from "../tests/factories";

const [output, registrantCount = "2000", otherEventCount = "40"] = process.argv.slice(2);
if (!output) throw new Error("usage: checkin-fixture.ts OUTPUT.json [registrants] [other-event badges]");

const door = await createUser({ email: "bench-door@lab.example", nameZh: "门口签到", nameEn: "Door staff", employeeNo: "BD1" });
const event = await createEvent({
  slug: "bench-door-conference",
  titleZh: "压力测试：年度大会签到",
  titleEn: "Door bench: annual conference",
  startsAt: new Date(Date.now() - 3600_000),
  endsAt: new Date(Date.now() + 6 * 3600_000),
  checkinStaffIds: [door.id],
});
const otherEvent = await createEvent({ slug: "bench-door-other", titleZh: "另一场活动", titleEn: "Another event" });

async function registrantsWithBadges(eventId: string, prefix: string, count: number) {
  const people = Array.from({ length: count }, (_, i) => ({
    userId: `${prefix}-user-${i}`,
    registrationId: `${prefix}-reg-${i}`,
    token: newBadgeToken(),
    i,
  }));
  await prisma.user.createMany({
    data: people.map(({ userId, i }) => ({ id: userId, email: `${prefix}-${i}@lab.example`, nameZh: `参会者${i}`, nameEn: `Attendee ${i}`, kind: "STAFF" as const })),
  });
  await prisma.registration.createMany({
    data: people.map(({ userId, registrationId }) => ({ id: registrationId, eventId, userId, status: "CONFIRMED" as const })),
  });
  await prisma.badge.createMany({
    data: people.map(({ userId, registrationId, token }) => ({ eventId, userId, registrationId, token })),
  });
  return people.map(({ token }) => token);
}

const tokens = await registrantsWithBadges(event.id, "bench", Number(registrantCount));
const otherTokens = await registrantsWithBadges(otherEvent.id, "other", Number(otherEventCount));
const cookie = (await createSession(door.id, new Request("http://localhost/"))).split(";")[0]!;

writeFileSync(output, JSON.stringify({ slug: event.slug, eventId: event.id, doorUserId: door.id, cookie, tokens, otherTokens }));
await prisma.$disconnect();
