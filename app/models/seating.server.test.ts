import { expect, test } from "vitest";

import { drawingTrack, loadSeating, parseSeatingQuery, seatColumns, seatPlaces, type SeatingPlan } from "~/models/seating.server";
import { prisma } from "~/utils/db.server";

import { createEvent } from "../../tests/factories";
import { seatingVisit } from "../../tests/seating-fixtures";

test("the rule: the principal in the middle, then right, left, right, left … of the principal", () => {
  expect(seatPlaces(0)).toEqual([]);
  expect(seatPlaces(1)).toEqual([0]);
  expect(seatPlaces(5)).toEqual([0, 1, -1, 2, -2]);
  expect(seatPlaces(6)).toEqual([0, 1, -1, 2, -2, 3]);
  // counted from the side's own left end: odd counts put the principal exactly in the middle
  expect(seatColumns(1)).toEqual([0]);
  expect(seatColumns(3)).toEqual([1, 2, 0]);
  expect(seatColumns(5)).toEqual([2, 3, 1, 4, 0]);
  // even counts: the principal and number 2 take the centre pair, number 2 on the principal's right
  expect(seatColumns(2)).toEqual([0, 1]);
  expect(seatColumns(4)).toEqual([1, 2, 0, 3]);
  expect(seatColumns(6)).toEqual([2, 3, 1, 4, 0, 5]);
  // every seat is used once
  for (let n = 1; n <= 20; n++) expect([...seatColumns(n)].sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i));
});

test("the drawing: principals face each other across the middle, and each side's right is its own", () => {
  // 15 guests and 3 lab on 30 tracks: both principals span tracks 15-16, the middle of the table
  expect(drawingTrack("GUEST", seatColumns(15)[0]!, 15, 30)).toBe(15);
  expect(drawingTrack("LAB", seatColumns(3)[0]!, 3, 30)).toBe(15);
  // the guests face the entrance, so their right (rank 2) is the drawing's left; the lab's right is the drawing's right
  expect(drawingTrack("GUEST", seatColumns(15)[1]!, 15, 30)).toBe(13);
  expect(drawingTrack("LAB", seatColumns(3)[1]!, 3, 30)).toBe(17);
  // the longer side fills the table edge to edge: tracks 1 to 30
  const guestTracks = seatColumns(15).map((column) => drawingTrack("GUEST", column, 15, 30));
  expect(Math.min(...guestTracks)).toBe(1);
  expect(Math.max(...guestTracks) + 1).toBe(30);
  // an even side on an odd table: its centre pair straddles the middle line
  expect(seatColumns(4).slice(0, 2).map((column) => drawingTrack("LAB", column, 4, 10))).toEqual([4, 6]);
});

const names = (seats: SeatingPlan["guests"]) => seats.map((seat) => seat.nameZh);

test("the talks: the whole delegation, leader first, then external guests; the lab's host, the visit's host, speakers, participants", async () => {
  const { event, talks } = await seatingVisit();
  const outcome = await loadSeating(event.id);
  if (!outcome.ok) throw new Error(outcome.messageKey);
  const { plan } = outcome;
  // the first MEETING in time, not the first created
  expect(plan.meeting).toMatchObject({ id: talks.id, titleZh: "战略合作座谈" });
  // the meeting names only one delegate (as speaker): every delegate still has a seat, and an external guest follows
  expect(names(plan.guests)).toEqual(["吴朝晖", "王立忠", "沈文华", "倪建新", "林莉"]);
  expect(plan.guests.map((seat) => [seat.rank, seat.place, seat.role])).toEqual([
    [1, 0, "LEADER"],
    [2, 1, "MEMBER"],
    [3, -1, "MEMBER"],
    [4, 2, "MEMBER"],
    [5, -2, "PARTICIPANT"],
  ]);
  expect(plan.guests[0]).toMatchObject({ nameEn: "Wu Zhaohui", titleZh: "校长", titleEn: "President", organisationZh: "浙江大学", organisationEn: "Zhejiang University" });
  expect(plan.guests[4]).toMatchObject({ nameEn: "Lin Li", titleZh: "处长", organisationZh: "浙江省科技厅" });
  // the host named on the item leads; the visit's overall host joins after the hosts; the director, listed twice, sits once
  expect(names(plan.lab)).toEqual(["朱世强", "袁纪新", "欧阳娜娜", "潘云鹤"]);
  expect(plan.lab.map((seat) => seat.role)).toEqual(["HOST", "HOST", "SPEAKER", "PARTICIPANT"]);
  expect(plan.lab[0]).toMatchObject({ titleZh: "主任", titleEn: "Director", organisationZh: "之江实验室", organisationEn: "Zhejiang Lab" });
  // five guests, four lab: ten tracks; the principals face each other in the middle
  expect(plan.tracks).toBe(10);
  expect(plan.guests[0]!.track).toBe(5);
  expect(plan.lab.map((seat) => seat.track)).toEqual([4, 6, 2, 8]);
  // every item is offered for choosing, in time order
  expect(plan.items.map((item) => item.kind)).toEqual(["ARRIVAL", "MEETING", "MEETING"]);
});

test("another item by ?item=: its own lab side; without a meeting the lab side is the visit's overall host", async () => {
  const { event, arrival, later } = await seatingVisit();
  const chosen = await loadSeating(event.id, arrival.id);
  if (!chosen.ok) throw new Error(chosen.messageKey);
  expect(chosen.plan.meeting?.id).toBe(arrival.id);
  expect(names(chosen.plan.lab)).toEqual(["朱世强", "袁纪新"]);
  expect(names(chosen.plan.guests)).toEqual(["吴朝晖", "王立忠", "沈文华", "倪建新"]);

  await prisma.agendaItem.updateMany({ where: { eventId: event.id, kind: "MEETING" }, data: { kind: "TOUR" } });
  const none = await loadSeating(event.id);
  if (!none.ok) throw new Error(none.messageKey);
  expect(none.plan.meeting).toBeNull();
  expect(names(none.plan.lab)).toEqual(["袁纪新"]);
  expect(names(none.plan.guests)).toHaveLength(4);
  expect(later.id).toBeTruthy();
});

test("an item of another event is a 400, an event that is not a visit a 404", async () => {
  const { event } = await seatingVisit();
  const other = await seatingVisit();
  expect(await loadSeating(event.id, other.talks.id)).toEqual({ ok: false, status: 400, messageKey: "seating.error.item" });
  expect(await loadSeating(event.id, "nonexistent")).toMatchObject({ ok: false, status: 400 });
  const conference = await createEvent();
  expect(await loadSeating(conference.id)).toMatchObject({ ok: false, status: 404, messageKey: "seating.notVisit" });
  expect(await loadSeating("no-such-event")).toMatchObject({ ok: false, status: 404 });
});

test("a visit with no delegation and no hosts yet is an empty plan, not an error", async () => {
  const bare = await createEvent({ kind: "PARTNERSHIP_VISIT" });
  const outcome = await loadSeating(bare.id);
  expect(outcome).toMatchObject({ ok: true, plan: { guests: [], lab: [], tracks: 2, meeting: null } });
});

test("the query: item and side are checked; unknown sides, odd ids and repeats are refused", () => {
  const parse = (search: string) => parseSeatingQuery(new URLSearchParams(search));
  expect(parse("")).toEqual({ ok: true, query: { side: "all" } });
  expect(parse("side=guests&item=cmabc123")).toEqual({ ok: true, query: { side: "guests", item: "cmabc123" } });
  expect(parse("side=lab")).toMatchObject({ ok: true, query: { side: "lab" } });
  expect(parse("side=everyone")).toEqual({ ok: false, messageKey: "nameCards.error.side" });
  expect(parse("side=")).toEqual({ ok: false, messageKey: "nameCards.error.side" });
  expect(parse("item=")).toEqual({ ok: false, messageKey: "seating.error.item" });
  expect(parse(`item=${"x".repeat(65)}`)).toEqual({ ok: false, messageKey: "seating.error.item" });
  expect(parse("item=a%27%20OR%201%3D1")).toEqual({ ok: false, messageKey: "seating.error.item" });
  expect(parse("side=lab&side=guests")).toEqual({ ok: false, messageKey: "seating.error.query" });
  // other parameters are none of its business
  expect(parse("utm_source=mail")).toMatchObject({ ok: true });
});
