import { writeFileSync } from "node:fs";

import QRCode from "qrcode";

/**
 * A video file Chromium plays as its camera (`--use-file-for-fake-video-capture`): uncompressed Y4M, 640×480 at
 * 10 frames a second, looped by the browser. Each scene shows one QR code, black on white, large in the centre
 * with its quiet zone, for a number of frames; a scene without text is an empty white frame.
 */
export type Scene = { text: string | null; frames: number };

const WIDTH = 640;
const HEIGHT = 480;
const WHITE = 235; // video-range luma
const BLACK = 16;
const QUIET_ZONE = 4; // modules of white around the symbol, as the QR standard asks

export const FAKE_CAMERA_FLAGS = (file: string) => [
  "--use-fake-device-for-media-stream",
  "--use-fake-ui-for-media-stream",
  `--use-file-for-fake-video-capture=${file}`,
];

/** The luma plane of one frame showing `text` as a QR code (or nothing). */
function lumaOf(text: string | null) {
  const luma = Buffer.alloc(WIDTH * HEIGHT, WHITE);
  if (text === null) return luma;
  const modules = QRCode.create(text, { errorCorrectionLevel: "M" }).modules;
  const span = modules.size + 2 * QUIET_ZONE;
  const scale = Math.floor((HEIGHT - 40) / span);
  const left = Math.floor((WIDTH - modules.size * scale) / 2);
  const top = Math.floor((HEIGHT - modules.size * scale) / 2);
  for (let row = 0; row < modules.size; row++) {
    for (let col = 0; col < modules.size; col++) {
      if (!modules.get(row, col)) continue;
      for (let y = 0; y < scale; y++) luma.fill(BLACK, (top + row * scale + y) * WIDTH + left + col * scale, (top + row * scale + y) * WIDTH + left + (col + 1) * scale);
    }
  }
  return luma;
}

export function writeFakeCamera(file: string, scenes: Scene[]) {
  const chroma = Buffer.alloc((WIDTH / 2) * (HEIGHT / 2) * 2, 128); // U then V: no colour
  const parts: Buffer[] = [Buffer.from(`YUV4MPEG2 W${WIDTH} H${HEIGHT} F10:1 Ip A1:1 C420jpeg\n`)];
  for (const scene of scenes) {
    const frame = Buffer.concat([Buffer.from("FRAME\n"), lumaOf(scene.text), chroma]);
    for (let i = 0; i < scene.frames; i++) parts.push(frame);
  }
  writeFileSync(file, Buffer.concat(parts));
  return file;
}
