// A partnership visit in small for the seating plan and name-card tests: a delegation of four (the leader is not
// first by precedence, to prove the leader leads), a talks meeting whose people are listed out of order, an
// earlier arrival, and hosts named on the visit.
import { prisma } from "~/utils/db.server";

import { createEvent, createUser } from "./factories";

const DAY = "2026-12-08";
const at = (time: string) => new Date(`${DAY}T${time}:00+08:00`);

export async function seatingVisit() {
  const organizer = await createUser();
  const director = await createUser({ nameZh: "朱世强", nameEn: "Zhu Shiqiang", titleZh: "主任", titleEn: "Director" });
  const deputy = await createUser({ nameZh: "袁纪新", nameEn: "Yuan Jixin", titleZh: "副主任", titleEn: "Deputy Director" });
  const scientist = await createUser({ nameZh: "潘云鹤", nameEn: "Pan Yunhe", titleZh: "首席科学家", titleEn: "Chief Scientist" });
  const speaker = await createUser({ nameZh: "欧阳娜娜", nameEn: "Ouyang Nana", titleZh: "研究员", titleEn: "Research Fellow" });
  const event = await createEvent({
    kind: "PARTNERSHIP_VISIT",
    audience: "INVITE_ONLY",
    titleZh: "浙江大学校长一行来访",
    titleEn: "Visit of the President of Zhejiang University",
    startsAt: at("14:00"),
    endsAt: at("17:30"),
    organizerIds: [organizer.id],
  });
  const delegation = await prisma.delegation.create({ data: { eventId: event.id, organisationZh: "浙江大学", organisationEn: "Zhejiang University" } });
  const specs = [
    { nameZh: "王立忠", nameEn: "Wang Lizhong", titleZh: "副校长", titleEn: "Vice President", isLeader: false },
    { nameZh: "吴朝晖", nameEn: "Wu Zhaohui", titleZh: "校长", titleEn: "President", isLeader: true },
    { nameZh: "沈文华", nameEn: "Shen Wenhua", titleZh: "政策研究室主任", titleEn: "Director of the Policy Research Office", isLeader: false },
    { nameZh: "倪建新", nameEn: "Ni Jianxin", titleZh: "生物医学工程与仪器科学学院院长", titleEn: "Dean, College of Biomedical Engineering and Instrument Science", isLeader: false },
  ];
  const members = [];
  for (const [i, spec] of specs.entries()) {
    const guest = await createUser({ kind: "GUEST", password: null, nameZh: spec.nameZh, nameEn: spec.nameEn });
    members.push(await prisma.delegationMember.create({ data: { delegationId: delegation.id, userId: guest.id, ...spec, precedence: i + 1 } }));
  }
  const wu = members[1]!;
  // created first but later in the day: the plan takes the first meeting in time, not in creation
  const later = await prisma.agendaItem.create({
    data: { eventId: event.id, kind: "MEETING", titleZh: "闭门会谈", titleEn: "Closed talks", startsAt: at("17:00"), endsAt: at("17:20") },
  });
  const arrival = await prisma.agendaItem.create({
    data: { eventId: event.id, kind: "ARRIVAL", titleZh: "抵达与会见", titleEn: "Arrival and welcome", startsAt: at("14:00"), endsAt: at("14:20") },
  });
  const talks = await prisma.agendaItem.create({
    data: { eventId: event.id, kind: "MEETING", titleZh: "战略合作座谈", titleEn: "Strategic partnership talks", startsAt: at("15:30"), endsAt: at("16:30") },
  });
  const person = (agendaItemId: string, role: string, side: string, position: number, who: { userId: string } | { externalNameZh: string; externalNameEn: string; organisation: string; title: string }) =>
    prisma.agendaPerson.create({ data: { agendaItemId, role, side, position, ...who } });
  // listed out of order: participants first, the host last, a guest speaker among them
  await person(talks.id, "PARTICIPANT", "LAB", 0, { userId: scientist.id });
  await person(talks.id, "SPEAKER", "GUEST", 1, { userId: wu.userId! });
  await person(talks.id, "SPEAKER", "LAB", 2, { userId: speaker.id });
  await person(talks.id, "PARTICIPANT", "LAB", 3, { userId: director.id });
  await person(talks.id, "HOST", "LAB", 4, { userId: director.id });
  await person(talks.id, "PARTICIPANT", "GUEST", 5, { externalNameZh: "林莉", externalNameEn: "Lin Li", organisation: "浙江省科技厅", title: "处长" });
  await person(later.id, "HOST", "LAB", 0, { userId: deputy.id });
  await person(arrival.id, "HOST", "LAB", 0, { userId: director.id });
  // the overall host of the visit, who is not on the talks' own list
  await prisma.visitHost.create({ data: { eventId: event.id, userId: deputy.id } });
  await prisma.visitHost.create({ data: { eventId: event.id, userId: director.id, agendaItemId: talks.id } });
  return { organizer, director, deputy, scientist, speaker, event, members, wu, talks, arrival, later };
}
