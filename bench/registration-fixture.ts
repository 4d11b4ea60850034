// Data for the registration burst: 1,100 staff, each with a session, and one 500-seat published event.
// Writes the event slug and every session cookie to the JSON file named on the command line.
import { writeFileSync } from "node:fs";

import { prisma } from "~/utils/db.server";
import { createSession } from "~/utils/session.server";

import { createEvent, createUser } from "../tests/factories";

const [output, staffCount = "1100", capacity = "500"] = process.argv.slice(2);
if (!output) throw new Error("usage: registration-fixture.ts OUTPUT.json [staff] [capacity]");

const event = await createEvent({
  slug: "bench-annual-conference",
  titleZh: "压力测试：年度大会",
  titleEn: "Burst test: annual conference",
  capacity: Number(capacity),
  audience: "ALL_STAFF",
  registrationOpensAt: new Date(Date.now() - 3600_000),
  registrationClosesAt: new Date(Date.now() + 7 * 24 * 3600_000),
});
const cookies: string[] = [];
const request = new Request("http://localhost/");
for (let i = 0; i < Number(staffCount); i++) {
  const user = await createUser({ email: `bench-${i}@lab.example`, nameZh: `员工${i}`, nameEn: `Staff ${i}`, employeeNo: `B${i}` });
  cookies.push((await createSession(user.id, request)).split(";")[0]!);
}
writeFileSync(output, JSON.stringify({ slug: event.slug, eventId: event.id, cookies }));
await prisma.$disconnect();
