import type { LoaderFunctionArgs } from "@remix-run/node";

import { certificatesOf, programmeContents, requireProgramme } from "~/models/award.server";
import { pdfResponse } from "~/models/badge-pdf.server";
import { renderCertificates } from "~/models/certificate-pdf.server";
import { getEnv } from "~/utils/env.server";
import { resource } from "~/utils/resource.server";

/** Every certificate of a programme in one PDF, for the people running it (to print before the ceremony). */
export const loader = resource(async ({ request, params }: LoaderFunctionArgs) => {
  const { programme } = await requireProgramme(request, params.slug, { manage: true });
  const env = getEnv();
  const list = certificatesOf(programme, await programmeContents(programme.id), { zh: env.INSTITUTION_NAME_ZH, en: env.INSTITUTION_NAME_EN });
  return pdfResponse(await renderCertificates(list), `certificates-${programme.slug}.pdf`);
});
