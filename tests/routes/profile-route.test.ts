import { expect, test } from "vitest";

import { createDepartment, createUser } from "../factories";
import { get, post, routeArgs, settle, statusOf } from "../request";
import { action, loader } from "~/routes/profile";
import { prisma } from "~/utils/db.server";
import { localeCookie } from "~/utils/i18n.server";

type Reply = { status?: string; initialValue: Record<string, unknown> | null; error?: Record<string, string[] | null> };

function replyOf(outcome: unknown): Reply {
  expect(outcome).not.toBeInstanceOf(Response);
  expect(outcome).toHaveProperty("data.result");
  return (outcome as { data: { result: Reply } }).data.result;
}

const validForm = {
  nameZh: "王小明",
  nameEn: "Wang Xiaoming",
  pinyin: "wangxiaoming",
  titleZh: "研究员",
  titleEn: "Researcher",
  phone: "+86 10-1234-5678",
  locale: "en",
};

async function staffMember() {
  const dept = await createDepartment({ nameZh: "材料所", nameEn: "Materials Institute" });
  return createUser({
    nameZh: "旧名",
    nameEn: "Old Name",
    departmentId: dept.id,
    employeeNo: `E-${Math.random().toString(36).slice(2)}`,
    titleEn: "Engineer",
    recruitmentBatch: "2024-2",
  });
}

test("profile loader: not signed in redirects to /login?redirectTo=/profile", async () => {
  const { thrown } = await settle(async () => loader(routeArgs(await get("/profile"))));
  expect(thrown).toBeInstanceOf(Response);
  const response = thrown as Response;
  expect(response.status).toBe(302);
  const location = new URL(response.headers.get("Location")!, "http://localhost");
  expect(location.pathname).toBe("/login");
  expect(location.searchParams.get("redirectTo")).toBe("/profile");
});

test("profile loader: returns the signed-in user's own data and nobody else's", async () => {
  const me = await staffMember();
  const someoneElse = await staffMember();
  const result = await loader(routeArgs(await get("/profile", { userId: me.id, headers: { "Accept-Language": "en" } })));
  expect(result.user.email).toBe(me.email);
  expect(result.user.nameZh).toBe("旧名");
  expect(result.user.nameEn).toBe("Old Name");
  expect(result.user.roles).toEqual(["Staff"]);
  const profile = await prisma.staffProfile.findUniqueOrThrow({ where: { userId: me.id } });
  expect(result.staff).toMatchObject({
    employeeNo: profile.employeeNo,
    department: "Materials Institute",
    recruitmentBatch: "2024-2",
    titleEn: "Engineer",
  });
  expect(JSON.stringify(result)).not.toContain(someoneElse.email);
  expect(JSON.stringify(result)).not.toContain("passwordHash");
});

test("profile loader: a guest has no staff section", async () => {
  const guest = await createUser({ kind: "GUEST" });
  const result = await loader(routeArgs(await get("/profile", { userId: guest.id })));
  expect(result.user.email).toBe(guest.email);
  expect(result.staff).toBeNull();
});

test("profile action: an empty nameZh is 400 with form.required, and the typed values are kept", async () => {
  const me = await staffMember();
  const result = await action(routeArgs(await post("/profile", { ...validForm, nameZh: "" }, { userId: me.id })));
  expect(statusOf(result)).toBe(400);
  const reply = replyOf(result);
  expect(reply.error?.nameZh).toEqual(["form.required"]);
  expect(reply.initialValue).toMatchObject({ nameEn: "Wang Xiaoming", pinyin: "wangxiaoming", phone: "+86 10-1234-5678", locale: "en" });
  const user = await prisma.user.findUniqueOrThrow({ where: { id: me.id } });
  expect(user.nameEn).toBe("Old Name");
  expect(await prisma.auditLog.count({ where: { action: "profile.update", entityId: me.id } })).toBe(0);
});

test("profile action: a name of only spaces is form.required too", async () => {
  const me = await staffMember();
  const result = await action(routeArgs(await post("/profile", { ...validForm, nameEn: "   " }, { userId: me.id })));
  expect(statusOf(result)).toBe(400);
  expect(replyOf(result).error?.nameEn).toEqual(["form.required"]);
});

test("profile action: a bad phone is 400 with profile.phoneInvalid", async () => {
  const me = await staffMember();
  const result = await action(routeArgs(await post("/profile", { ...validForm, phone: "abc" }, { userId: me.id })));
  expect(statusOf(result)).toBe(400);
  const reply = replyOf(result);
  expect(reply.error?.phone).toEqual(["profile.phoneInvalid"]);
  expect(reply.initialValue?.phone).toBe("abc");
  expect((await prisma.staffProfile.findUniqueOrThrow({ where: { userId: me.id } })).phone).toBeNull();
});

test("profile action: an unsupported locale is 400", async () => {
  const me = await staffMember();
  const result = await action(routeArgs(await post("/profile", { ...validForm, locale: "fr" }, { userId: me.id })));
  expect(statusOf(result)).toBe(400);
  expect(replyOf(result).error?.locale).toEqual(["form.invalidChoice"]);
  expect((await prisma.user.findUniqueOrThrow({ where: { id: me.id } })).locale).toBeNull();
});

test("profile action: a too-long name is 400 with form.tooLong", async () => {
  const me = await staffMember();
  const result = await action(routeArgs(await post("/profile", { ...validForm, nameZh: "名".repeat(51) }, { userId: me.id })));
  expect(statusOf(result)).toBe(400);
  expect(replyOf(result).error?.nameZh).toEqual(["form.tooLong"]);
});

test("profile action: a valid post saves, redirects, sets the language cookie and writes an audit entry", async () => {
  const me = await staffMember();
  const result = await action(routeArgs(await post("/profile", validForm, { userId: me.id })));
  expect(result).toBeInstanceOf(Response);
  const response = result as Response;
  expect(response.status).toBe(302);
  expect(response.headers.get("Location")).toBe("/profile?saved=1");
  expect(await localeCookie.parse(response.headers.get("Set-Cookie"))).toBe("en");

  const user = await prisma.user.findUniqueOrThrow({ where: { id: me.id }, include: { profile: true } });
  expect(user).toMatchObject({ nameZh: "王小明", nameEn: "Wang Xiaoming", pinyin: "wangxiaoming", locale: "en" });
  expect(user.profile).toMatchObject({ titleZh: "研究员", titleEn: "Researcher", phone: "+86 10-1234-5678" });

  const entries = await prisma.auditLog.findMany({ where: { action: "profile.update", entityId: me.id } });
  expect(entries).toHaveLength(1);
  expect(entries[0]).toMatchObject({ actorId: me.id, entityType: "User" });
});

test("profile action: clearing optional fields stores null", async () => {
  const me = await staffMember();
  await action(routeArgs(await post("/profile", validForm, { userId: me.id })));
  const result = await action(routeArgs(await post("/profile", { ...validForm, pinyin: "", titleEn: "", phone: "" }, { userId: me.id })));
  expect(statusOf(result)).toBe(302);
  const user = await prisma.user.findUniqueOrThrow({ where: { id: me.id }, include: { profile: true } });
  expect(user.pinyin).toBeNull();
  expect(user.profile?.titleEn).toBeNull();
  expect(user.profile?.phone).toBeNull();
});

test("profile action: email, employee number, department and batch cannot be changed even if posted", async () => {
  const me = await staffMember();
  const before = await prisma.user.findUniqueOrThrow({ where: { id: me.id }, include: { profile: true } });
  const otherDept = await createDepartment();
  const result = await action(
    routeArgs(
      await post(
        "/profile",
        {
          ...validForm,
          email: "hijack@lab.example",
          employeeNo: "E-HIJACK",
          departmentId: otherDept.id,
          recruitmentBatch: "2099-1",
          kind: "GUEST",
        },
        { userId: me.id },
      ),
    ),
  );
  expect(statusOf(result)).toBe(302);
  const after = await prisma.user.findUniqueOrThrow({ where: { id: me.id }, include: { profile: true } });
  expect(after.email).toBe(before.email);
  expect(after.kind).toBe("STAFF");
  expect(after.profile?.employeeNo).toBe(before.profile?.employeeNo);
  expect(after.profile?.departmentId).toBe(before.profile?.departmentId);
  expect(after.profile?.recruitmentBatch).toBe("2024-2");
  expect(after.nameEn).toBe("Wang Xiaoming");
  expect(await prisma.user.count({ where: { email: "hijack@lab.example" } })).toBe(0);
});

test("profile action: only the signed-in user's own row changes", async () => {
  const me = await staffMember();
  const other = await staffMember();
  await action(routeArgs(await post("/profile", { ...validForm, userId: other.id, id: other.id }, { userId: me.id })));
  expect((await prisma.user.findUniqueOrThrow({ where: { id: other.id } })).nameEn).toBe("Old Name");
  expect((await prisma.user.findUniqueOrThrow({ where: { id: me.id } })).nameEn).toBe("Wang Xiaoming");
});

test("profile action: not signed in redirects to login; a guest (no update:user:own) is 403", async () => {
  const anonymous = await settle(async () => action(routeArgs(await post("/profile", validForm))));
  expect(anonymous.thrown).toBeInstanceOf(Response);
  expect(statusOf(anonymous.thrown)).toBe(302);

  const guest = await createUser({ kind: "GUEST", nameEn: "Guest Name" });
  const { thrown } = await settle(async () => action(routeArgs(await post("/profile", validForm, { userId: guest.id }))));
  expect(statusOf(thrown)).toBe(403);
  expect((await prisma.user.findUniqueOrThrow({ where: { id: guest.id } })).nameEn).toBe("Guest Name");
});
