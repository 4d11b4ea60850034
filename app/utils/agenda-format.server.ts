import type { AgendaItemRow, Conflict } from "~/models/agenda.server";
import { pick, translate, type Locale } from "~/utils/i18n";

/** "13:30–14:15", or with the day when the item spans midnight or the agenda spans days. */
export function formatItemTime(locale: Locale, timeZone: string, startsAt: Date, endsAt: Date, withDay: boolean) {
  const tag = locale === "en" ? "en-GB" : "zh-CN";
  const time = new Intl.DateTimeFormat(tag, { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone });
  const day = new Intl.DateTimeFormat(tag, { month: "short", day: "numeric", weekday: "short", timeZone });
  const range = `${time.format(startsAt)}–${time.format(endsAt)}`;
  return withDay ? `${day.format(startsAt)} ${range}` : range;
}

export function personName(locale: Locale, person: AgendaItemRow["people"][number]) {
  if (person.user) return pick(locale, person.user.nameZh, person.user.nameEn);
  return pick(locale, person.externalNameZh, person.externalNameEn);
}

/** Conflict warnings in the reader's language, keyed by the item they sit next to. */
export function conflictMessages(locale: Locale, items: AgendaItemRow[], conflicts: Conflict[]) {
  const byId = new Map(items.map((item) => [item.id, item]));
  const title = (id: string) => {
    const item = byId.get(id);
    return item ? pick(locale, item.titleZh, item.titleEn) : "";
  };
  const roomName = (id: string) => {
    const room = items.find((item) => item.room?.id === id)?.room;
    return room ? pick(locale, room.nameZh, room.nameEn) : "";
  };
  const messages = new Map<string, string[]>();
  const add = (id: string, message: string) => messages.set(id, [...(messages.get(id) ?? []), message]);
  for (const conflict of conflicts) {
    switch (conflict.kind) {
      case "ROOM_CLASH": {
        const [a, b] = conflict.itemIds;
        add(a, translate(locale, "agenda.conflict.ROOM_CLASH", { other: title(b), room: roomName(conflict.roomId) }));
        add(b, translate(locale, "agenda.conflict.ROOM_CLASH", { other: title(a), room: roomName(conflict.roomId) }));
        break;
      }
      case "PERSON_DOUBLE_BOOKED": {
        const [a, b] = conflict.itemIds;
        add(a, translate(locale, "agenda.conflict.PERSON_DOUBLE_BOOKED", { person: conflict.person, other: title(b) }));
        add(b, translate(locale, "agenda.conflict.PERSON_DOUBLE_BOOKED", { person: conflict.person, other: title(a) }));
        break;
      }
      case "PERSON_BOOKED_ELSEWHERE":
        add(conflict.itemIds[0], translate(locale, "agenda.conflict.PERSON_BOOKED_ELSEWHERE", {
          person: conflict.person,
          event: pick(locale, conflict.otherEvent.titleZh, conflict.otherEvent.titleEn),
        }));
        break;
      case "OUTSIDE_EVENT":
        add(conflict.itemIds[0], translate(locale, "agenda.conflict.OUTSIDE_EVENT"));
        break;
    }
  }
  return messages;
}
