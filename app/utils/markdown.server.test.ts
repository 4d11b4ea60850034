import { expect, test } from "vitest";

import { renderMarkdown } from "~/utils/markdown.server";

test("Markdown renders headings, emphasis and lists", () => {
  const html = renderMarkdown("## 议程\n\n**重要**\n\n- one\n- two");
  expect(html).toContain("<h2>议程</h2>");
  expect(html).toContain("<strong>重要</strong>");
  expect(html).toContain("<li>one</li>");
});

test("raw HTML and script are shown as text, never run", () => {
  const html = renderMarkdown('Hello <script>alert(1)</script> <img src=x onerror="alert(2)">');
  expect(html).not.toContain("<script");
  expect(html).not.toContain("<img src=x");
  expect(html).toContain("&#60;script&#62;");
});

test("javascript: links lose their href; safe links keep theirs", () => {
  const html = renderMarkdown("[bad](javascript:alert(1)) [good](https://www.zhejianglab.com) [local](/events)");
  expect(html).not.toMatch(/href="javascript/i);
  expect(html).toContain('href="https://www.zhejianglab.com"');
  expect(html).toContain('href="/events"');
  expect(html).toContain("bad");
});
