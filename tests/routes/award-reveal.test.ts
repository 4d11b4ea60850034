import { expect, test } from "vitest";

import { createDepartment, createEvent, createUser } from "../factories";
import { get, post, routeArgs, settle, statusOf } from "../request";
import { action, loader } from "~/routes/awards.$slug.reveal";
import { prisma } from "~/utils/db.server";

let counter = 0;

/**
 * A programme for the 2026 ceremony with every kind of recipient: a team whose lead is listed second (the deck must
 * still put the lead first), an individual with a department, and a whole department.
 */
async function ceremony(options: { status?: "DRAFT" | "APPROVED" | "SCHEDULED" | "ANNOUNCED"; announceAsRevealed?: boolean; announceAt?: Date | null } = {}) {
  const n = `${Date.now().toString(36)}${counter++}`;
  const organizer = await createUser({ locale: "en" });
  const awardOrganizer = await createUser({ locale: "en", roles: ["staff", "awards"] });
  const staff = await createUser({ locale: "en" });
  const otherOrganizer = await createUser({ locale: "en" });
  const event = await createEvent({ titleZh: "2026年度科技奖颁奖典礼", titleEn: "2026 Technology Awards Ceremony", organizerIds: [organizer.id] });
  await createEvent({ organizerIds: [otherOrganizer.id] });
  const centre = await createDepartment({ nameZh: `智能网络研究中心${n}`, nameEn: `Intelligent Networks Centre ${n}` });
  const winner = await createUser({ nameZh: "王晓明", nameEn: "Wang Xiaoming", departmentId: centre.id });
  const member = await createUser({ nameZh: "李成员", nameEn: "Li Chengyuan" });
  const lead = await createUser({ nameZh: "陈领衔", nameEn: "Chen Lingxian" });
  const team = await prisma.team.create({
    data: {
      nameZh: "智能计算操作系统团队",
      nameEn: "Intelligent Computing OS Team",
      members: { create: [{ userId: member.id, isLead: false, position: 0 }, { userId: lead.id, isLead: true, position: 1 }] },
    },
  });
  const programme = await prisma.awardProgramme.create({
    data: {
      slug: `reveal-${n}`,
      year: 2026,
      nameZh: "之江实验室2026年度科技奖",
      nameEn: "2026 Zhejiang Lab Technology Awards",
      status: options.status ?? "DRAFT",
      announceAt: options.announceAt ?? null,
      announceAsRevealed: options.announceAsRevealed ?? false,
      eventId: event.id,
      categories: {
        create: [
          {
            nameZh: "科技奖",
            nameEn: "Technology Award",
            levelZh: "一等奖",
            levelEn: "First Prize",
            position: 0,
            awards: {
              create: [
                {
                  citationZh: "研制智能计算操作系统。",
                  citationEn: "Built the intelligent computing operating system.",
                  position: 0,
                  recipients: { create: [{ kind: "TEAM", teamId: team.id, displayNameZh: "智能计算操作系统团队", displayNameEn: "Intelligent Computing OS Team" }] },
                },
              ],
            },
          },
          {
            nameZh: "贡献奖",
            nameEn: "Contribution Award",
            position: 1,
            awards: {
              create: [
                {
                  citationZh: "确定性网络关键技术突破。",
                  citationEn: "A breakthrough in deterministic networking.",
                  position: 0,
                  recipients: { create: [{ kind: "INDIVIDUAL", userId: winner.id, displayNameZh: "王晓明", displayNameEn: "Wang Xiaoming" }] },
                },
                {
                  position: 1,
                  recipients: { create: [{ kind: "DEPARTMENT", departmentId: centre.id, displayNameZh: centre.nameZh, displayNameEn: centre.nameEn }] },
                },
              ],
            },
          },
        ],
      },
    },
  });
  return { programme, organizer, awardOrganizer, staff, otherOrganizer, centre };
}

const WINNER_NAMES = ["王晓明", "Wang Xiaoming", "智能计算操作系统团队", "Intelligent Computing OS Team", "陈领衔", "李成员"];

async function loadDeck(slug: string, userId?: string, query = "") {
  return settle(async () => loader(routeArgs(await get(`/awards/${slug}/reveal${query}`, { userId }), { slug })));
}
async function postAnnounce(slug: string, userId?: string, fields: Record<string, string> = { intent: "announce" }) {
  return settle(async () => action(routeArgs(await post(`/awards/${slug}/reveal`, fields, { userId }), { slug })));
}
const statusNow = async (id: string) => prisma.awardProgramme.findUniqueOrThrow({ where: { id }, select: { status: true, announcedAt: true, announcedById: true } });

test("an award organizer gets the whole deck: title, each category then its awards, a closing slide", async () => {
  const { programme, awardOrganizer, centre } = await ceremony();
  const { returned, thrown } = await loadDeck(programme.slug, awardOrganizer.id);
  expect(thrown).toBeUndefined();
  const deck = returned!;
  expect(deck.announceMode).toBe("never");
  expect(deck.remote).toBe(false);
  expect(deck.slides.map((slide) => slide.kind)).toEqual(["title", "category", "award", "category", "award", "award", "end"]);

  const [title, firstCategory, teamAward, , individualAward, departmentAward, end] = deck.slides;
  expect(title).toMatchObject({ kind: "title", programme: { zh: "之江实验室2026年度科技奖", en: "2026 Zhejiang Lab Technology Awards" }, event: { en: "2026 Technology Awards Ceremony" } });
  expect(firstCategory).toMatchObject({ kind: "category", category: { zh: "科技奖", en: "Technology Award" }, level: { zh: "一等奖", en: "First Prize" }, label: "Technology Award · First Prize" });
  // the team with its members, lead first although listed second; the citation in both languages
  expect(teamAward).toMatchObject({
    kind: "award",
    recipients: [
      {
        kind: "TEAM",
        name: { zh: "智能计算操作系统团队", en: "Intelligent Computing OS Team" },
        members: [
          { zh: "陈领衔", en: "Chen Lingxian", lead: true },
          { zh: "李成员", en: "Li Chengyuan", lead: false },
        ],
      },
    ],
    citation: { zh: "研制智能计算操作系统。", en: "Built the intelligent computing operating system." },
    label: "Technology Award · First Prize: Intelligent Computing OS Team",
  });
  expect(individualAward).toMatchObject({ recipients: [{ kind: "INDIVIDUAL", name: { zh: "王晓明", en: "Wang Xiaoming" }, department: { zh: centre.nameZh, en: centre.nameEn }, members: [] }] });
  expect(departmentAward).toMatchObject({ recipients: [{ kind: "DEPARTMENT", name: { zh: centre.nameZh, en: centre.nameEn }, department: null }], citation: { zh: "", en: "" } });
  expect(end).toMatchObject({ kind: "end", label: "Congratulations to all the winners!" });
  expect(new Set(deck.slides.map((slide) => slide.id)).size).toBe(deck.slides.length);

  // the remote window gets the same deck (it shows the slide titles), flagged as the remote
  const remote = await loadDeck(programme.slug, awardOrganizer.id, "?remote=1");
  expect(remote.returned?.remote).toBe(true);
  expect(remote.returned?.slides).toEqual(deck.slides);
});

test("the ceremony event's organizer may present its programme; an organizer of another event may not", async () => {
  const { programme, organizer, otherOrganizer } = await ceremony();
  const own = await loadDeck(programme.slug, organizer.id);
  expect(statusOf(own.returned)).toBe(200);
  expect(own.returned?.slides).toHaveLength(7);
  const other = await loadDeck(programme.slug, otherOrganizer.id);
  expect(statusOf(other.thrown)).toBe(404);
});

test("while embargoed, plain staff and anonymous visitors get 404 from the deck, the remote and the announce action, and learn no winner", async () => {
  const { programme, staff } = await ceremony({ announceAsRevealed: true });
  for (const userId of [staff.id, undefined]) {
    for (const outcome of [await loadDeck(programme.slug, userId), await loadDeck(programme.slug, userId, "?remote=1"), await postAnnounce(programme.slug, userId)]) {
      expect(outcome.returned).toBeUndefined();
      expect(statusOf(outcome.thrown)).toBe(404);
      const told = JSON.stringify(outcome.thrown);
      for (const name of WINNER_NAMES) expect(told).not.toContain(name);
    }
  }
  expect((await statusNow(programme.id)).status).toBe("DRAFT");
});

test("once announced, plain staff get 403 from the deck and the announce action (nothing to hide, nothing to run)", async () => {
  const announced = await ceremony({ status: "ANNOUNCED", announceAsRevealed: true });
  expect(statusOf((await loadDeck(announced.programme.slug, announced.staff.id)).thrown)).toBe(403);
  expect(statusOf((await postAnnounce(announced.programme.slug, announced.staff.id)).thrown)).toBe(403);
  // a scheduled announcement whose time has come counts as announced
  const due = await ceremony({ status: "SCHEDULED", announceAt: new Date(Date.now() - 60_000) });
  expect(statusOf((await loadDeck(due.programme.slug, due.staff.id)).thrown)).toBe(403);
  expect((await loadDeck(due.programme.slug, due.awardOrganizer.id)).returned?.announceMode).toBe("announced");
});

test("unknown programmes are 404 and unknown intents are 400, for managers too", async () => {
  const { programme, awardOrganizer } = await ceremony({ announceAsRevealed: true });
  expect(statusOf((await loadDeck("no-such-programme", awardOrganizer.id)).thrown)).toBe(404);
  expect(statusOf((await postAnnounce("no-such-programme", awardOrganizer.id)).thrown)).toBe(404);
  expect(statusOf((await postAnnounce(programme.slug, awardOrganizer.id, { intent: "publish" })).thrown)).toBe(400);
  expect(statusOf((await postAnnounce(programme.slug, awardOrganizer.id, {})).thrown)).toBe(400);
  expect((await statusNow(programme.id)).status).toBe("DRAFT");
});

test("revealing publishes nothing unless announce-as-revealed was chosen: the action refuses with 409 and the programme stays embargoed", async () => {
  const { programme, awardOrganizer, staff } = await ceremony({ announceAsRevealed: false });
  // presenting the whole deck is only reading it
  await loadDeck(programme.slug, awardOrganizer.id);
  const refused = await postAnnounce(programme.slug, awardOrganizer.id);
  expect(statusOf(refused.thrown)).toBe(409);
  expect(await statusNow(programme.id)).toEqual({ status: "DRAFT", announcedAt: null, announcedById: null });
  expect(statusOf((await loadDeck(programme.slug, staff.id)).thrown)).toBe(404);
});

test("with announce-as-revealed, the last slide's post announces the programme, records who, and a repeat changes nothing", async () => {
  const { programme, awardOrganizer, organizer, staff } = await ceremony({ status: "APPROVED", announceAsRevealed: true });
  expect((await loadDeck(programme.slug, organizer.id)).returned?.announceMode).toBe("on-finish");
  // loading the deck does not announce
  expect((await statusNow(programme.id)).status).toBe("APPROVED");

  const done = await postAnnounce(programme.slug, organizer.id);
  expect(done.thrown).toBeUndefined();
  expect(done.returned).toEqual({ announced: true });
  const after = await statusNow(programme.id);
  expect(after.status).toBe("ANNOUNCED");
  expect(after.announcedById).toBe(organizer.id);
  expect(after.announcedAt).toBeInstanceOf(Date);
  expect(await prisma.auditLog.count({ where: { entityId: programme.id, action: "award.announced" } })).toBe(1);

  // a retry (the first answer lost in the hall) is answered as done, and the record keeps the first announcement
  const again = await postAnnounce(programme.slug, awardOrganizer.id);
  expect(again.returned).toEqual({ announced: true });
  expect(await statusNow(programme.id)).toEqual(after);
  expect(await prisma.auditLog.count({ where: { entityId: programme.id, action: "award.announced" } })).toBe(1);

  // now public: the deck is no longer embargoed, so staff are told "not yours" rather than "not found"
  expect(statusOf((await loadDeck(programme.slug, staff.id)).thrown)).toBe(403);
  expect((await loadDeck(programme.slug, organizer.id)).returned?.announceMode).toBe("announced");
});
