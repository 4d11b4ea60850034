import { data } from "@remix-run/node";

import { Prisma } from "~/generated/prisma/client";
import type { MessageKey } from "~/utils/i18n";

/**
 * Errors thrown from loaders and actions carry a message key, never prose, so the error page shows them
 * in the reader's language. These are the only statuses bad input may produce.
 */
export type ErrorPayload = { messageKey: MessageKey };

export function badRequest(messageKey: MessageKey = "error.400.body") {
  return data<ErrorPayload>({ messageKey }, { status: 400 });
}
export function forbidden(messageKey: MessageKey = "error.403.body") {
  return data<ErrorPayload>({ messageKey }, { status: 403 });
}
export function notFound(messageKey: MessageKey = "error.404.body") {
  return data<ErrorPayload>({ messageKey }, { status: 404 });
}
export function conflict(messageKey: MessageKey = "error.409.body") {
  return data<ErrorPayload>({ messageKey }, { status: 409 });
}

/**
 * A unique-constraint violation. Through driver adapters Prisma leaves `meta.target` empty and puts the
 * constraint under `meta.driverAdapterError.cause` (shared/STACK.md), so the field names are dug out there.
 */
export function uniqueViolation(error: unknown): { fields: string[] } | null {
  if (!(error instanceof Prisma.PrismaClientKnownRequestError) || error.code !== "P2002") return null;
  const meta = (error.meta ?? {}) as {
    target?: string[] | string;
    driverAdapterError?: { cause?: { constraint?: { fields?: string[] } } };
  };
  const fromAdapter = meta.driverAdapterError?.cause?.constraint?.fields;
  const target = Array.isArray(meta.target) ? meta.target : meta.target ? [meta.target] : [];
  return { fields: fromAdapter ?? target };
}

/** Parses a route param that must be present; a missing one is a 404, like an unknown id. */
export function requireParam(params: Record<string, string | undefined>, name: string) {
  const value = params[name];
  if (!value) throw notFound();
  return value;
}
