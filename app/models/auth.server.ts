import { prisma } from "~/utils/db.server";
import { decoyHash, verifyPassword } from "~/utils/password.server";
import { RateLimiter } from "~/utils/rate-limit.server";

export const ACCOUNT_FAILURE_LIMIT = 5;
const ACCOUNT_WINDOW_MS = 15 * 60 * 1000;
const LOCK_MS = 15 * 60 * 1000;

// Tier one: many failures from one address (guessing across accounts). Only failures count: the whole lab may
// reach us through one NAT address, and a morning of successful sign-ins must never lock it out. Tier two, in
// the database: repeated failures on one account, which holds across processes and restarts.
const perAddress = new RateLimiter(30, 10 * 60 * 1000);

export type SignInResult =
  | { ok: true; userId: string }
  | { ok: false; reason: "invalid" | "locked" | "rate-limited" };

export async function signIn(email: string, password: string, address: string, now = new Date()): Promise<SignInResult> {
  if (perAddress.isLimited(address, now.getTime())) return { ok: false, reason: "rate-limited" };
  const failed = (reason: "invalid" | "locked"): SignInResult => {
    perAddress.hit(address, now.getTime());
    return { ok: false, reason };
  };

  const user = await prisma.user.findUnique({
    where: { email: email.trim().toLowerCase() },
    select: { id: true, passwordHash: true, deletedAt: true, loginThrottle: true },
  });
  if (!user || !user.passwordHash || user.deletedAt) {
    await verifyPassword(password, await decoyHash());
    return failed("invalid");
  }
  if (user.loginThrottle?.lockedUntil && user.loginThrottle.lockedUntil > now) return failed("locked");

  if (await verifyPassword(password, user.passwordHash)) {
    if (user.loginThrottle) await prisma.loginThrottle.delete({ where: { userId: user.id } });
    return { ok: true, userId: user.id };
  }

  const throttle = user.loginThrottle;
  const fresh = !throttle || now.getTime() - throttle.windowStart.getTime() > ACCOUNT_WINDOW_MS;
  const failures = fresh ? 1 : throttle.failures + 1;
  const lockedUntil = failures >= ACCOUNT_FAILURE_LIMIT ? new Date(now.getTime() + LOCK_MS) : null;
  await prisma.loginThrottle.upsert({
    where: { userId: user.id },
    create: { userId: user.id, failures, windowStart: now, lockedUntil },
    update: { failures, lockedUntil, ...(fresh ? { windowStart: now } : {}) },
  });
  return failed(lockedUntil ? "locked" : "invalid");
}
