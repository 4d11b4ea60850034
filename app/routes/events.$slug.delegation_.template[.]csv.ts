import type { LoaderFunctionArgs } from "@remix-run/node";

import { requireDelegationEditor } from "~/models/delegation.server";
import { delegationTemplateCsv } from "~/models/delegation-import.server";
import { resource } from "~/utils/resource.server";

/** The empty delegation list to fill in: the bilingual header, UTF-8 with a byte-order mark for Excel. */
export const loader = resource(async ({ request, params }: LoaderFunctionArgs) => {
  await requireDelegationEditor(request, params.slug);
  return new Response(delegationTemplateCsv(), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="delegation-template.csv"; filename*=UTF-8''${encodeURIComponent("代表团名单模板-delegation-template.csv")}`,
      "Cache-Control": "private, no-store",
    },
  });
});
