import { chromium, type Browser, type BrowserContext, type Page } from "@playwright/test";

import { expect, expectAccessible, signIn, test } from "./fixtures";
import { FAKE_CAMERA_FLAGS, writeFakeCamera, type Scene } from "./support/fake-camera";

const EVENT = "/events/2027-annual-conference";
const CODE_FIELD = "胸牌代码（USB 扫码枪扫描或手动输入）";
// Chromium logs every 4xx as a console error; those are the app answering bad input as designed (as in fixtures.ts).
const EXPECTED_STATUS = /^Failed to load resource: the server responded with a status of (400|403|404|409|429) /;

type CameraPage = { page: Page; errors: string[]; requests: Array<{ url: string; type: string; body: string | null }> };

/**
 * A browser of its own whose camera plays `scenes` (the project's browser has no camera). Its page collects
 * console errors and every request, as the fixtures' page does.
 */
async function withFakeCamera(scenes: Scene[], run: (camera: CameraPage) => Promise<void>) {
  const file = writeFakeCamera(test.info().outputPath("camera.y4m"), scenes);
  const browser: Browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", ...FAKE_CAMERA_FLAGS(file)],
  });
  try {
    const context: BrowserContext = await browser.newContext({
      baseURL: test.info().project.use.baseURL,
      locale: "zh-CN",
      timezoneId: "Asia/Shanghai",
      viewport: { width: 1280, height: 800 },
    });
    // Every stream the page opens, so the test can see that its tracks are stopped.
    await context.addInitScript(() => {
      const media = navigator.mediaDevices;
      if (!media) return;
      const open = media.getUserMedia.bind(media);
      const streams: MediaStream[] = [];
      (window as unknown as { cameraStreams: MediaStream[] }).cameraStreams = streams;
      media.getUserMedia = async (constraints) => {
        const stream = await open(constraints);
        streams.push(stream);
        return stream;
      };
    });
    const page = await context.newPage();
    const camera: CameraPage = { page, errors: [], requests: [] };
    page.on("console", (message) => {
      if (message.type() === "error" && !EXPECTED_STATUS.test(message.text())) camera.errors.push(message.text());
    });
    page.on("pageerror", (error) => camera.errors.push(`uncaught: ${error.message}`));
    page.on("request", (request) => camera.requests.push({ url: request.url(), type: request.resourceType(), body: request.postData() }));
    await run(camera);
    expect(camera.errors, "errors in the fake-camera browser's console").toEqual([]);
  } finally {
    await browser.close();
  }
}

/** Whether every stream the page opened has all its tracks stopped (and it opened at least one). */
async function streamsStopped(page: Page) {
  return page.evaluate(() => {
    const streams = (window as unknown as { cameraStreams: MediaStream[] }).cameraStreams;
    return streams.length > 0 && streams.every((stream) => stream.getTracks().every((track) => track.readyState === "ended"));
  });
}

/** Whether the browser has its own QR reader (BarcodeDetector with qr_code), which the reader prefers to jsQR. */
async function readsQrNatively(page: Page) {
  return page.evaluate(async () => {
    const Detector = (window as unknown as { BarcodeDetector?: { getSupportedFormats(): Promise<string[]> } }).BarcodeDetector;
    return Boolean(Detector && (await Detector.getSupportedFormats()).includes("qr_code"));
  });
}

async function signInAtTheDoor(page: Page) {
  await signIn(page, "door@lab.example");
  await expectAccessible(page);
}

async function openScanner(page: Page) {
  await signInAtTheDoor(page);
  await page.goto(`${EVENT}/checkin`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("入场签到");
  await expect(page.getByTestId("camera-status")).toHaveText("开启摄像头后，把胸牌上的二维码放在框内，即可自动识别签到。");
  await expectAccessible(page);
}

test.describe("with a camera", () => {
  // The journey checks Liu Yang in on the shared demo data, so it runs once; the phone-width look is covered below.
  test.skip(({ isMobile }) => isMobile, "the camera journeys run once, at desktop width");

  test("door staff check a badge in by holding it to the camera; it is read once, the decoder is the app's own, and Stop releases the camera", async ({ browser }) => {
    // Liu Yang's real badge code, read off his badge page.
    const hire = await (await browser.newContext({ locale: "zh-CN" })).newPage();
    await signIn(hire, "newhire@lab.example");
    await expectAccessible(hire);
    await hire.goto(`${EVENT}/badge`);
    await expectAccessible(hire);
    const code = (await hire.locator("main").textContent())!.match(/CV1\.[A-Za-z0-9_-]{22}/)![0];
    await hire.context().close();

    await withFakeCamera([{ text: code, frames: 10 }], async ({ page, requests }) => {
      const baseURL = test.info().project.use.baseURL!;
      await openScanner(page);

      await page.getByRole("button", { name: "开启摄像头" }).click();
      await expect(page.getByTestId("camera-status")).toHaveText("摄像头已开启：把胸牌二维码放在框内。");
      await expect(page.getByLabel("摄像头画面：把胸牌二维码放在框内")).toBeVisible();
      // Other specs may have checked him in already; either answer names him.
      await expect(page.getByTestId("scan-result")).toContainText(/^(签到成功|已签到过)：刘洋 Liu Yang/);
      await expectAccessible(page);

      // The badge stays in front of the camera (the file loops) for four more seconds: still one scan sent.
      await page.waitForTimeout(4_000);
      const sent = requests.filter((request) => request.url.endsWith(`${EVENT}/scans`) && request.body?.includes(code));
      expect(sent, "scans sent for the badge held in view").toHaveLength(1);

      // The decoder came from this app (fetched as the scanner opened, so the camera works if the network drops
      // later), and nothing came from another host.
      const nativeQr = await readsQrNatively(page);
      const scripts = requests.filter((request) => request.type === "script");
      if (!nativeQr) expect(scripts.map((request) => new URL(request.url).pathname)).toContainEqual(expect.stringMatching(/^\/build\/_shared\/jsQR-\w+\.js$/));
      expect(scripts.length).toBeGreaterThan(0);
      expect(scripts.filter((request) => !request.url.startsWith(`${baseURL}/`))).toEqual([]);
      expect(requests.filter((request) => /^https?:/.test(request.url) && !request.url.startsWith(`${baseURL}/`))).toEqual([]);

      await page.getByRole("button", { name: "关闭摄像头" }).click();
      await expect(page.getByTestId("camera-status")).toHaveText("摄像头已关闭。");
      await expect(page.getByTestId("camera-view")).toBeHidden();
      expect(await streamsStopped(page)).toBe(true);
      await expect(page.getByRole("button", { name: "开启摄像头" })).toBeEnabled();
    });
  });

  test("a different code is read at once, and leaving the page turns the camera off", async () => {
    // Two codes in turn, a second and a half each, over and over: neither is a badge of this system.
    const first = "NOT-A-BADGE-camera-first";
    const second = "NOT-A-BADGE-camera-second";
    await withFakeCamera([{ text: first, frames: 15 }, { text: second, frames: 15 }], async ({ page, requests }) => {
      await openScanner(page);
      await page.getByRole("button", { name: "开启摄像头" }).click();
      await expect(page.getByTestId("scan-result")).toContainText("无法识别");
      const sentCodes = () => requests.filter((request) => request.url.endsWith(`${EVENT}/scans`) && request.body?.includes("NOT-A-BADGE")).map((request) => (request.body!.includes(first) ? first : second));
      await expect.poll(() => new Set(sentCodes()).size, { timeout: 6_000 }).toBe(2);
      await page.waitForTimeout(2_000);
      // Each change of code is sent once: the list alternates, never the same code twice in a row.
      const codes = sentCodes();
      expect(codes.length).toBeGreaterThanOrEqual(2);
      expect(codes.filter((code, i) => i > 0 && code === codes[i - 1])).toEqual([]);

      // Leaving the scanner by a link (a client-side navigation) unmounts the reader and stops the camera.
      await page.getByRole("main").getByRole("link", { name: "之江实验室2027年度内部大会", exact: true }).click();
      await expect(page).toHaveURL(new RegExp(`${EVENT}$`));
      await expectAccessible(page);
      await expect.poll(() => streamsStopped(page)).toBe(true);
    });
  });
});

// Without a usable camera the reader says why, and the typed field (and a USB scanner, which types) still works.
// Nothing here changes data, so these run at phone width too.
async function typedScanStillWorks(page: Page) {
  await page.getByLabel(CODE_FIELD).fill("NOT-A-BADGE-typed");
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("scan-result")).toContainText("无法识别");
}

test("outside https the camera button is off and the message says the scanner needs https", async ({ page }) => {
  // What a browser does on a plain-http address that is not localhost: no mediaDevices, not a secure context.
  await page.addInitScript(() => {
    delete (Navigator.prototype as { mediaDevices?: unknown }).mediaDevices;
    Object.defineProperty(window, "isSecureContext", { value: false });
  });
  await signInAtTheDoor(page);
  await page.goto(`${EVENT}/checkin`);
  await expect(page.getByTestId("camera-status")).toHaveText("摄像头扫码需要 https 安全连接，当前页面不是。下方的手动输入和 USB 扫码枪仍可使用。");
  await expect(page.getByRole("button", { name: "开启摄像头" })).toBeDisabled();
  await expectAccessible(page);
  await typedScanStillWorks(page);
});

for (const [error, message] of [
  ["NotAllowedError", "摄像头权限被拒绝。请在浏览器的网站设置中允许本网站使用摄像头后重试；下方的手动输入和 USB 扫码枪仍可使用。"],
  ["NotFoundError", "未找到摄像头。请在下方手动输入代码或使用 USB 扫码枪。"],
  ["NotReadableError", "摄像头正被其他应用占用。请关闭该应用后重试。"],
] as const) {
  test(`a camera that fails with ${error} is explained, and typed entry still works`, async ({ page }) => {
    await page.addInitScript((name) => {
      navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException("no camera for this test", name));
    }, error);
    await signInAtTheDoor(page);
    await page.goto(`${EVENT}/checkin`);
    await page.getByRole("button", { name: "开启摄像头" }).click();
    await expect(page.getByTestId("camera-status")).toHaveText(message);
    await expect(page.getByTestId("camera-view")).toBeHidden();
    await expectAccessible(page);
    await typedScanStillWorks(page);
  });
}

test.describe("a device with no copy of the decoder", () => {
  // The door page keeps its build files for offline use (public/door-sw.js), the decoder among them once it was
  // fetched; this is the first visit of a device whose network cannot deliver it, so no service worker helps.
  test.use({ serviceWorkers: "block" });

  test("when the decoder cannot be fetched the camera is released and the message says so", async ({ page }) => {
    // A camera that works (a canvas stream stands in for it), and a decoder chunk the network cannot deliver.
    await page.addInitScript(() => {
      const streams: MediaStream[] = [];
      (window as unknown as { cameraStreams: MediaStream[] }).cameraStreams = streams;
      navigator.mediaDevices.getUserMedia = async () => {
        const canvas = document.createElement("canvas");
        canvas.getContext("2d")!.fillRect(0, 0, 10, 10);
        const stream = canvas.captureStream(5);
        streams.push(stream);
        return stream;
      };
    });
    await page.route(/\/build\/_shared\/jsQR-\w+\.js$/, (route) => route.fulfill({ status: 404, body: "" }));
    await signInAtTheDoor(page);
    await page.goto(`${EVENT}/checkin`);
    test.skip(await readsQrNatively(page), "this browser reads QR codes itself and never fetches jsQR");
    await page.getByRole("button", { name: "开启摄像头" }).click();
    await expect(page.getByTestId("camera-status")).toHaveText("二维码识别组件加载失败。请检查网络后重新开启摄像头；下方的手动输入和 USB 扫码枪仍可使用。");
    expect(await streamsStopped(page)).toBe(true);
    await expect(page.getByRole("button", { name: "开启摄像头" })).toBeEnabled();
    await expectAccessible(page);
    await typedScanStillWorks(page);
  });
});

