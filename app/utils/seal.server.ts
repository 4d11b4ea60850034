import { createHmac, timingSafeEqual } from "node:crypto";
import { deflateRawSync, inflateRawSync } from "node:zlib";

import type { z } from "zod";

import { getEnv } from "~/utils/env.server";

/**
 * A payload the server hands to the browser and takes back unchanged: compressed, and signed with a key derived from
 * the session secrets and a purpose, so a seal made for one use is worthless for another. The imports carry their
 * previewed rows this way, so the confirm step needs no second upload and no server-side state. Rotating the
 * session secret keeps older seals valid while the old secret is still listed.
 */
const keys = (purpose: string) => getEnv().sessionSecrets.map((secret) => createHmac("sha256", secret).update(`convene ${purpose} seal`).digest());

const signature = (key: Buffer, version: string, body: string) => createHmac("sha256", key).update(`${version}.${body}`).digest();

export function seal(purpose: string, version: string, payload: unknown): string {
  const body = deflateRawSync(Buffer.from(JSON.stringify(payload))).toString("base64url");
  return `${version}.${body}.${signature(keys(purpose)[0]!, version, body).toString("base64url")}`;
}

/** The payload, parsed by its schema, or null when the seal is forged, damaged, of another purpose or version. */
export function unseal<T>(purpose: string, version: string, token: string, schema: z.ZodType<T>): T | null {
  const [given, body, mac, ...rest] = token.split(".");
  if (given !== version || !body || !mac || rest.length) return null;
  const macBytes = Buffer.from(mac, "base64url");
  const genuine = keys(purpose).some((key) => {
    const wanted = signature(key, version, body);
    return macBytes.length === wanted.length && timingSafeEqual(macBytes, wanted);
  });
  if (!genuine) return null;
  try {
    const json: unknown = JSON.parse(inflateRawSync(Buffer.from(body, "base64url"), { maxOutputLength: 8 * 1024 * 1024 }).toString("utf8"));
    const parsed = schema.safeParse(json);
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
