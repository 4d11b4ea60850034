/**
 * A fixed-window counter kept in process memory: the first tier of protection for sign-in and scanning.
 * It resets on restart and is per process; the per-account throttle in the database is what holds across
 * processes.
 */
export class RateLimiter {
  private hits = new Map<string, { count: number; windowStart: number }>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  /** True while the key has used up its limit in the current window. */
  isLimited(key: string, now = Date.now()) {
    const entry = this.hits.get(key);
    return Boolean(entry && now - entry.windowStart < this.windowMs && entry.count >= this.limit);
  }

  /** Counts one occurrence (for sign-in: one failure) against the key. */
  hit(key: string, now = Date.now()) {
    const entry = this.hits.get(key);
    if (!entry || now - entry.windowStart >= this.windowMs) {
      if (this.hits.size > 10_000) this.sweep(now);
      this.hits.set(key, { count: 1, windowStart: now });
      return;
    }
    entry.count += 1;
  }

  private sweep(now: number) {
    for (const [key, entry] of this.hits) if (now - entry.windowStart >= this.windowMs) this.hits.delete(key);
  }
}

export function clientAddress(request: Request) {
  // Behind a proxy, set TRUST_PROXY so the first X-Forwarded-For hop is used; otherwise all share one bucket.
  const forwarded = process.env.TRUST_PROXY === "true" ? request.headers.get("X-Forwarded-For") : null;
  return forwarded?.split(",")[0]?.trim() || request.headers.get("X-Convene-Remote-Address") || "local";
}
