import type { LoaderFunctionArgs } from "@remix-run/node";

import { awardPhoto } from "~/models/award.server";
import { notFound } from "~/utils/http.server";
import { resource } from "~/utils/resource.server";

/** An award's photo, under the same embargo as the award: a 404 until the programme is announced. */
export const loader = resource(async ({ request, params }: LoaderFunctionArgs) => {
  const photo = await awardPhoto(request, params.awardId ?? "");
  if (!photo) throw notFound("awards.notFound");
  return new Response(new Uint8Array(photo.bytes), {
    headers: { "Content-Type": photo.type, "Cache-Control": "private, max-age=300", "X-Content-Type-Options": "nosniff" },
  });
});
