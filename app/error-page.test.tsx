import { renderToString } from "react-dom/server";
import { StaticRouter } from "react-router-dom/server";
import { afterEach, expect, test, vi } from "vitest";

import { ErrorPage } from "~/root";

const render = (error: unknown, locale: "zh-CN" | "en") =>
  renderToString(
    <StaticRouter location="/">
      <ErrorPage error={error} locale={locale} />
    </StaticRouter>,
  );

const response = (status: number, data: unknown = null) => ({ status, statusText: "", internal: false, data });

afterEach(() => {
  vi.unstubAllEnvs();
});

test("4xx pages are translated, with the server's message key when it sent one", () => {
  expect(render(response(403), "zh-CN")).toContain("没有访问权限");
  expect(render(response(403), "en")).toContain("You do not have access");
  expect(render(response(400), "en")).toContain("could not be understood");
  expect(render(response(409), "zh-CN")).toContain("与已有记录冲突");
  const withKey = render(response(404, { messageKey: "event.notFound" }), "en");
  expect(withKey).toContain("This event does not exist, or it is not open to you.");
});

test("an unexpected error is a bilingual 500 that never shows the error in production", () => {
  vi.stubEnv("NODE_ENV", "production");
  const error = new Error("SQLITE_CORRUPT at /srv/convene/data/secret.db");
  for (const [locale, title] of [["zh-CN", "系统出现问题"], ["en", "Something went wrong on our side"]] as const) {
    const html = render(error, locale);
    expect(html).toContain("500");
    expect(html).toContain(title);
    expect(html).not.toContain("SQLITE_CORRUPT");
    expect(html).not.toContain("secret.db");
  }
});

test("in development the stack is shown, so the production check above is not vacuous", () => {
  vi.stubEnv("NODE_ENV", "development");
  expect(render(new Error("visible in development"), "en")).toContain("visible in development");
});

test("an unknown status is shown as a 500, not passed through", () => {
  expect(render(response(418), "en")).toContain("Something went wrong on our side");
});
