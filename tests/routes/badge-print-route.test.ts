import { expect, test } from "vitest";

import { createEvent, createUser } from "../factories";
import { get, post, routeArgs, settle, statusOf } from "../request";
import { badgePayload, getOrIssueBadge } from "~/models/badge.server";
import { settledJob } from "~/models/badge-print.server";
import { decide } from "~/models/checkin.server";
import { loader as ownPdf } from "~/routes/events.$slug.badge[.]pdf";
import { action, loader } from "~/routes/events.$slug.badges";
import { loader as singlePdf } from "~/routes/events.$slug.badges_.$badgeId[.]pdf";
import { loader as jobStatus } from "~/routes/events.$slug.badges_.jobs.$jobId";
import { loader as jobPdf } from "~/routes/events.$slug.badges_.jobs.$jobId[.]pdf";
import { prisma } from "~/utils/db.server";

async function setup() {
  const organizer = await createUser();
  const door = await createUser();
  const event = await createEvent({ organizerIds: [organizer.id], checkinStaffIds: [door.id] });
  const person = await createUser({ nameZh: "刘洋", nameEn: "Liu Yang", pinyin: "Liu Yang", recruitmentBatch: "2019-5" });
  await prisma.registration.create({ data: { eventId: event.id, userId: person.id, status: "CONFIRMED" } });
  const badge = (await getOrIssueBadge(event.id, person.id))!;
  return { organizer, door, event, person, badge };
}

const printFields = { intent: "print", size: "CR80", layout: "sheet", sort: "calling", ribbon: "NEW_HIRE", departmentId: "" };

test("only organizers and admins print or revoke: staff and door staff get 403 from the page, its actions and the PDFs", async () => {
  const { door, event, badge } = await setup();
  const staff = await createUser();
  for (const userId of [staff.id, door.id]) {
    const params = { slug: event.slug };
    expect(statusOf((await settle(async () => loader(routeArgs(await get(`/events/${event.slug}/badges`, { userId }), params)))).thrown)).toBe(403);
    expect(statusOf((await settle(async () => action(routeArgs(await post(`/events/${event.slug}/badges`, printFields, { userId }), params)))).thrown)).toBe(403);
    expect(
      statusOf((await settle(async () => action(routeArgs(await post(`/events/${event.slug}/badges`, { intent: "revoke", badgeId: badge.id, reason: "x" }, { userId }), params)))).thrown),
    ).toBe(403);
    expect(statusOf((await settle(async () => singlePdf(routeArgs(await get(`/events/${event.slug}/badges/${badge.id}.pdf`, { userId }), { ...params, badgeId: badge.id })))).thrown)).toBe(403);
  }
  expect(await prisma.badge.count({ where: { eventId: event.id, revokedAt: { not: null } } })).toBe(0);
});

test("an organizer starts a batch, follows its progress, and downloads the PDF; other people's and unknown jobs are 404", async () => {
  const { organizer, event } = await setup();
  const params = { slug: event.slug };
  const page = (await loader(routeArgs(await get(`/events/${event.slug}/badges`, { userId: organizer.id }), params))) as { total: number; badges: Array<{ name: string }> };
  expect(page.total).toBe(1);
  expect(page.badges.map((b) => b.name)).toEqual(["刘洋 Liu Yang"]);

  const started = (await action(routeArgs(await post(`/events/${event.slug}/badges`, printFields, { userId: organizer.id }), params))) as { kind: string; jobId: string };
  expect(started.kind).toBe("job");
  await settledJob(started.jobId, organizer.id, event.id);
  const status = (await jobStatus(routeArgs(await get(`/events/${event.slug}/badges/jobs/${started.jobId}`, { userId: organizer.id }), { ...params, jobId: started.jobId }))) as Response;
  expect(await status.json()).toMatchObject({ status: "done", done: 1, total: 1 });
  const pdf = (await jobPdf(routeArgs(await get(`/events/${event.slug}/badges/jobs/${started.jobId}.pdf`, { userId: organizer.id }), { ...params, jobId: started.jobId }))) as Response;
  expect(pdf.headers.get("Content-Type")).toBe("application/pdf");
  expect(pdf.headers.get("Content-Disposition")).toContain(`badges-${event.slug}-CR80-sheet.pdf`);
  expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString()).toBe("%PDF-");

  const another = await createUser();
  const otherEvent = await createEvent({ organizerIds: [another.id] });
  for (const [userId, slug, jobId] of [
    [organizer.id, event.slug, "no-such-job"],
    [another.id, otherEvent.slug, started.jobId],
  ] as const) {
    const gone = await settle(async () => jobStatus(routeArgs(await get(`/events/${slug}/badges/jobs/${jobId}`, { userId }), { slug, jobId })));
    expect(statusOf(gone.thrown)).toBe(404);
    const noPdf = await settle(async () => jobPdf(routeArgs(await get(`/events/${slug}/badges/jobs/${jobId}.pdf`, { userId }), { slug, jobId })));
    expect(statusOf(noPdf.thrown)).toBe(404);
  }
  for (const bad of [{ size: "A3" }, { layout: "poster" }, { sort: "height" }, { ribbon: "KING" }]) {
    const refused = await settle(async () => action(routeArgs(await post(`/events/${event.slug}/badges`, { ...printFields, ...bad }, { userId: organizer.id }), params)));
    expect(statusOf(refused.thrown)).toBe(400);
  }
});

test("revoking a badge issues a new one: the old code is refused at the door and the new one works", async () => {
  const { organizer, door, event, badge } = await setup();
  const params = { slug: event.slug };
  const noReason = await settle(async () => action(routeArgs(await post(`/events/${event.slug}/badges`, { intent: "revoke", badgeId: badge.id, reason: " " }, { userId: organizer.id }), params)));
  expect(statusOf(noReason.thrown)).toBe(400);
  const revoked = (await action(routeArgs(await post(`/events/${event.slug}/badges`, { intent: "revoke", badgeId: badge.id, reason: "lost on the bus" }, { userId: organizer.id }), params))) as {
    badgeId: string;
  };
  const again = await settle(async () => action(routeArgs(await post(`/events/${event.slug}/badges`, { intent: "revoke", badgeId: badge.id, reason: "again" }, { userId: organizer.id }), params)));
  expect(statusOf(again.thrown)).toBe(404);

  expect(await decide({ eventId: event.id, payload: badgePayload(badge.token), scannedById: door.id })).toEqual({ outcome: "REVOKED" });
  const successor = await prisma.badge.findUniqueOrThrow({ where: { id: revoked.badgeId } });
  expect((await decide({ eventId: event.id, payload: badgePayload(successor.token), scannedById: door.id })).outcome).toBe("CHECKED_IN");
  // the revoked badge cannot be printed any more
  const old = await settle(async () => singlePdf(routeArgs(await get(`/events/${event.slug}/badges/${badge.id}.pdf`, { userId: organizer.id }), { ...params, badgeId: badge.id })));
  expect(statusOf(old.thrown)).toBe(404);
  const fresh = (await singlePdf(routeArgs(await get(`/events/${event.slug}/badges/${successor.id}.pdf?size=A6`, { userId: organizer.id }), { ...params, badgeId: successor.id }))) as Response;
  expect(fresh.headers.get("Content-Disposition")).toContain("badge-" + event.slug + "-Liu-Yang-A6.pdf");
});

test("a registrant downloads their own badge as a PDF; someone without a confirmed registration gets 404", async () => {
  const { event, person } = await setup();
  const own = (await ownPdf(routeArgs(await get(`/events/${event.slug}/badge.pdf`, { userId: person.id }), { slug: event.slug }))) as Response;
  expect(own.status).toBe(200);
  expect(own.headers.get("Content-Type")).toBe("application/pdf");
  const bytes = Buffer.from(await own.arrayBuffer());
  expect(bytes.toString("latin1")).toMatch(/\/MediaBox \[0 0 153\.0\d* 242\.6\d*\]/);
  const stranger = await createUser();
  const none = await settle(async () => ownPdf(routeArgs(await get(`/events/${event.slug}/badge.pdf`, { userId: stranger.id }), { slug: event.slug })));
  expect(statusOf(none.thrown)).toBe(404);
});
