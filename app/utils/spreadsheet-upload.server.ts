import { MaxPartSizeExceededError, unstable_createMemoryUploadHandler, unstable_parseMultipartFormData } from "@remix-run/node";

import { MAX_UPLOAD_BYTES } from "~/models/cohort-import.server";

export type UploadedFile = { ok: true; fileName: string; bytes: Uint8Array } | { ok: false; problem: "tooLarge" | "unreadable" | "noFile" };

/**
 * The spreadsheet posted by an import page's preview form (fields `intent=preview` and `file`). An honest client
 * declares its size, so an oversized upload is refused before a byte is read; the upload handler enforces the same
 * limit on the stream for clients that do not.
 */
export async function readUploadedSpreadsheet(request: Request): Promise<UploadedFile> {
  if (Number(request.headers.get("Content-Length") ?? 0) > MAX_UPLOAD_BYTES + 64 * 1024) return { ok: false, problem: "tooLarge" };
  let form: FormData;
  try {
    form = await unstable_parseMultipartFormData(request, unstable_createMemoryUploadHandler({ maxPartSize: MAX_UPLOAD_BYTES }));
  } catch (error) {
    return { ok: false, problem: error instanceof MaxPartSizeExceededError ? "tooLarge" : "unreadable" };
  }
  const file = form.get("file");
  if (form.get("intent") !== "preview") return { ok: false, problem: "unreadable" };
  if (!(file instanceof File) || (file.size === 0 && file.name === "")) return { ok: false, problem: "noFile" };
  return { ok: true, fileName: file.name.slice(0, 200), bytes: new Uint8Array(await file.arrayBuffer()) };
}
