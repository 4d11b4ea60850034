import { expect, test } from "vitest";

import { addCategory, changeProgrammeStatus, createProgramme } from "~/models/award.server";
import { action as importAction, loader as importLoader } from "~/routes/awards.$slug.import";
import { prisma } from "~/utils/db.server";
import { localeCookie } from "~/utils/i18n.server";

import { createDepartment, createEvent, createUser } from "../factories";
import { get, post, routeArgs, sessionCookieFor, settle, statusOf } from "../request";

const ORIGIN = "http://localhost:3000";
const HEADER = "category_zh,level_zh,kind,recipient,team_name_en,members,citation_zh,citation_en";

let people: Promise<{ lead: { id: string }; member: { id: string } }> | undefined;
/** Two staff members of one department, made once for this file's database. */
const staffMembers = () =>
  (people ??= (async () => {
    const department = await createDepartment({ code: "BD", nameZh: "大数据研究院", nameEn: "Research Institute of Big Data" });
    return {
      lead: await createUser({ email: "wang.ying.005@lab.example", employeeNo: "ZJ20180011", nameZh: "王颖", nameEn: "Wang Ying", departmentId: department.id, password: null }),
      member: await createUser({ email: "zhou.lin@lab.example", employeeNo: "ZJ20180099", nameZh: "周琳", nameEn: "Zhou Lin", departmentId: department.id, password: null }),
    };
  })());

/** A draft programme of a ceremony event, its organizer, and a 科技奖 · 一等奖 category. */
async function draft() {
  await staffMembers();
  const organizer = await createUser({ password: null });
  const event = await createEvent({ organizerIds: [organizer.id] });
  const slug = `import-${Math.random().toString(36).slice(2, 8)}`;
  const programme = await createProgramme(organizer.id, { year: 2027, slug, nameZh: "2027年度科技奖", nameEn: "2027 Technology Awards", descriptionZh: "", descriptionEn: "", eventSlug: event.slug });
  await addCategory(organizer.id, programme.id, { nameZh: "科技奖", nameEn: "Technology Award", levelZh: "一等奖", levelEn: "First Prize" });
  return { organizer, event, slug, programme };
}

const GOOD = `\uFEFF${HEADER}\r\n科技奖,一等奖,个人,ZJ20180011,,,建成天文大数据平台。,Built the astronomy platform.\r\n科技奖,一等奖,团队,数据平台团队,Data Platform Team,wang.ying.005@lab.example、ZJ20180099,,\r\n`;
const BAD = `${HEADER}\r\n科技奖,一等奖,个人,ZJ20189999,,,,\r\n科技奖,一等奖,团队,数据平台团队,,wang.ying.005@lab.example,,\r\n`;
const csvFile = (text: string, name = "awards.csv") => new File([text], name, { type: "text/csv" });

/** A real multipart upload, as the browser's form sends it. */
async function upload(slug: string, file: File, userId: string | undefined, headers: Record<string, string> = {}) {
  const form = new FormData();
  form.append("intent", "preview");
  form.append("file", file);
  const cookie = userId ? await sessionCookieFor(userId) : null;
  const request = new Request(`${ORIGIN}/awards/${slug}/import`, { method: "POST", body: form, headers: { ...(cookie ? { Cookie: cookie } : {}), ...headers } });
  return settle(async () => importAction(routeArgs(request, { slug })));
}

async function confirm(slug: string, token: string, userId: string) {
  return settle(async () => importAction(routeArgs(await post(`/awards/${slug}/import`, { intent: "confirm", token }, { userId }), { slug })));
}

type Payload = {
  stage: "problem" | "preview";
  problem?: { messageKey: string; columns: string[] };
  preview?: {
    counts: Record<string, number>;
    issues: Array<{ line: number; column: string; messageKey: string; params?: Record<string, string | number> }>;
    categories: Array<{ name: string; level: string; awards: Array<{ line: number; nameZh: string; detail: string | null; members: Array<{ nameZh: string; department: string | null; isLead: boolean }> }> }>;
  };
  token?: string | null;
};
const payloadOf = (outcome: unknown) => (outcome as { data: Payload }).data;

async function footprint() {
  return { awards: await prisma.award.count(), teams: await prisma.team.count(), imports: await prisma.auditLog.count({ where: { action: "award.import" } }) };
}

test("managers only: staff, another event's organizer and strangers get 404 on a draft's page, upload and confirm; 403 once announced", async () => {
  const { slug, organizer, programme } = await draft();
  const staff = await createUser({ password: null });
  const { organizer: otherOrganizer } = await draft();
  // a genuine seal of the real organizer, to show that another person cannot spend it either
  const token = payloadOf((await upload(slug, csvFile(GOOD), organizer.id)).returned).token!;
  expect(token).toBeTruthy();
  const before = await footprint();
  for (const userId of [staff.id, otherOrganizer.id, undefined]) {
    const page = await settle(async () => importLoader(routeArgs(await get(`/awards/${slug}/import`, { userId }), { slug })));
    expect(statusOf(page.thrown)).toBe(404);
    expect(statusOf((await upload(slug, csvFile(GOOD), userId)).thrown)).toBe(404);
    const confirmed = await settle(async () => importAction(routeArgs(await post(`/awards/${slug}/import`, { intent: "confirm", token }, { userId }), { slug })));
    expect(statusOf(confirmed.thrown)).toBe(404);
  }
  expect(await footprint()).toEqual(before);

  // its managers: the ceremony's organizer and any award organizer
  const awardOrganizer = await createUser({ roles: ["awards", "staff"], password: null });
  for (const userId of [organizer.id, awardOrganizer.id]) {
    const page = await importLoader(routeArgs(await get(`/awards/${slug}/import`, { userId }), { slug }));
    expect(page.categories).toEqual([{ id: expect.any(String), zh: "科技奖 · 一等奖", en: "Technology Award · First Prize" }]);
    expect(page.blocked).toBeNull();
  }

  // announced: staff may now know it exists, but the import stays the managers' (403)
  await changeProgrammeStatus(organizer.id, programme.id, { to: "ANNOUNCED" });
  const page = await settle(async () => importLoader(routeArgs(await get(`/awards/${slug}/import`, { userId: staff.id }), { slug })));
  expect(statusOf(page.thrown)).toBe(403);
  expect(statusOf((await upload(slug, csvFile(GOOD), staff.id)).thrown)).toBe(403);
  expect(statusOf((await confirm(slug, token, staff.id)).thrown)).toBe(403);
  // and its manager is told why an announced programme takes no import
  const managed = await importLoader(routeArgs(await get(`/awards/${slug}/import`, { userId: organizer.id }), { slug }));
  expect(managed.blocked).toBe("awardImport.announced");
  const refused = await upload(slug, csvFile(GOOD), organizer.id);
  expect(statusOf(refused.returned)).toBe(409);
  expect(payloadOf(refused.returned).problem?.messageKey).toBe("awardImport.announced");
  expect(statusOf((await confirm(slug, token, organizer.id)).returned)).toBe(409);
  expect(await footprint()).toEqual(before);
});

test("upload with errors, then the fixed file, confirm: line-numbered errors, then the awards, and a second confirm is a 409", async () => {
  const { slug, organizer, programme } = await draft();
  const before = await footprint();

  const bad = await upload(slug, csvFile(BAD), organizer.id);
  expect(statusOf(bad.returned)).toBe(200);
  const { preview: badPreview, token: badToken } = payloadOf(bad.returned);
  expect(badToken).toBeNull();
  expect(badPreview!.issues).toEqual([
    { line: 2, column: "recipient", messageKey: "awardImport.error.unknownStaff", params: { value: "ZJ20189999" } },
    { line: 3, column: "team_name_en", messageKey: "awardImport.error.missingTeamName" },
  ]);
  expect(badPreview!.counts).toMatchObject({ lines: 2, errors: 2, awards: 0 });

  const good = await upload(slug, csvFile(GOOD), organizer.id);
  const { preview, token } = payloadOf(good.returned);
  expect(preview!.counts).toEqual({ lines: 2, awards: 2, already: 0, errors: 0, individuals: 1, teams: 1, departments: 0 });
  // category → award → recipients, with Chinese names and departments resolved (the page is in Chinese by default)
  expect(preview!.categories).toEqual([
    {
      id: expect.any(String),
      name: "科技奖",
      level: "一等奖",
      awards: [
        expect.objectContaining({ line: 2, kind: "INDIVIDUAL", nameZh: "王颖", nameEn: "Wang Ying", detail: "大数据研究院", members: [] }),
        expect.objectContaining({
          line: 3,
          kind: "TEAM",
          nameZh: "数据平台团队",
          members: [expect.objectContaining({ nameZh: "王颖", department: "大数据研究院", isLead: true }), expect.objectContaining({ nameZh: "周琳", isLead: false })],
        }),
      ],
    },
  ]);
  expect(await footprint()).toEqual(before); // previews write nothing

  const done = await confirm(slug, token!, organizer.id);
  expect(statusOf(done.returned)).toBe(302);
  const location = (done.returned as Response).headers.get("Location")!;
  expect(location).toBe(`/awards/${slug}/import?imported=2&already=0`);
  const page = await importLoader(routeArgs(await get(location, { userId: organizer.id }), { slug }));
  expect(page.done).toEqual({ imported: 2, already: 0 });
  expect(await prisma.award.count({ where: { category: { programmeId: programme.id } } })).toBe(2);
  const after = await footprint();
  expect(after).toEqual({ awards: before.awards + 2, teams: before.teams + 1, imports: before.imports + 1 });

  // the same form posted again (a double click, the back button): a 409 that says so, and nothing more
  const twice = await confirm(slug, token!, organizer.id);
  expect(statusOf(twice.returned)).toBe(409);
  expect(payloadOf(twice.returned).problem?.messageKey).toBe("awardImport.used");
  // and uploading the same file again shows both lines as already there, with nothing to confirm
  const again = payloadOf((await upload(slug, csvFile(GOOD), organizer.id)).returned);
  expect(again.preview!.counts).toMatchObject({ awards: 0, already: 2 });
  expect(again.token).toBeNull();
  expect(await footprint()).toEqual(after);
});

test("bad input is a 400 with a reason, never a 500: no file, no intent, a damaged or missing seal, too large, missing columns", async () => {
  const { slug, organizer } = await draft();
  const before = await footprint();
  const reason = (outcome: { returned: unknown }) => {
    expect(statusOf(outcome.returned)).toBe(400);
    return payloadOf(outcome.returned).problem;
  };
  expect(reason(await upload(slug, new File([], "", { type: "application/octet-stream" }), organizer.id))?.messageKey).toBe("awardImport.problem.noFile");
  expect(reason(await upload(slug, csvFile(GOOD + "x".repeat(3 * 1024 * 1024)), organizer.id))?.messageKey).toBe("awardImport.problem.tooLarge");
  expect(reason(await upload(slug, csvFile("tiny"), organizer.id, { "Content-Length": String(20 * 1024 * 1024) }))?.messageKey).toBe("awardImport.problem.tooLarge");
  expect(reason(await upload(slug, csvFile("类别,等级\r\n科技奖,一等奖\r\n"), organizer.id))).toEqual({ messageKey: "awardImport.problem.missingColumns", params: {}, columns: ["kind", "recipient"] });

  const token = payloadOf((await upload(slug, csvFile(GOOD), organizer.id)).returned).token!;
  expect(reason(await confirm(slug, `${token}x`, organizer.id))?.messageKey).toBe("awardImport.expired");
  expect(reason(await confirm(slug, "", organizer.id))?.messageKey).toBe("awardImport.expired");
  const noIntent = await settle(async () => importAction(routeArgs(await post(`/awards/${slug}/import`, { token }, { userId: organizer.id }), { slug })));
  expect(reason(noIntent)?.messageKey).toBe("awardImport.expired");
  // a seal for another programme, by its own organizer, is no good here
  const other = await draft();
  const foreign = payloadOf((await upload(other.slug, csvFile(GOOD), other.organizer.id)).returned).token!;
  expect(reason(await confirm(slug, foreign, organizer.id))?.messageKey).toBe("awardImport.expired");
  expect(await footprint()).toEqual(before);
  // an unknown programme is a 404
  expect(statusOf((await settle(async () => importLoader(routeArgs(await get("/awards/no-such-programme/import", { userId: organizer.id }), { slug: "no-such-programme" })))).thrown)).toBe(404);
});

test("the page in English through the locale cookie: its title and the preview's categories and departments", async () => {
  const { slug, organizer } = await draft();
  const cookie = `${await sessionCookieFor(organizer.id)}; ${(await localeCookie.serialize("en")).split(";")[0]}`;
  const page = await importLoader(routeArgs(new Request(`${ORIGIN}/awards/${slug}/import`, { headers: { Cookie: cookie } }), { slug }));
  expect(page.title).toBe("Import awards · 2027 Technology Awards");
  const form = new FormData();
  form.append("intent", "preview");
  form.append("file", csvFile(GOOD));
  const outcome = await importAction(routeArgs(new Request(`${ORIGIN}/awards/${slug}/import`, { method: "POST", body: form, headers: { Cookie: cookie } }), { slug }));
  const { preview } = payloadOf(outcome);
  expect(preview!.categories[0]).toMatchObject({ name: "Technology Award", level: "First Prize", awards: [expect.objectContaining({ nameZh: "王颖", detail: "Research Institute of Big Data" }), expect.anything()] });
});
