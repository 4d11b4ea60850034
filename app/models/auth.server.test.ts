import { randomUUID } from "node:crypto";

import { expect, test } from "vitest";

import { createUser, DEMO_PASSWORD } from "../../tests/factories";
import { ACCOUNT_FAILURE_LIMIT, signIn } from "~/models/auth.server";
import { prisma } from "~/utils/db.server";

// The per-address limiter lives in module memory and is shared by every test in this file, so each test
// signs in from its own address.
const address = () => `10.0.${Math.floor(Math.random() * 255)}.${randomUUID()}`;
const MINUTE = 60 * 1000;

test("the right password signs in and returns the user id", async () => {
  const user = await createUser();
  expect(await signIn(user.email, DEMO_PASSWORD, address())).toEqual({ ok: true, userId: user.id });
});

test("the email is matched without regard to case or surrounding spaces", async () => {
  const user = await createUser();
  expect(await signIn(`  ${user.email.toUpperCase()} `, DEMO_PASSWORD, address())).toEqual({ ok: true, userId: user.id });
});

test("a wrong password is invalid, and counts one failure against the account", async () => {
  const user = await createUser();
  expect(await signIn(user.email, "not-the-password", address())).toEqual({ ok: false, reason: "invalid" });
  const throttle = await prisma.loginThrottle.findUnique({ where: { userId: user.id } });
  expect(throttle?.failures).toBe(1);
  expect(throttle?.lockedUntil).toBeNull();
});

test("an unknown email is invalid, the same answer as a wrong password", async () => {
  expect(await signIn(`nobody-${randomUUID()}@lab.example`, DEMO_PASSWORD, address())).toEqual({ ok: false, reason: "invalid" });
});

test("an account without a password cannot sign in", async () => {
  const user = await createUser({ password: null });
  expect(await signIn(user.email, DEMO_PASSWORD, address())).toEqual({ ok: false, reason: "invalid" });
  expect(await signIn(user.email, "", address())).toEqual({ ok: false, reason: "invalid" });
});

test("five wrong passwords lock the account; the right one is refused until the lock passes", async () => {
  const user = await createUser();
  const from = address();
  const start = new Date();
  expect(ACCOUNT_FAILURE_LIMIT).toBe(5);
  for (let i = 1; i < 5; i++) {
    expect(await signIn(user.email, `wrong-${i}`, from, new Date(start.getTime() + i * 1000))).toEqual({ ok: false, reason: "invalid" });
  }
  expect(await signIn(user.email, "wrong-5", from, new Date(start.getTime() + 5000))).toEqual({ ok: false, reason: "locked" });

  const throttle = await prisma.loginThrottle.findUniqueOrThrow({ where: { userId: user.id } });
  expect(throttle.failures).toBe(5);
  expect(throttle.lockedUntil?.getTime()).toBe(start.getTime() + 5000 + 15 * MINUTE);

  // The right password is refused while locked, now and just before the lock ends.
  expect(await signIn(user.email, DEMO_PASSWORD, from, new Date(start.getTime() + 6000))).toEqual({ ok: false, reason: "locked" });
  expect(await signIn(user.email, DEMO_PASSWORD, address(), new Date(start.getTime() + 5000 + 15 * MINUTE - 1))).toEqual({
    ok: false,
    reason: "locked",
  });

  // Once the lock has passed it works again, and the throttle row is cleared.
  expect(await signIn(user.email, DEMO_PASSWORD, address(), new Date(start.getTime() + 5000 + 15 * MINUTE + 1))).toEqual({
    ok: true,
    userId: user.id,
  });
  expect(await prisma.loginThrottle.findUnique({ where: { userId: user.id } })).toBeNull();
});

test("a success before the limit resets the failure count", async () => {
  const user = await createUser();
  const from = address();
  for (let i = 0; i < 4; i++) expect((await signIn(user.email, "wrong", from)).ok).toBe(false);
  expect(await signIn(user.email, DEMO_PASSWORD, from)).toEqual({ ok: true, userId: user.id });
  expect(await prisma.loginThrottle.findUnique({ where: { userId: user.id } })).toBeNull();
  // Four more failures do not lock, since the count started again.
  for (let i = 0; i < 4; i++) expect(await signIn(user.email, "wrong", from)).toEqual({ ok: false, reason: "invalid" });
});

test("failures spread beyond the 15-minute window do not add up to a lock", async () => {
  const user = await createUser();
  const start = Date.now();
  for (let i = 0; i < 4; i++) {
    expect(await signIn(user.email, "wrong", address(), new Date(start + i * 1000))).toEqual({ ok: false, reason: "invalid" });
  }
  // 16 minutes after the first failure, the window has started again.
  expect(await signIn(user.email, "wrong", address(), new Date(start + 16 * MINUTE))).toEqual({ ok: false, reason: "invalid" });
  const throttle = await prisma.loginThrottle.findUniqueOrThrow({ where: { userId: user.id } });
  expect(throttle.failures).toBe(1);
  expect(throttle.lockedUntil).toBeNull();
});

test("a deleted user cannot sign in, even with the right password", async () => {
  const user = await createUser();
  await prisma.user.update({ where: { id: user.id }, data: { deletedAt: new Date() } });
  expect(await signIn(user.email, DEMO_PASSWORD, address())).toEqual({ ok: false, reason: "invalid" });
});

test("more than 30 attempts from one address are rate-limited, even with the right password", async () => {
  const user = await createUser();
  const from = address();
  const now = new Date();
  for (let i = 0; i < 30; i++) {
    expect(await signIn(`nobody-${i}-${randomUUID()}@lab.example`, "x", from, now)).toEqual({ ok: false, reason: "invalid" });
  }
  expect(await signIn(user.email, DEMO_PASSWORD, from, now)).toEqual({ ok: false, reason: "rate-limited" });
  // Another address is not affected.
  expect(await signIn(user.email, DEMO_PASSWORD, address(), now)).toEqual({ ok: true, userId: user.id });
  // After the 10-minute window the address may try again.
  expect(await signIn(user.email, DEMO_PASSWORD, from, new Date(now.getTime() + 10 * MINUTE + 1))).toEqual({
    ok: true,
    userId: user.id,
  });
});

test("successful sign-ins never count against the address: a whole lab behind one NAT address keeps signing in", async () => {
  const user = await createUser();
  const from = address();
  const now = new Date();
  for (let i = 0; i < 40; i++) {
    expect(await signIn(user.email, DEMO_PASSWORD, from, now)).toEqual({ ok: true, userId: user.id });
  }
});
