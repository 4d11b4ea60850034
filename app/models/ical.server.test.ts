import ICAL from "ical.js";
import { afterEach, expect, test } from "vitest";

import {
  calendarEntityTag,
  calendarMessageResponse,
  calendarResponse,
  cleanText,
  foldLine,
  parameterText,
  renderCalendar,
  renderEntries,
  requestedLocale,
  vtimezone,
  WallClock,
  type CalendarEntry,
} from "~/models/ical.server";

/** Parsed by ical.js, with the calendar's own VTIMEZONEs registered: ical.js knows no zones of its own. */
function parse(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  for (const zone of calendar.getAllSubcomponents("vtimezone")) ICAL.TimezoneService.register(zone);
  return calendar;
}
const events = (calendar: ICAL.Component) => calendar.getAllSubcomponents("vevent").map((vevent) => new ICAL.Event(vevent));
const instant = (time: ICAL.Time) => time.toJSDate().toISOString();

function entry(overrides: Partial<CalendarEntry> = {}): CalendarEntry {
  return {
    uid: "agenda-item1@convene",
    sequence: 0,
    startsAt: new Date("2027-03-15T01:00:00Z"),
    endsAt: new Date("2027-03-15T01:45:00Z"),
    timeZone: "Asia/Shanghai",
    summary: "开幕式",
    description: "",
    location: "",
    url: null,
    status: "CONFIRMED",
    transparent: false,
    lastModified: new Date("2027-01-10T06:05:04Z"),
    created: new Date("2027-01-02T03:04:05Z"),
    ...overrides,
  };
}
const calendarOf = (...entries: CalendarEntry[]) => renderCalendar({ name: "测试", blocks: [renderEntries(entries)] });

const originalTz = process.env.TZ;
afterEach(() => {
  process.env.TZ = originalTz;
});

test("a 09:00 Asia/Shanghai item is written as 09:00 with TZID, and a parser reads it as 01:00Z", () => {
  const text = calendarOf(entry());
  expect(text).toContain("DTSTART;TZID=Asia/Shanghai:20270315T090000\r\n");
  expect(text).toContain("DTEND;TZID=Asia/Shanghai:20270315T094500\r\n");
  const [event] = events(parse(text));
  expect(instant(event!.startDate)).toBe("2027-03-15T01:00:00.000Z");
  expect(instant(event!.endDate)).toBe("2027-03-15T01:45:00.000Z");
  expect(event!.startDate.zone.tzid).toBe("Asia/Shanghai");
});

test("the wall time never depends on the server's own zone (ical-generator would use it for a Date)", () => {
  process.env.TZ = "America/Los_Angeles";
  expect(new Date("2027-03-15T01:00:00Z").getHours()).toBe(18);
  expect(calendarOf(entry())).toContain("DTSTART;TZID=Asia/Shanghai:20270315T090000\r\n");
});

test("DTSTAMP, LAST-MODIFIED and CREATED are UTC times from the entry, never the time of the request", () => {
  const text = calendarOf(entry());
  expect(text).toContain("DTSTAMP:20270110T060504Z\r\n");
  expect(text).toContain("LAST-MODIFIED:20270110T060504Z\r\n");
  expect(text).toContain("CREATED:20270102T030405Z\r\n");
  expect(calendarOf(entry())).toBe(text);
});

test("one VTIMEZONE per zone used; daylight saving is right on both sides of the change", () => {
  const winter = entry({ uid: "a@convene", timeZone: "Europe/Berlin", startsAt: new Date("2027-01-20T09:00:00Z"), endsAt: new Date("2027-01-20T10:00:00Z") });
  const summer = entry({ uid: "b@convene", timeZone: "Europe/Berlin", startsAt: new Date("2027-07-20T08:00:00Z"), endsAt: new Date("2027-07-20T09:00:00Z") });
  const newYork = entry({ uid: "c@convene", timeZone: "America/New_York", startsAt: new Date("2027-11-08T15:00:00Z"), endsAt: new Date("2027-11-08T16:00:00Z") });
  const text = calendarOf(entry(), winter, summer, newYork);
  const calendar = parse(text);
  expect(calendar.getAllSubcomponents("vtimezone").map((zone) => zone.getFirstPropertyValue("tzid"))).toEqual([
    "America/New_York",
    "Asia/Shanghai",
    "Europe/Berlin",
  ]);
  expect(text).toContain("DTSTART;TZID=Europe/Berlin:20270120T100000\r\n");
  expect(text).toContain("DTSTART;TZID=Europe/Berlin:20270720T100000\r\n");
  expect(text).toContain("DTSTART;TZID=America/New_York:20271108T100000\r\n");
  const byUid = new Map(events(calendar).map((event) => [event.uid, event]));
  expect(instant(byUid.get("a@convene")!.startDate)).toBe("2027-01-20T09:00:00.000Z");
  expect(instant(byUid.get("b@convene")!.startDate)).toBe("2027-07-20T08:00:00.000Z");
  expect(instant(byUid.get("c@convene")!.startDate)).toBe("2027-11-08T15:00:00.000Z");
});

test("Asia/Shanghai has no daylight saving: one STANDARD observance at +0800", () => {
  const zone = vtimezone("Asia/Shanghai", 2027, 2028);
  expect(zone.match(/BEGIN:(STANDARD|DAYLIGHT)/g)).toEqual(["BEGIN:STANDARD"]);
  expect(zone).toContain("TZOFFSETTO:+0800\r\n");
  const berlin = vtimezone("Europe/Berlin", 2027, 2027);
  expect(berlin).toContain("BEGIN:DAYLIGHT\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nDTSTART:20270328T020000\r\n");
  expect(berlin).toContain("BEGIN:STANDARD\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nDTSTART:20271031T030000\r\n");
});

test("a long Chinese title with emoji is folded at 75 octets, never inside a character, and unfolds to itself", () => {
  const title = "之江实验室2027年度内部大会🎉开幕式暨颁奖典礼👩‍🔬：智能计算、智能感知与数字反应堆的未来😀第二天下午的圆桌讨论🇨🇳".repeat(3);
  const text = calendarOf(entry({ summary: title, description: `主讲：王伟\n${title}` }));
  const bytes = Buffer.from(text, "utf8");
  // every physical line is at most 75 octets and is valid UTF-8 on its own
  let start = 0;
  let longest = 0;
  for (let i = 0; i < bytes.length - 1; i++) {
    if (bytes[i] !== 0x0d || bytes[i + 1] !== 0x0a) continue;
    const line = bytes.subarray(start, i);
    longest = Math.max(longest, line.length);
    expect(() => new TextDecoder("utf-8", { fatal: true }).decode(line)).not.toThrow();
    start = i + 2;
  }
  expect(longest).toBeLessThanOrEqual(75);
  expect(longest).toBeGreaterThan(70);
  expect(text).not.toContain("\ufffd");
  expect(text).toMatch(/\r\n [^\r]/);
  const [event] = events(parse(text));
  expect(event!.summary).toBe(title);
  expect(event!.description).toBe(`主讲：王伟\n${title}`);
});

test("foldLine counts octets: 75 ASCII stay, 76 fold; a 4-octet emoji is never split", () => {
  expect(foldLine("x".repeat(75))).toBe("x".repeat(75));
  expect(foldLine("x".repeat(76))).toBe(`${"x".repeat(75)}\r\n x`);
  // 73 ASCII + an emoji is 77 octets: the emoji moves whole to the next line
  expect(foldLine(`${"x".repeat(73)}😀`)).toBe(`${"x".repeat(73)}\r\n 😀`);
  // 25 Chinese characters are 75 octets exactly
  expect(foldLine("汉".repeat(25))).toBe("汉".repeat(25));
  expect(foldLine("汉".repeat(26))).toBe(`${"汉".repeat(25)}\r\n 汉`);
});

test("text is escaped: a newline followed by END:VEVENT or BEGIN:VALARM cannot make a component", () => {
  const attack = "Talk\nEND:VEVENT\nBEGIN:VALARM\nTRIGGER:-PT5M\nACTION:DISPLAY\nEND:VALARM\r\nBEGIN:VEVENT\r\nUID:evil@x";
  const text = calendarOf(entry({ summary: attack, description: attack, location: `Room; 1, "A"\\${attack}` }));
  const calendar = parse(text);
  expect(calendar.getAllSubcomponents("vevent")).toHaveLength(1);
  expect(calendar.getAllSubcomponents("vevent")[0]!.getAllSubcomponents("valarm")).toHaveLength(0);
  expect(text.match(/^BEGIN:VEVENT$/gm)).toHaveLength(1);
  expect(text.match(/^END:VEVENT$/gm)).toHaveLength(1);
  expect(text).not.toMatch(/^BEGIN:VALARM/m);
  const [event] = events(calendar);
  expect(event!.uid).toBe("agenda-item1@convene");
  // the text comes back exactly (line breaks normalised to \n)
  const normalised = attack.replace(/\r\n/g, "\n");
  expect(event!.summary).toBe(normalised);
  expect(event!.description).toBe(normalised);
  expect(event!.location).toBe(`Room; 1, "A"\\${normalised}`);
});

test("a calendar name is escaped too (ical-generator writes NAME as it is given)", () => {
  const text = renderCalendar({ name: "Team, A\nBEGIN:VEVENT\nUID:x", blocks: [renderEntries([entry()])] });
  expect(text).toContain("X-WR-CALNAME:Team\\, A\\nBEGIN:VEVENT\\nUID:x\r\n");
  expect(parse(text).getAllSubcomponents("vevent")).toHaveLength(1);
});

test("control characters and lone surrogates are removed, tabs and line breaks kept", () => {
  expect(cleanText("a\u0000b\u0007c\td\r\ne\rf\u001b")).toBe("abc\td\ne\nf");
  expect(cleanText("x\ud800y")).toBe("x\ufffdy");
  expect(cleanText("ok 😀")).toBe("ok 😀");
});

test("every line ends in CRLF, the last one too; status, sequence, transparency and UID are as given", () => {
  const text = calendarOf(entry({ status: "CANCELLED", sequence: 3, transparent: true, url: "https://convene.example/events/x" }));
  expect(text.endsWith("END:VCALENDAR\r\n")).toBe(true);
  expect(text.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);
  const vevent = parse(text).getFirstSubcomponent("vevent")!;
  expect(vevent.getFirstPropertyValue("status")).toBe("CANCELLED");
  expect(vevent.getFirstPropertyValue("sequence")).toBe(3);
  expect(vevent.getFirstPropertyValue("transp")).toBe("TRANSPARENT");
  expect(vevent.getFirstPropertyValue("uid")).toBe("agenda-item1@convene");
  expect(vevent.getFirstPropertyValue("url")).toBe("https://convene.example/events/x");
});

test("WallClock gives ical-generator the zone's wall clock, including across a DST change", () => {
  const clock = new WallClock(Date.parse("2027-03-28T00:59:00Z"));
  expect(clock.tz("Europe/Berlin").format("YYYYMMDD")).toBe("20270328");
  expect(clock.tz("Europe/Berlin").format("HHmmss")).toBe("015900");
  expect(new WallClock(Date.parse("2027-03-28T01:00:00Z")).tz("Europe/Berlin").format("HHmmss")).toBe("030000");
  expect(new WallClock(Date.parse("2027-03-28T01:00:00Z")).utc().format("HHmmss")).toBe("010000");
});

// ───────────────────────────── invitations (iTIP) ─────────────────────────────

test("a feed without METHOD, people or stamp is byte for byte what it always was", () => {
  expect(calendarOf(entry())).toBe(
    [
      "BEGIN:VCALENDAR",
      "VERSION:2.0",
      "PRODID:-//convene//convene calendar//EN",
      "CALSCALE:GREGORIAN",
      "NAME:测试",
      "X-WR-CALNAME:测试",
      "BEGIN:VTIMEZONE",
      "TZID:Asia/Shanghai",
      "X-LIC-LOCATION:Asia/Shanghai",
      "BEGIN:STANDARD",
      "TZOFFSETFROM:+0800",
      "TZOFFSETTO:+0800",
      "DTSTART:20270101T000000",
      "END:STANDARD",
      "END:VTIMEZONE",
      "BEGIN:VEVENT",
      "UID:agenda-item1@convene",
      "SEQUENCE:0",
      "DTSTAMP:20270110T060504Z",
      "DTSTART;TZID=Asia/Shanghai:20270315T090000",
      "DTEND;TZID=Asia/Shanghai:20270315T094500",
      "SUMMARY:开幕式",
      "TRANSP:OPAQUE",
      "STATUS:CONFIRMED",
      "CREATED:20270102T030405Z",
      "LAST-MODIFIED:20270110T060504Z",
      "END:VEVENT",
      "END:VCALENDAR",
      "",
    ].join("\r\n"),
  );
});

test("METHOD goes in the calendar header; DTSTAMP can be the time a message is made, apart from LAST-MODIFIED", () => {
  const text = renderCalendar({ name: "测试", blocks: [renderEntries([entry({ stamp: new Date("2026-11-23T09:30:15.900Z") })])], method: "CANCEL" });
  expect(text).toContain("\r\nCALSCALE:GREGORIAN\r\nMETHOD:CANCEL\r\nNAME:测试\r\n");
  expect(text).toContain("\r\nDTSTAMP:20261123T093015Z\r\n");
  expect(text).toContain("\r\nLAST-MODIFIED:20270110T060504Z\r\n");
  const calendar = parse(text);
  expect(calendar.getFirstPropertyValue("method")).toBe("CANCEL");
  expect(calendarOf(entry())).not.toContain("METHOD");
});

test("ORGANIZER and ATTENDEE: quoted CN, mailto, PARTSTAT and RSVP; hostile names stay inside their parameter", () => {
  const organizer = { name: 'Chen "Boss"; ROLE=CHAIR:mailto:evil@x\nEND:VEVENT', email: "chen@lab.example" };
  const attendees = [
    { name: "王磊", email: "wang@lab.example", partstat: "ACCEPTED" as const, rsvp: false },
    { name: "A^B", email: " li@lab.example\n", partstat: "NEEDS-ACTION" as const },
    { name: "", email: "guest@lab.example" },
  ];
  const text = calendarOf(entry({ organizer, attendees }));
  const unfolded = text.replace(/\r\n /g, "");
  expect(unfolded).toContain('\r\nORGANIZER;CN="Chen ^\'Boss^\'; ROLE=CHAIR:mailto:evil@x END:VEVENT":mailto:chen@lab.example\r\n');
  expect(unfolded).toContain('\r\nATTENDEE;ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED;RSVP=FALSE;CN="王磊":MAILTO:wang@lab.example\r\n');
  expect(text.match(/^BEGIN:VEVENT\r$/gm)).toHaveLength(1);
  const vevent = parse(text).getFirstSubcomponent("vevent")!;
  const cn = vevent.getFirstProperty("organizer")!.getParameter("cn");
  expect(cn).toBe('Chen "Boss"; ROLE=CHAIR:mailto:evil@x END:VEVENT');
  expect(vevent.getFirstProperty("organizer")!.getParameter("role")).toBeUndefined();
  const read = vevent.getAllProperties("attendee").map((p) => [p.getParameter("cn") ?? null, String(p.getFirstValue()).toLowerCase(), p.getParameter("partstat") ?? null]);
  expect(read).toEqual([
    ["王磊", "mailto:wang@lab.example", "ACCEPTED"],
    ["A^B", "mailto:li@lab.example", "NEEDS-ACTION"],
    [null, "mailto:guest@lab.example", null],
  ]);
  expect(parameterText('a"b^c\r\nd\te')).toBe("a^'b^^c d e");
});

test("people belong to their own entry only: the next entry of the same block names nobody", () => {
  const person = { name: "王磊", email: "wang@lab.example" };
  const text = calendarOf(
    entry({ uid: "a@convene", organizer: person, attendees: [person] }),
    entry({ uid: "b@convene" }),
    entry({ uid: "c@convene", organizer: person, attendees: [{ name: "李娜", email: "li@lab.example" }] }),
  );
  const byUid = new Map(parse(text).getAllSubcomponents("vevent").map((vevent) => [vevent.getFirstPropertyValue("uid"), vevent]));
  expect(byUid.get("a@convene")!.getAllProperties("attendee")).toHaveLength(1);
  expect(byUid.get("b@convene")!.getAllProperties("attendee")).toHaveLength(0);
  expect(byUid.get("b@convene")!.getAllProperties("organizer")).toHaveLength(0);
  expect(byUid.get("c@convene")!.getAllProperties("attendee").map((p) => p.getParameter("cn"))).toEqual(["李娜"]);
});

test("an iTIP message as a download: the method in the content type, an attachment, never stored", async () => {
  const response = calendarMessageResponse({ method: "REQUEST", body: "BEGIN:VCALENDAR", filename: "spring meeting-invitation.ics" });
  expect(response.headers.get("Content-Type")).toBe("text/calendar; charset=utf-8; method=REQUEST");
  expect(response.headers.get("Content-Disposition")).toBe('attachment; filename="spring-meeting-invitation.ics"');
  expect(response.headers.get("Cache-Control")).toBe("private, no-store");
  expect(response.headers.get("ETag")).toBeNull();
  expect(await response.text()).toBe("BEGIN:VCALENDAR");
});

// ───────────────────────────── serving ─────────────────────────────

const serve = (request: Request, body: string, key = `test:${Math.random()}`) =>
  calendarResponse(request, body, { key, filename: "x y.ics", disposition: "attachment", cacheControl: "private, no-cache" });

test("a calendar response: text/calendar in UTF-8, the disposition asked for, ETag and Last-Modified", async () => {
  const body = calendarOf(entry());
  const response = serve(new Request("http://x/"), body);
  expect(response.status).toBe(200);
  expect(response.headers.get("Content-Type")).toBe("text/calendar; charset=utf-8");
  expect(response.headers.get("Content-Disposition")).toBe('attachment; filename="x-y.ics"');
  expect(response.headers.get("ETag")).toBe(calendarEntityTag(body));
  expect(new Date(response.headers.get("Last-Modified")!).getTime()).toBeGreaterThan(Date.now() - 5000);
  expect(await response.text()).toBe(body);
});

test("304 when the ETag matches or nothing changed since If-Modified-Since; 200 when it did", async () => {
  const key = "test:conditional";
  const first = serve(new Request("http://x/"), "A", key);
  const etag = first.headers.get("ETag")!;
  const lastModified = first.headers.get("Last-Modified")!;
  expect(serve(new Request("http://x/", { headers: { "If-None-Match": etag } }), "A", key).status).toBe(304);
  expect(serve(new Request("http://x/", { headers: { "If-None-Match": `"other", W/${etag}` } }), "A", key).status).toBe(304);
  expect(serve(new Request("http://x/", { headers: { "If-Modified-Since": lastModified } }), "A", key).status).toBe(304);
  const notModified = serve(new Request("http://x/", { headers: { "If-None-Match": etag } }), "A", key);
  expect(notModified.headers.get("ETag")).toBe(etag);
  expect(await notModified.text()).toBe("");
  // If-None-Match wins over If-Modified-Since (RFC 9110)
  expect(serve(new Request("http://x/", { headers: { "If-None-Match": '"other"', "If-Modified-Since": lastModified } }), "A", key).status).toBe(200);
  // changed content: new ETag, and a date that is not before the old one
  const changed = serve(new Request("http://x/", { headers: { "If-None-Match": etag } }), "B", key);
  expect(changed.status).toBe(200);
  expect(changed.headers.get("ETag")).not.toBe(etag);
  const later = serve(new Request("http://x/", { headers: { "If-Modified-Since": new Date(Date.parse(lastModified) - 1000).toUTCString() } }), "B", key);
  expect(later.status).toBe(200);
  // a garbled date is ignored, not an error
  expect(serve(new Request("http://x/", { headers: { "If-Modified-Since": "yesterday" } }), "B", key).status).toBe(200);
});

test("?lang= picks en or zh-CN; anything else is a 400", () => {
  expect(requestedLocale(new Request("http://x/a.ics"))).toBeUndefined();
  expect(requestedLocale(new Request("http://x/a.ics?lang=en"))).toBe("en");
  expect(requestedLocale(new Request("http://x/a.ics?lang=zh-CN"))).toBe("zh-CN");
  let thrown: unknown;
  try {
    requestedLocale(new Request("http://x/a.ics?lang=fr"));
  } catch (error) {
    thrown = error;
  }
  expect((thrown as { init?: { status?: number } }).init?.status).toBe(400);
});

test("the template path writes every shape byte for byte as ical-generator does, for random and hostile values", () => {
  // a seeded generator, so a failure can be replayed
  let state = 20261207;
  const random = () => ((state = (state * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
  const pickOne = <T,>(values: readonly T[]) => values[Math.floor(random() * values.length)]!;
  const texts = [
    "",
    "开幕式",
    "Opening; keynote, part 1",
    "back\\slash",
    "line one\nline two\r\nline three",
    "Talk\nEND:VEVENT\nBEGIN:VALARM",
    "emoji 🎉 and 中文，标点；",
    "x".repeat(200),
    "“十五五”战略合作座谈 ".repeat(12),
    "tab\there",
  ];
  const zones = ["Asia/Shanghai", "Europe/Berlin", "America/New_York", "UTC"];
  const entries: CalendarEntry[] = [];
  for (let i = 0; i < 400; i++) {
    const startsAt = new Date(Date.UTC(2026, 0, 1) + Math.floor(random() * 800) * 86_400_000 + Math.floor(random() * 96) * 15 * 60_000 + pickOne([0, 1000, 59_000]));
    const created = random() < 0.5 ? new Date(startsAt.getTime() - Math.floor(random() * 1e9)) : null;
    entries.push(
      entry({
        uid: `${pickOne(["event", "agenda"])}-${i}${pickOne(["", ",;\\"])}@convene`,
        sequence: Math.floor(random() * 40),
        startsAt,
        endsAt: new Date(startsAt.getTime() + Math.floor(1 + random() * 72) * 15 * 60_000),
        timeZone: pickOne(zones),
        summary: pickOne(texts.filter(Boolean)),
        description: pickOne(texts),
        location: pickOne(texts),
        url: pickOne([null, "https://convene.example/events/a?b=1&c=2", "https://convene.example/events/中文"]),
        status: pickOne(["CONFIRMED", "CANCELLED"] as const),
        transparent: random() < 0.3,
        lastModified: new Date(startsAt.getTime() - Math.floor(random() * 1e10)),
        created,
        ...(random() < 0.2 ? { stamp: new Date(Date.UTC(2026, 11, 7, 12, 34, 56)) } : {}),
      }),
    );
  }
  const fast = renderEntries(entries);
  const reference = renderEntries(entries, { generator: true });
  // compared VEVENT by VEVENT, so a failure names the entry rather than a 400-event string
  const split = (text: string) => text.split(/(?=BEGIN:VEVENT\r\n)/);
  expect(split(fast.text)).toHaveLength(entries.length);
  expect(split(fast.text)).toEqual(split(reference.text));
  expect(fast.zones).toEqual(reference.zones);
  // and the calendar as a whole parses, with every entry in it
  expect(events(parse(renderCalendar({ name: "shapes", blocks: [fast] })))).toHaveLength(entries.length);
});
