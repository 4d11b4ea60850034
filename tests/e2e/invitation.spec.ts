import { readFile } from "node:fs/promises";

import type { Locator, Page } from "@playwright/test";

import { expect, expectAccessible, signIn, test } from "./fixtures";

// Creates an event of its own and registers for it, so it runs once, at desktop width.
test.skip(({ isMobile }) => isMobile, "the invitation journey runs once, at desktop width");

/** Clicks a download link and returns the file as the browser saved it. */
async function download(page: Page, link: Locator) {
  const [file] = await Promise.all([page.waitForEvent("download"), link.click()]);
  return { name: file.suggestedFilename(), text: await readFile((await file.path())!, "utf8") };
}

/** A property's value as written (parameters included), unfolded; from the VEVENT unless it is the calendar's METHOD. */
function field(text: string, name: string) {
  const unfolded = text.replace(/\r\n /g, "");
  const scope = name === "METHOD" ? unfolded : unfolded.slice(unfolded.indexOf("\r\nBEGIN:VEVENT\r\n"));
  return new RegExp(`^${name}[:;](.*)\\r$`, "m").exec(scope)?.[1];
}

test("a staff member registers, adds the invitation to their calendar, cancels, and removes it again", async ({ page, browser }) => {
  // An organizer publishes a seminar nobody else's journey uses.
  await signIn(page, "organizer@lab.example");
  await expectAccessible(page);
  await page.goto("/events/new");
  await expectAccessible(page);
  await page.locator('input[name="titleZh"]').fill("日历邀请演示研讨会");
  await page.locator('input[name="titleEn"]').fill("Calendar Invitation Seminar");
  await page.locator('input[name="startsAt"]').fill("2027-02-24T14:00");
  await page.locator('input[name="endsAt"]').fill("2027-02-24T16:00");
  await page.locator('select[name="venueId"]').selectOption({ label: "之江实验室南湖总部" });
  await page.getByRole("button", { name: "创建草稿" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("议程编排");
  await expectAccessible(page);
  const slug = new URL(page.url()).pathname.split("/")[2]!;
  await page.goto(`/events/${slug}/edit`);
  await expectAccessible(page);
  await page.getByRole("button", { name: "发布活动" }).click();
  await expect(page.getByRole("status")).toHaveText("活动状态已更新。");
  await expectAccessible(page);

  // Wang Lei registers; the confirmation shows the calendar choices already open.
  const desk = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: "zh-CN", acceptDownloads: true });
  const staff = await desk.newPage();
  const errors: string[] = [];
  staff.on("console", (message) => message.type() === "error" && errors.push(message.text()));
  await signIn(staff, "staff@lab.example");
  await staff.goto(`/events/${slug}`);
  await expect(staff.locator("details.add-to-calendar")).not.toHaveAttribute("open");
  await staff.getByRole("button", { name: "报名", exact: true }).click();
  await staff.waitForURL((url) => url.searchParams.get("registered") === "1");
  await expect(staff.getByTestId("registration-status")).toContainText("您已报名成功。");
  await expect(staff.locator("details.add-to-calendar")).toHaveAttribute("open", "");
  await expect(staff.getByRole("link", { name: "下载日历文件（.ics）" })).toBeVisible();
  await expect(staff.getByRole("link", { name: "添加到 Google 日历" })).toBeVisible();
  await expectAccessible(staff);

  // The invitation: a REQUEST for this event, with Wang Lei as accepted attendee.
  const addLink = staff.getByRole("link", { name: "添加邀请到我的日历（.ics）" });
  const invitation = await download(staff, addLink);
  expect(invitation.name).toBe(`${slug}-invitation.ics`);
  expect(field(invitation.text, "METHOD")).toBe("REQUEST");
  expect(field(invitation.text, "SUMMARY")).toBe("日历邀请演示研讨会");
  expect(field(invitation.text, "DTSTART")).toBe("TZID=Asia/Shanghai:20270224T140000");
  expect(field(invitation.text, "ORGANIZER")).toMatch(/^CN="陈晓":mailto:organizer@lab\.example$/);
  expect(field(invitation.text, "ATTENDEE")).toContain('PARTSTAT=ACCEPTED;RSVP=FALSE;CN="王磊":MAILTO:staff@lab.example');
  const served = await staff.request.get((await addLink.getAttribute("href"))!);
  expect(served.headers()["content-type"]).toBe("text/calendar; charset=utf-8; method=REQUEST");
  const uid = field(invitation.text, "UID")!;
  const requestSequence = Number(field(invitation.text, "SEQUENCE"));

  // He cancels: the panel now offers the cancellation, for the same UID and a higher SEQUENCE.
  await staff.getByRole("button", { name: "取消报名" }).click();
  await expect(staff.getByTestId("registration-status")).toHaveText("您已取消报名。");
  await expect(addLink).toHaveCount(0);
  await expect(staff.locator("details.add-to-calendar")).not.toHaveAttribute("open");
  await expectAccessible(staff);
  const cancellation = await download(staff, staff.getByRole("link", { name: "从我的日历中移除（.ics）" }));
  expect(cancellation.name).toBe(`${slug}-cancellation.ics`);
  expect(field(cancellation.text, "METHOD")).toBe("CANCEL");
  expect(field(cancellation.text, "STATUS")).toBe("CANCELLED");
  expect(field(cancellation.text, "UID")).toBe(uid);
  expect(Number(field(cancellation.text, "SEQUENCE"))).toBeGreaterThan(requestSequence);
  expect(errors).toEqual([]);
  await desk.close();
});
