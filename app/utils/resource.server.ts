import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";

import { isMessageKey, translate } from "~/utils/i18n";
import { resolveLocale } from "~/utils/i18n.server";

type Thrown = { type?: unknown; data?: unknown; init?: { status?: number } | null };

/**
 * Resource routes (files, feeds, JSON) answer bad requests with the same translated errors as pages. Remix renders a
 * `data()` thrown from a page's loader into the error page, but from a resource route it sends "Unexpected Server
 * Error" and logs a server error; so here such an error becomes a Response (thrown, like any other Response) with
 * its status and the message in the reader's language: `{ "error": "…", "messageKey": "…" }`.
 */
export function resource<Args extends LoaderFunctionArgs | ActionFunctionArgs>(handler: (args: Args) => Promise<Response>) {
  return async (args: Args): Promise<Response> => {
    try {
      return await handler(args);
    } catch (error) {
      const thrown = error as Thrown | null;
      if (!thrown || typeof thrown !== "object" || thrown.type !== "DataWithResponseInit") throw error;
      const status = thrown.init?.status ?? 500;
      const key: unknown = (thrown.data as { messageKey?: unknown } | null)?.messageKey;
      const fallback = `error.${status}.body`;
      const messageKey = isMessageKey(key) ? key : isMessageKey(fallback) ? fallback : "error.500.body";
      const locale = await resolveLocale(args.request, null);
      throw Response.json({ error: translate(locale, messageKey), messageKey }, { status, headers: { "Cache-Control": "no-store" } });
    }
  };
}
