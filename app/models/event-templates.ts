import type { AgendaItemKind } from "~/models/agenda-kinds";

/**
 * Starting agendas, one per kind of event: data, not code branches. Offsets are minutes from the event's
 * start; the organizer edits everything afterwards.
 */
export type TemplateItem = { kind: AgendaItemKind; from: number; to: number; titleZh: string; titleEn: string };

export const EVENT_TEMPLATES: Record<"INTERNAL_CONFERENCE" | "AWARD_CEREMONY" | "PARTNERSHIP_VISIT", TemplateItem[]> = {
  INTERNAL_CONFERENCE: [
    { kind: "OPENING", from: 0, to: 10, titleZh: "大会开幕", titleEn: "Opening" },
    { kind: "REPORT", from: 10, to: 55, titleZh: "主任工作报告", titleEn: "Director's work report" },
    { kind: "TALK", from: 55, to: 80, titleZh: "首席科学家讲话", titleEn: "Chief scientist's address" },
    { kind: "BREAK", from: 80, to: 95, titleZh: "茶歇", titleEn: "Tea break" },
    { kind: "AWARD_SEGMENT", from: 95, to: 135, titleZh: "年度奖项颁授", titleEn: "Award presentations" },
    { kind: "BADGE_CEREMONY", from: 135, to: 165, titleZh: "新员工授牌仪式", titleEn: "Badge ceremony for new hires" },
    { kind: "PERFORMANCE", from: 165, to: 240, titleZh: "新年联欢", titleEn: "New-year show" },
  ],
  AWARD_CEREMONY: [
    { kind: "OPENING", from: 0, to: 10, titleZh: "典礼开幕", titleEn: "Opening" },
    { kind: "AWARD_SEGMENT", from: 10, to: 50, titleZh: "科技奖颁奖", titleEn: "Technology Awards" },
    { kind: "AWARD_SEGMENT", from: 50, to: 90, titleZh: "贡献奖颁奖", titleEn: "Contribution Awards" },
    { kind: "TALK", from: 90, to: 110, titleZh: "获奖代表发言", titleEn: "Words from the award winners" },
    { kind: "CLOSING", from: 110, to: 120, titleZh: "合影留念", titleEn: "Group photo and close" },
  ],
  PARTNERSHIP_VISIT: [
    { kind: "ARRIVAL", from: 0, to: 15, titleZh: "抵达与欢迎", titleEn: "Arrival and welcome" },
    { kind: "TOUR", from: 15, to: 60, titleZh: "参观实验室", titleEn: "Lab tour" },
    { kind: "MEETING", from: 60, to: 150, titleZh: "战略合作会谈", titleEn: "Strategic talks" },
    { kind: "CLOSING", from: 150, to: 165, titleZh: "合影与送别", titleEn: "Group photo and farewell" },
  ],
};
