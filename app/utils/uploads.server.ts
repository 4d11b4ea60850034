import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";

import { getEnv } from "~/utils/env.server";

/**
 * Uploaded images live beside the database file (`<database folder>/uploads/…`), so a backup of that folder has
 * everything. Only images we recognise by their first bytes are kept; the type is read back the same way.
 */
function uploadRoot() {
  const url = getEnv().DATABASE_URL;
  const base = url.startsWith("file:") ? path.dirname(path.resolve(url.slice("file:".length))) : path.resolve("data");
  return path.join(base, "uploads");
}

const SIGNATURES: Array<{ type: string; test: (bytes: Uint8Array) => boolean }> = [
  { type: "image/jpeg", test: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  { type: "image/png", test: (b) => b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47 },
  { type: "image/webp", test: (b) => String.fromCharCode(...b.subarray(0, 4)) === "RIFF" && String.fromCharCode(...b.subarray(8, 12)) === "WEBP" },
];

export function imageType(bytes: Uint8Array) {
  return SIGNATURES.find((signature) => signature.test(bytes))?.type ?? null;
}

const safeName = (name: string) => {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(name)) throw new Error("bad upload name");
  return name;
};

export async function saveUpload(folder: string, name: string, bytes: Uint8Array) {
  const dir = path.join(uploadRoot(), safeName(folder));
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, safeName(name)), bytes);
}

export async function readUpload(folder: string, name: string) {
  try {
    const bytes = await readFile(path.join(uploadRoot(), safeName(folder), safeName(name)));
    const type = imageType(bytes);
    return type ? { bytes, type } : null;
  } catch {
    return null;
  }
}

export async function removeUpload(folder: string, name: string) {
  await rm(path.join(uploadRoot(), safeName(folder), safeName(name)), { force: true });
}
