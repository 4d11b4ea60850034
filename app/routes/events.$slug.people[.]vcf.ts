import type { LoaderFunctionArgs } from "@remix-run/node";

import { peopleVcard } from "~/models/contact-vcard.server";
import { listConnections } from "~/models/connection.server";
import { getEnv } from "~/utils/env.server";
import { requireVisibleEvent } from "~/utils/event-access.server";
import { badRequest } from "~/utils/http.server";
import { isLocale } from "~/utils/i18n";

/** "People I met" as a vCard file in one language (`?lang=zh-CN|en`, the reader's language by default). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, locale: readerLocale, event } = await requireVisibleEvent(request, params);
  const lang = new URL(request.url).searchParams.get("lang");
  if (lang !== null && !isLocale(lang)) throw badRequest("people.badLang");
  const locale = lang ?? readerLocale;
  const env = getEnv();
  const body = peopleVcard(await listConnections(user.id, event.id), locale, { nameZh: env.INSTITUTION_NAME_ZH, nameEn: env.INSTITUTION_NAME_EN });
  const filename = `people-${event.slug}-${locale}.vcf`;
  return new Response(body, {
    headers: {
      "Content-Type": "text/vcard; charset=utf-8",
      "Content-Disposition": `attachment; filename="${filename}"`,
      // private: one person's contacts
      "Cache-Control": "private, no-store",
    },
  });
}
