import type jsQRFunction from "jsqr";
import { useEffect, useRef, useState, useSyncExternalStore, type ChangeEvent } from "react";

import { useT, type MessageKey } from "~/utils/i18n";

/**
 * The third way to read a badge at the door, beside typing and a USB scanner: the device's camera. The QR decoder
 * is the browser's own BarcodeDetector where it reads QR codes, otherwise jsQR, served from this app as its own
 * chunk and fetched only when the camera starts. Whatever goes wrong here is shown as a message and never thrown,
 * so the typed field below keeps working.
 */

type Status = "idle" | "starting" | "running" | "stopped" | "lost" | "denied" | "noCamera" | "busy" | "insecure" | "unsupported" | "decoderFailed" | "failed";
type Camera = { deviceId: string; label: string; n: number };
type Decode = (frame: HTMLCanvasElement | HTMLVideoElement) => Promise<string | null>;

const DECODE_EVERY_MS = 110; // about 9 frames a second: quick at a queue, light on a phone's battery
const LONG_SIDE = 640; // frames are scaled down to this before jsQR looks at them
const REPEAT_MS = 3_000; // the same badge held in view is read once; it counts again only after 3 s out of view
const DEVICE_KEY = "convene.camera.device";

const STATUS_KEYS: Record<Status, MessageKey> = {
  idle: "camera.status.idle",
  starting: "camera.status.starting",
  running: "camera.status.running",
  stopped: "camera.status.stopped",
  lost: "camera.status.lost",
  denied: "camera.status.denied",
  noCamera: "camera.status.noCamera",
  busy: "camera.status.busy",
  insecure: "camera.status.insecure",
  unsupported: "camera.status.unsupported",
  decoderFailed: "camera.status.decoderFailed",
  failed: "camera.status.failed",
};
const PROBLEMS = new Set<Status>(["lost", "denied", "noCamera", "busy", "insecure", "unsupported", "decoderFailed", "failed"]);

/** Browsers expose getUserMedia only in a secure context (https or localhost); say which of the two is missing. */
function supportOf(): "ok" | "insecure" | "unsupported" {
  if (typeof navigator.mediaDevices?.getUserMedia === "function") return "ok";
  return window.isSecureContext ? "unsupported" : "insecure";
}
const noop = () => () => undefined;

function statusOfError(error: unknown): Status {
  const name = error instanceof Error || error instanceof DOMException ? error.name : "";
  if (name === "NotAllowedError" || name === "SecurityError" || name === "PermissionDeniedError") return "denied";
  if (name === "NotFoundError" || name === "DevicesNotFoundError" || name === "OverconstrainedError") return "noCamera";
  if (name === "NotReadableError" || name === "TrackStartError" || name === "AbortError") return "busy";
  return "failed";
}

type BarcodeDetectorLike = { detect(source: CanvasImageSource): Promise<Array<{ rawValue: string }>> };
type BarcodeDetectorClass = { new (options: { formats: string[] }): BarcodeDetectorLike; getSupportedFormats(): Promise<string[]> };

/** The browser's own QR reader where it has one; jsQR from this app's build otherwise. Null when neither loads. */
async function loadDecoder(): Promise<Decode | null> {
  const Detector = (window as unknown as { BarcodeDetector?: BarcodeDetectorClass }).BarcodeDetector;
  try {
    if (Detector && (await Detector.getSupportedFormats()).includes("qr_code")) {
      const detector = new Detector({ formats: ["qr_code"] });
      return async (frame) => (await detector.detect(frame))[0]?.rawValue ?? null;
    }
  } catch {
    // a detector that cannot say what it reads is no detector: use jsQR
  }
  try {
    // jsQR is CommonJS; depending on the bundler's interop its function is `default` or `default.default`.
    const module = (await import("jsqr")) as unknown as { default: typeof jsQRFunction | { default: typeof jsQRFunction } };
    const jsQR = typeof module.default === "function" ? module.default : module.default.default;
    const canvas = document.createElement("canvas");
    const context = canvas.getContext("2d", { willReadFrequently: true });
    if (!context) return null;
    return async (frame) => {
      if (!(frame instanceof HTMLVideoElement) || !frame.videoWidth) return null;
      const ratio = Math.min(1, LONG_SIDE / Math.max(frame.videoWidth, frame.videoHeight));
      const width = Math.round(frame.videoWidth * ratio);
      const height = Math.round(frame.videoHeight * ratio);
      if (canvas.width !== width) canvas.width = width;
      if (canvas.height !== height) canvas.height = height;
      context.drawImage(frame, 0, 0, width, height);
      const image = context.getImageData(0, 0, width, height);
      return jsQR(image.data, width, height, { inversionAttempts: "dontInvert" })?.data ?? null;
    };
  } catch {
    return null;
  }
}

type Session = { stop: () => void };
type SessionEvents = { onStatus: (status: Status) => void; onCameras: (cameras: Camera[], current: string) => void; onCode: (text: string) => void };

/**
 * One run of the camera: the stream, the decode loop and the page-visibility pause. Everything it reports goes
 * through `events`, and nothing is reported once it is stopped, so a late answer from the camera cannot revive it.
 */
function startSession(video: HTMLVideoElement, deviceId: string | null, events: SessionEvents): Session {
  let stopped = false;
  let stream: MediaStream | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let last = { text: "", seenAt: 0 };

  const release = () => {
    clearTimeout(timer);
    document.removeEventListener("visibilitychange", onVisibility);
    stream?.getTracks().forEach((track) => track.stop());
    stream = null;
    video.pause();
    video.srcObject = null;
  };
  const fail = (status: Status) => {
    if (stopped) return;
    stopped = true;
    release();
    events.onStatus(status);
  };

  let decode: Decode | null = null;
  // Each (re)start of the loop gets a number, so a frame still being decoded from an older loop cannot fork a second one.
  let loop = 0;
  const tick = async (id: number) => {
    if (stopped || !decode || document.hidden || id !== loop) return;
    let text: string | null = null;
    try {
      if (video.readyState >= video.HAVE_CURRENT_DATA) text = await decode(video);
    } catch {
      text = null; // one unreadable frame; the next one may do
    }
    if (stopped || id !== loop) return;
    if (text) {
      const now = Date.now();
      const repeat = text === last.text && now - last.seenAt < REPEAT_MS;
      last = { text, seenAt: now };
      if (!repeat) events.onCode(text);
    }
    timer = setTimeout(() => void tick(id), DECODE_EVERY_MS);
  };
  // A hidden page does no decoding at all; the loop starts again when the page is shown.
  function onVisibility() {
    clearTimeout(timer);
    loop += 1;
    if (!document.hidden) void tick(loop);
  }

  void (async () => {
    try {
      // A camera picked before is asked for first; otherwise the one facing away from the user, as on a phone.
      const source: MediaTrackConstraints = deviceId ? { deviceId: { ideal: deviceId } } : { facingMode: { ideal: "environment" } };
      const [media, decoder] = await Promise.all([
        navigator.mediaDevices.getUserMedia({ audio: false, video: { ...source, width: { ideal: 1280 }, height: { ideal: 720 } } }),
        loadDecoder(),
      ]);
      // Stopped while the camera was being asked for (or switched): drop this stream, and leave the video alone,
      // since a newer session may be using it.
      if (stopped) return media.getTracks().forEach((track) => track.stop());
      stream = media;
      if (!decoder) return fail("decoderFailed");
      decode = decoder;
      const [track] = media.getVideoTracks();
      track?.addEventListener("ended", () => fail("lost"));
      video.srcObject = media;
      await video.play();
      if (stopped) return;
      events.onStatus("running");
      document.addEventListener("visibilitychange", onVisibility);
      void tick(loop);
      // Labels are only given once the camera is allowed, so the picker is filled now.
      const devices = await navigator.mediaDevices.enumerateDevices();
      const cameras = devices.filter((device) => device.kind === "videoinput").map((device, i) => ({ deviceId: device.deviceId, label: device.label, n: i + 1 }));
      if (!stopped) events.onCameras(cameras, track?.getSettings().deviceId ?? "");
    } catch (error) {
      fail(statusOfError(error));
    }
  })();

  return {
    stop() {
      stopped = true;
      release();
    },
  };
}

/** `idleMessage` replaces the first hint, for a scanner that does more than check people in. */
export function CameraReader({ onCode, idleMessage }: { onCode: (text: string) => void; idleMessage?: MessageKey }) {
  const t = useT();
  const support = useSyncExternalStore(noop, supportOf, () => "ok" as const);
  const [status, setStatus] = useState<Status>("idle");
  const [cameras, setCameras] = useState<Camera[]>([]);
  const [current, setCurrent] = useState("");
  const video = useRef<HTMLVideoElement>(null);
  const session = useRef<Session | null>(null);
  const latestOnCode = useRef(onCode);

  useEffect(() => {
    latestOnCode.current = onCode;
  }, [onCode]);
  // Leaving the page turns the camera off.
  useEffect(() => () => session.current?.stop(), []);
  // Fetch the decoder while the network is up, so the camera still works if the door loses it before first use.
  useEffect(() => {
    if (navigator.onLine) void import("jsqr").catch(() => undefined);
  }, []);

  const start = (deviceId: string | null) => {
    session.current?.stop();
    if (!video.current) return;
    if (supportOf() !== "ok") return setStatus(supportOf() === "insecure" ? "insecure" : "unsupported");
    setStatus("starting");
    session.current = startSession(video.current, deviceId, {
      onStatus: setStatus,
      onCameras: (found, id) => {
        setCameras(found);
        setCurrent(id);
      },
      onCode: (text) => latestOnCode.current(text),
    });
  };
  const stop = () => {
    session.current?.stop();
    session.current = null;
    setStatus("stopped");
  };
  const pickCamera = (event: ChangeEvent<HTMLSelectElement>) => {
    const id = event.target.value;
    setCurrent(id);
    try {
      window.localStorage.setItem(DEVICE_KEY, id);
    } catch {
      // not remembered, still used
    }
    start(id);
  };
  const savedDevice = () => {
    try {
      return window.localStorage.getItem(DEVICE_KEY);
    } catch {
      return null;
    }
  };

  const active = status === "starting" || status === "running";
  const shown: Status = support !== "ok" ? support : status;
  return (
    <section className="card camera-reader" aria-labelledby="camera-title">
      <h2 id="camera-title">{t("camera.title")}</h2>
      <div className="camera-controls">
        {active ? (
          <button type="button" className="secondary" onClick={stop}>
            {t("camera.stop")}
          </button>
        ) : (
          <button type="button" onClick={() => start(savedDevice())} disabled={support !== "ok"}>
            {t("camera.start")}
          </button>
        )}
        {active && cameras.length > 1 ? (
          <div className="field camera-picker">
            <label htmlFor="camera-device">{t("camera.device")}</label>
            <select id="camera-device" value={current} onChange={pickCamera}>
              {cameras.map((camera) => (
                <option key={camera.deviceId} value={camera.deviceId}>
                  {camera.label || t("camera.deviceN", { n: camera.n })}
                </option>
              ))}
            </select>
          </div>
        ) : null}
      </div>
      <div className="camera-view" hidden={!active} data-testid="camera-view">
        <video ref={video} muted playsInline aria-label={t("camera.video")} />
        <div className="camera-guide" aria-hidden="true" />
      </div>
      <p className={`camera-status${PROBLEMS.has(shown) ? " is-problem" : ""}`} role="status" aria-live="polite" data-testid="camera-status">
        {t(shown === "idle" && idleMessage ? idleMessage : STATUS_KEYS[shown])}
      </p>
    </section>
  );
}
