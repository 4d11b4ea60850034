import { expect, test } from "vitest";

import { assignEventRole, createEvent, createUser } from "../../tests/factories";
import { settle, statusOf } from "../../tests/request";
import { Prisma } from "~/generated/prisma/client";
import { prisma } from "~/utils/db.server";
import { badRequest, conflict, forbidden, notFound, requireParam, uniqueViolation } from "~/utils/http.server";

async function caught(fn: () => Promise<unknown>) {
  const { thrown } = await settle(fn);
  expect(thrown).toBeDefined();
  return thrown;
}

test("uniqueViolation on a real P2002 from a duplicate email names the email field", async () => {
  const email = `dup-${Date.now()}@lab.example`;
  await createUser({ email });
  const error = await caught(() => createUser({ email }));
  expect(error).toBeInstanceOf(Prisma.PrismaClientKnownRequestError);
  expect((error as Prisma.PrismaClientKnownRequestError).code).toBe("P2002");
  const violation = uniqueViolation(error);
  expect(violation).not.toBeNull();
  expect(violation!.fields).toContain("email");
  expect(await prisma.user.count({ where: { email } })).toBe(1);
});

test("uniqueViolation names every field of a composite unique constraint", async () => {
  const user = await createUser();
  const event = await createEvent({ organizerIds: [user.id] });
  const error = await caught(() => assignEventRole(event.id, [user.id], "organizer"));
  const violation = uniqueViolation(error);
  expect(violation).not.toBeNull();
  expect([...violation!.fields].sort()).toEqual(["eventId", "roleId", "userId"]);
});

test("uniqueViolation is null for any other error", async () => {
  const notFoundError = await caught(() => prisma.user.update({ where: { id: "no-such-user" }, data: { nameEn: "x" } }));
  expect(notFoundError).toBeInstanceOf(Prisma.PrismaClientKnownRequestError);
  expect((notFoundError as Prisma.PrismaClientKnownRequestError).code).not.toBe("P2002");
  expect(uniqueViolation(notFoundError)).toBeNull();

  const foreignKey = await caught(() =>
    prisma.session.create({ data: { id: "s-1", userId: "no-such-user", expiresAt: new Date() } }),
  );
  expect(uniqueViolation(foreignKey)).toBeNull();

  expect(uniqueViolation(new Error("P2002"))).toBeNull();
  expect(uniqueViolation({ code: "P2002", meta: { target: ["email"] } })).toBeNull();
  expect(uniqueViolation(null)).toBeNull();
  expect(uniqueViolation(undefined)).toBeNull();
  expect(uniqueViolation("P2002")).toBeNull();
});

test("the error helpers carry the right status and a message key", () => {
  expect(statusOf(badRequest())).toBe(400);
  expect(badRequest().data).toEqual({ messageKey: "error.400.body" });
  expect(statusOf(forbidden())).toBe(403);
  expect(forbidden("admin.users.selfDemotion").data).toEqual({ messageKey: "admin.users.selfDemotion" });
  expect(statusOf(notFound())).toBe(404);
  expect(notFound().data).toEqual({ messageKey: "error.404.body" });
  expect(statusOf(conflict())).toBe(409);
  expect(conflict().data).toEqual({ messageKey: "error.409.body" });
});

test("requireParam returns a present param and throws 404 for a missing or empty one", async () => {
  expect(requireParam({ slug: "abc" }, "slug")).toBe("abc");
  const missing = await caught(async () => requireParam({}, "slug"));
  expect(statusOf(missing)).toBe(404);
  const empty = await caught(async () => requireParam({ slug: "" }, "slug"));
  expect(statusOf(empty)).toBe(404);
});
