import { z } from "zod";

const DEV_SECRET = "convene-development-secret-not-for-production";

const schema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    DATABASE_URL: z.string().min(1).default("file:./data/convene.db"),
    DATABASE_AUTH_TOKEN: z.string().optional(),
    // comma-separated; the first signs new cookies, the rest are still accepted (rotation)
    SESSION_SECRET: z.string().optional(),
    COOKIE_SECURE: z.enum(["true", "false"]).optional(),
    DEFAULT_TIME_ZONE: z.string().default("Asia/Shanghai"),
    // the institution's name as printed on certificates, in both languages
    INSTITUTION_NAME_ZH: z.string().min(1).max(80).default("之江实验室"),
    INSTITUTION_NAME_EN: z.string().min(1).max(120).default("Zhejiang Lab"),
    // ORGANIZER of calendar invitations for events whose organizers have no address; .invalid never delivers mail
    CALENDAR_ORGANIZER_EMAIL: z.email().default("noreply@convene.invalid"),
  })
  .transform((raw, ctx) => {
    const secrets = (raw.SESSION_SECRET ?? "").split(",").map((s) => s.trim()).filter(Boolean);
    if (raw.NODE_ENV === "production" && (secrets.length === 0 || secrets.some((s) => s.length < 32))) {
      ctx.addIssue({
        code: "custom",
        path: ["SESSION_SECRET"],
        message: "SESSION_SECRET must be set in production, each secret at least 32 characters",
      });
      return z.NEVER;
    }
    if (!isValidTimeZone(raw.DEFAULT_TIME_ZONE)) {
      ctx.addIssue({ code: "custom", path: ["DEFAULT_TIME_ZONE"], message: "unknown IANA time zone" });
      return z.NEVER;
    }
    return {
      ...raw,
      sessionSecrets: secrets.length > 0 ? secrets : [DEV_SECRET],
      cookieSecure: raw.COOKIE_SECURE ? raw.COOKIE_SECURE === "true" : raw.NODE_ENV === "production",
    };
  });

function isValidTimeZone(zone: string) {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export type Env = z.infer<typeof schema>;

let cached: Env | undefined;

/** Validated environment; throws at start-up with every problem listed, so a bad deploy fails fast. */
export function getEnv(): Env {
  if (cached) return cached;
  const result = schema.safeParse(process.env);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n");
    throw new Error(`Invalid environment:\n${problems}`);
  }
  cached = result.data;
  return cached;
}
