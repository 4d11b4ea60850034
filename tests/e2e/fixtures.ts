import { createRequire } from "node:module";

import { test as base, expect, type Page } from "@playwright/test";

const axePath = createRequire(import.meta.url).resolve("axe-core/axe.min.js");

const EXPECTED_STATUS = /^Failed to load resource: the server responded with a status of (400|403|404|409|429) /;

type AxeResults = { violations: Array<{ id: string; impact: string | null; help: string; nodes: Array<{ target: unknown }> }> };

/**
 * Every test page: a console error or an uncaught exception fails the test, and so does any page the test
 * visited without running the accessibility check on it.
 */
export const test = base.extend<{ consoleErrors: string[]; visited: Set<string>; checked: Set<string> }>({
  consoleErrors: async ({}, use) => use([]),
  visited: async ({}, use) => use(new Set()),
  checked: async ({}, use) => use(new Set()),
  page: async ({ page, consoleErrors, visited, checked }, use) => {
    page.on("console", (message) => {
      // Chromium logs every 4xx as a console error; those statuses are the app answering bad input as
      // designed. A 500, or any script error, still fails the test.
      if (message.type() === "error" && !EXPECTED_STATUS.test(message.text())) consoleErrors.push(message.text());
    });
    page.on("pageerror", (error) => consoleErrors.push(`uncaught: ${error.message}`));
    page.on("framenavigated", (frame) => {
      if (frame === page.mainFrame()) visited.add(new URL(frame.url()).pathname);
    });
    (page as PageWithChecks).__checked = checked;
    await use(page);
    expect(consoleErrors, "errors in the browser console").toEqual([]);
    const unchecked = [...visited].filter((path) => !checked.has(path));
    expect(unchecked, "pages visited without an accessibility check").toEqual([]);
  },
});

type PageWithChecks = Page & { __checked?: Set<string> };

/** axe-core on the current page: no serious or critical violations. */
export async function expectAccessible(page: Page) {
  await page.waitForLoadState("load");
  await page.addScriptTag({ path: axePath });
  const results = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document, options: unknown) => Promise<AxeResults> } }).axe;
    return axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] } });
  });
  const serious = results.violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map((violation) => `${violation.id} (${violation.impact}): ${violation.help} at ${JSON.stringify(violation.nodes.map((n) => n.target))}`);
  expect(serious, `accessibility violations on ${page.url()}`).toEqual([]);
  (page as PageWithChecks).__checked?.add(new URL(page.url()).pathname);
}

export async function signIn(page: Page, email: string, password = "convene2026") {
  await page.goto("/login");
  await expectAccessible(page);
  await page.locator('input[name="email"]').fill(email);
  await page.locator('input[name="password"]').fill(password);
  await page.locator('main form button[type="submit"]').click();
  await page.waitForURL((url) => url.pathname !== "/login");
}

export { expect };
