import { expect, test } from "vitest";

import { createEvent, createUser } from "../factories";
import { hex, pageCount, unicodeMaps } from "../pdf";
import { get, post, routeArgs, settle, statusOf } from "../request";
import { addAward, addCategory, createProgramme } from "~/models/award.server";
import { loader as listLoader } from "~/routes/awards._index";
import { loader as pageLoader } from "~/routes/awards.$slug._index";
import { loader as batchLoader } from "~/routes/awards.$slug.certificates[.]pdf";
import { loader as singleLoader } from "~/routes/awards.$slug.certificates.$recipientId[.]pdf";
import { action as manageAction, loader as manageLoader } from "~/routes/awards.$slug.manage";
import { action as newAction } from "~/routes/awards.new";
import { loader as eventLoader } from "~/routes/events.$slug._index";
import { loader as photoLoader } from "~/routes/awards.photo.$awardId";
import { prisma } from "~/utils/db.server";

const SECRET = "保密获奖者Qx9";

async function draftWithWinner() {
  const organizer = await createUser();
  const event = await createEvent({ organizerIds: [organizer.id] });
  const slug = `prog-${Math.random().toString(36).slice(2, 8)}`;
  const programme = await createProgramme(organizer.id, { year: 2027, slug, nameZh: "2027年度贡献奖", nameEn: "2027 Contribution Awards", descriptionZh: "", descriptionEn: "", eventSlug: event.slug });
  const category = await addCategory(organizer.id, programme.id, { nameZh: "突出贡献奖", nameEn: "Outstanding Contribution", levelZh: "", levelEn: "" });
  const winner = await createUser({ nameZh: SECRET, nameEn: "Secret Qx9" });
  await addAward(organizer.id, programme.id, { categoryId: category.id, kind: "INDIVIDUAL", people: winner.email, citationZh: "", citationEn: "", teamNameZh: "", teamNameEn: "", departmentId: "" });
  return { organizer, slug, id: programme.id, winner };
}

test("an embargoed programme is a 404 to strangers, staff and even its winner, and a preview to its organizers", async () => {
  const { organizer, slug, winner } = await draftWithWinner();
  const staff = await createUser();
  for (const userId of [undefined, staff.id, winner.id]) {
    const page = await settle(async () => pageLoader(routeArgs(await get(`/awards/${slug}`, { userId }), { slug })));
    expect(statusOf(page.thrown)).toBe(404);
    const manage = await settle(async () => manageLoader(routeArgs(await get(`/awards/${slug}/manage`, { userId }), { slug })));
    // the same 404 as a programme that does not exist, signed in or not
    expect(statusOf(manage.thrown)).toBe(404);
    const list = await listLoader(routeArgs(await get("/awards", { userId })));
    expect(JSON.stringify(list)).not.toContain(slug);
  }
  const preview = await pageLoader(routeArgs(await get(`/awards/${slug}`, { userId: organizer.id }), { slug }));
  expect(JSON.stringify(preview)).toContain(SECRET);
  expect(preview.programme.status).toBe("草稿");
});

test("announcing publishes the programme to everyone, signed in or not; its manage page stays the organizers' (403)", async () => {
  const { organizer, slug } = await draftWithWinner();
  const announce = await manageAction(routeArgs(await post(`/awards/${slug}/manage`, { intent: "status", to: "ANNOUNCED" }, { userId: organizer.id }), { slug }));
  expect(announce).toMatchObject({ form: "status" });
  const anonymous = await pageLoader(routeArgs(await get(`/awards/${slug}`), { slug }));
  expect(JSON.stringify(anonymous)).toContain(SECRET);
  expect(anonymous.programme.announced).toMatch(/^公布于/);
  const staff = await createUser();
  const refused = await settle(async () => manageLoader(routeArgs(await get(`/awards/${slug}/manage`, { userId: staff.id }), { slug })));
  expect(statusOf(refused.thrown)).toBe(403);
  const posted = await settle(async () => manageAction(routeArgs(await post(`/awards/${slug}/manage`, { intent: "status", to: "DRAFT" }, { userId: staff.id }), { slug })));
  expect(statusOf(posted.thrown)).toBe(403);
  // announced is final, even for its organizer
  const back = await settle(async () => manageAction(routeArgs(await post(`/awards/${slug}/manage`, { intent: "status", to: "DRAFT" }, { userId: organizer.id }), { slug })));
  expect(statusOf(back.thrown)).toBe(409);
});

test("managing: bad input is a translated 400, an unknown person names the line, and a schedule in the event's zone", async () => {
  const { organizer, slug, id } = await draftWithWinner();
  const category = await prisma.awardCategory.findFirstOrThrow({ where: { programmeId: id } });
  const bad = await manageAction(routeArgs(await post(`/awards/${slug}/manage`, { intent: "category", nameZh: "", nameEn: "x" }, { userId: organizer.id }), { slug }));
  expect(statusOf(bad)).toBe(400);
  const unknown = await manageAction(routeArgs(await post(`/awards/${slug}/manage`, { intent: "award", categoryId: category.id, kind: "INDIVIDUAL", people: "E-NOPE" }, { userId: organizer.id }), { slug }));
  expect(statusOf(unknown)).toBe(400);
  expect((unknown as unknown as { data: { message: string } }).data.message).toContain("E-NOPE");
  await manageAction(routeArgs(await post(`/awards/${slug}/manage`, { intent: "status", to: "APPROVED" }, { userId: organizer.id }), { slug }));
  const noTime = await manageAction(routeArgs(await post(`/awards/${slug}/manage`, { intent: "status", to: "SCHEDULED", announceAt: "tomorrow" }, { userId: organizer.id }), { slug }));
  expect(statusOf(noTime)).toBe(400);
  await manageAction(routeArgs(await post(`/awards/${slug}/manage`, { intent: "status", to: "SCHEDULED", announceAt: "2099-01-15T10:30" }, { userId: organizer.id }), { slug }));
  expect((await prisma.awardProgramme.findUniqueOrThrow({ where: { id } })).announceAt).toEqual(new Date("2099-01-15T02:30:00Z"));
  const junk = await settle(async () => manageAction(routeArgs(await post(`/awards/${slug}/manage`, { intent: "explode" }, { userId: organizer.id }), { slug })));
  expect(statusOf(junk.thrown)).toBe(400);
});

test("creating a programme: staff are refused; an event organizer only for their own ceremony; a taken URL name is 409", async () => {
  const staff = await createUser();
  const fields = (slug: string, eventSlug = "") => ({ year: "2027", slug, nameZh: "2027年度科技奖", nameEn: "2027 Technology Awards", eventSlug });
  expect(statusOf((await settle(async () => newAction(routeArgs(await post("/awards/new", fields("staff-try"), { userId: staff.id }))))).thrown)).toBe(403);
  const organizer = await createUser({ roles: ["organizer", "staff"] });
  const own = await createEvent({ organizerIds: [organizer.id] });
  const other = await createEvent();
  expect(statusOf((await settle(async () => newAction(routeArgs(await post("/awards/new", fields("other-event", other.slug), { userId: organizer.id }))))).thrown)).toBe(403);
  const slug = `own-${Math.random().toString(36).slice(2, 8)}`;
  const created = await newAction(routeArgs(await post("/awards/new", fields(slug, own.slug), { userId: organizer.id })));
  expect((created as Response).headers.get("Location")).toBe(`/awards/${slug}/manage`);
  expect(statusOf((await settle(async () => newAction(routeArgs(await post("/awards/new", fields(slug, own.slug), { userId: organizer.id }))))).thrown)).toBe(409);
  expect(statusOf(await newAction(routeArgs(await post("/awards/new", fields("NO SPACES"), { userId: organizer.id }))))).toBe(400);
});

test("certificates: the whole batch for organizers; one's own (or one's team's) once announced; 404 for anyone else", async () => {
  const { organizer, slug, id, winner } = await draftWithWinner();
  const category = await prisma.awardCategory.findFirstOrThrow({ where: { programmeId: id } });
  const [lead, member] = [await createUser({ nameZh: "欧阳娜娜", nameEn: "Ouyang Nana" }), await createUser({ nameZh: "龚珺", nameEn: "Gong Jun" })];
  await addAward(organizer.id, id, { categoryId: category.id, kind: "TEAM", people: `${lead.email}\n${member.email}`, citationZh: "团队颁奖词", citationEn: "Team citation", teamNameZh: "量子团队", teamNameEn: "Quantum Team", departmentId: "" });
  const recipients = await prisma.awardRecipient.findMany({ where: { award: { categoryId: category.id } }, orderBy: { createdAt: "asc" } });
  const [individual, team] = recipients;

  const batch = (await batchLoader(routeArgs(await get(`/awards/${slug}/certificates.pdf`, { userId: organizer.id }), { slug }))) as Response;
  const pdf = Buffer.from(await batch.arrayBuffer());
  expect(batch.headers.get("Content-Type")).toBe("application/pdf");
  expect(pageCount(pdf)).toBe(2);
  const maps = unicodeMaps(pdf).toLowerCase();
  for (const char of "保密获奖者欧阳娜娜龚珺量子团队") expect(maps).toContain(hex(char));

  const single = async (userId: string | undefined, recipientId: string) =>
    settle(async () => singleLoader(routeArgs(await get(`/awards/${slug}/certificates/${recipientId}.pdf`, { userId }), { slug, recipientId })));
  // under embargo even the winner gets nothing
  expect(statusOf((await single(winner.id, individual!.id)).thrown)).toBe(404);
  await manageAction(routeArgs(await post(`/awards/${slug}/manage`, { intent: "status", to: "ANNOUNCED" }, { userId: organizer.id }), { slug }));
  expect(statusOf((await single(winner.id, individual!.id)).returned)).toBe(200);
  expect(statusOf((await single(member.id, team!.id)).returned)).toBe(200);
  expect(statusOf((await single(member.id, individual!.id)).thrown)).toBe(404);
  expect(statusOf((await single(undefined, individual!.id)).thrown)).toBe(404);
  expect(statusOf((await single(winner.id, "no-such-recipient")).thrown)).toBe(404);
  const staff = await createUser();
  expect(statusOf((await settle(async () => batchLoader(routeArgs(await get(`/awards/${slug}/certificates.pdf`, { userId: staff.id }), { slug })))).thrown)).toBe(403);
});

test("an award photo: images only, and under the same embargo as the award", async () => {
  const { organizer, slug, id } = await draftWithWinner();
  const award = await prisma.award.findFirstOrThrow({ where: { category: { programmeId: id } } });
  const png = Buffer.from("89504e470d0a1a0a0000000d4948445200000001000000010806000000", "hex");
  const upload = async (bytes: Uint8Array<ArrayBuffer>, userId: string) => {
    const body = new FormData();
    body.set("intent", "photo");
    body.set("awardId", award.id);
    body.set("photo", new File([bytes], "photo.png", { type: "image/png" }));
    const cookie = (await get("/", { userId })).headers.get("Cookie")!;
    return new Request(`http://localhost:3000/awards/${slug}/manage`, { method: "POST", body, headers: { Cookie: cookie } });
  };
  const refused = await manageAction(routeArgs(await upload(new TextEncoder().encode("<svg onload=alert(1)>"), organizer.id), { slug }));
  expect(statusOf(refused)).toBe(400);
  expect(await manageAction(routeArgs(await upload(new Uint8Array(png), organizer.id), { slug }))).toMatchObject({ form: "photo" });
  const { photoUrl } = await prisma.award.findUniqueOrThrow({ where: { id: award.id } });
  expect(photoUrl).toMatch(new RegExp(`^/awards/photo/${award.id}\\?v=\\d+$`));

  const photo = async (userId?: string) => settle(async () => photoLoader(routeArgs(await get(`/awards/photo/${award.id}`, { userId }), { awardId: award.id })));
  const own = (await photo(organizer.id)).returned as Response;
  expect(own.headers.get("Content-Type")).toBe("image/png");
  expect(Buffer.from(await own.arrayBuffer()).equals(png)).toBe(true);
  const staff = await createUser();
  expect(statusOf((await photo(staff.id)).thrown)).toBe(404);
  expect(statusOf((await photo()).thrown)).toBe(404);
  await manageAction(routeArgs(await post(`/awards/${slug}/manage`, { intent: "status", to: "ANNOUNCED" }, { userId: organizer.id }), { slug }));
  expect(statusOf((await photo()).returned)).toBe(200);
});

test("the ceremony's event page links its programmes: drafts only for the people running them", async () => {
  const { organizer, slug, id } = await draftWithWinner();
  const { eventId } = await prisma.awardProgramme.findUniqueOrThrow({ where: { id } });
  const event = await prisma.event.findUniqueOrThrow({ where: { id: eventId! } });
  const staff = await createUser();
  const linked = async (userId: string) => ((await eventLoader(routeArgs(await get(`/events/${event.slug}`, { userId }), { slug: event.slug }))) as { programmes: Array<{ slug: string }> }).programmes.map((p) => p.slug);
  expect(await linked(organizer.id)).toEqual([slug]);
  expect(await linked(staff.id)).toEqual([]);
  await manageAction(routeArgs(await post(`/awards/${slug}/manage`, { intent: "status", to: "ANNOUNCED" }, { userId: organizer.id }), { slug }));
  expect(await linked(staff.id)).toEqual([slug]);
});
