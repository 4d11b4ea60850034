/**
 * The demo world of the seed: Zhejiang Lab (Hangzhou) as of late 2026, with the 2020 internal conference
 * as its archived history. Plain data only; prisma/seed.ts turns it into rows. Every date is Asia/Shanghai
 * wall time ("YYYY-MM-DD" plus "HH:MM"), converted once in the seed, so the data reads like the programme.
 */
import type { RoleName } from "~/utils/role-matrix";

export type DepartmentCode =
  | "GO"
  | "HR"
  | "RM"
  | "STC"
  | "PA"
  | "FA"
  | "ISN"
  | "INW"
  | "ICP"
  | "AI"
  | "BD"
  | "IIN"
  | "ISY";

export type DepartmentSpec = {
  code: DepartmentCode;
  nameZh: string;
  nameEn: string;
  kind: "DEPARTMENT" | "RESEARCH_CENTER";
};

// Order matters: it is the department order of the new-hire calling list at the badge ceremony.
export const DEPARTMENTS: DepartmentSpec[] = [
  { code: "GO", nameZh: "综合办公室", nameEn: "General Office", kind: "DEPARTMENT" },
  { code: "HR", nameZh: "人力资源部", nameEn: "Human Resources Department", kind: "DEPARTMENT" },
  { code: "RM", nameZh: "科研管理部", nameEn: "Research Management Department", kind: "DEPARTMENT" },
  {
    code: "STC",
    nameZh: "科技合作部",
    nameEn: "Science and Technology Cooperation Department",
    kind: "DEPARTMENT",
  },
  { code: "PA", nameZh: "党群工作部", nameEn: "Party and Public Affairs Department", kind: "DEPARTMENT" },
  { code: "FA", nameZh: "财务资产部", nameEn: "Finance and Assets Department", kind: "DEPARTMENT" },
  { code: "ISN", nameZh: "智能感知研究院", nameEn: "Research Institute of Intelligent Sensing", kind: "RESEARCH_CENTER" },
  { code: "INW", nameZh: "智能网络研究院", nameEn: "Research Institute of Intelligent Networks", kind: "RESEARCH_CENTER" },
  {
    code: "ICP",
    nameZh: "智能计算研究院",
    nameEn: "Research Institute of Intelligent Computing",
    kind: "RESEARCH_CENTER",
  },
  { code: "AI", nameZh: "人工智能研究院", nameEn: "Research Institute of Artificial Intelligence", kind: "RESEARCH_CENTER" },
  { code: "BD", nameZh: "大数据研究院", nameEn: "Research Institute of Big Data", kind: "RESEARCH_CENTER" },
  { code: "IIN", nameZh: "工业互联网研究中心", nameEn: "Research Center for Industrial Internet", kind: "RESEARCH_CENTER" },
  { code: "ISY", nameZh: "智能系统研究院", nameEn: "Research Institute of Intelligent Systems", kind: "RESEARCH_CENTER" },
];

export type NamedPerson = {
  email: string;
  nameZh: string;
  nameEn: string;
  pinyin: string | null;
  department: DepartmentCode;
  titleZh: string;
  titleEn: string;
  hireDate: string;
  roles: RoleName[];
  recruitmentBatch?: string;
};

export const ADMIN_EMAIL = "admin@lab.example";
export const ORGANIZER_EMAIL = "organizer@lab.example";
export const STAFF_EMAIL = "staff@lab.example";
export const NEWHIRE_EMAIL = "newhire@lab.example";
export const DOOR_EMAIL = "door@lab.example";

export const ZHU = "zhu.shiqiang@lab.example";
export const YUAN = "yuan.jixin@lab.example";
export const PAN = "pan.yunhe@lab.example";
export const ZHAO = "zhao.xinlong@lab.example";

export const HEAD_GO = "xu.wenjing@lab.example";
export const HEAD_HR = "sun.yaqin@lab.example";
export const HEAD_RM = "gao.mingyuan@lab.example";
export const HEAD_STC = "fang.zhiyuan@lab.example";
export const HEAD_IIN = "qian.zhihong@lab.example";
export const HEAD_ICP = "huang.liqun@lab.example";

export const DEMO_PEOPLE: NamedPerson[] = [
  {
    email: ADMIN_EMAIL,
    nameZh: "系统管理员",
    nameEn: "System Administrator",
    pinyin: null,
    department: "GO",
    titleZh: "系统管理员",
    titleEn: "System Administrator",
    hireDate: "2018-05-14",
    roles: ["admin", "staff"],
  },
  {
    email: ORGANIZER_EMAIL,
    nameZh: "陈晓",
    nameEn: "Chen Xiao",
    pinyin: "Chen Xiao",
    department: "GO",
    titleZh: "活动主管",
    titleEn: "Events Lead",
    hireDate: "2018-07-02",
    roles: ["organizer", "staff"],
  },
  {
    email: STAFF_EMAIL,
    nameZh: "王磊",
    nameEn: "Wang Lei",
    pinyin: "Wang Lei",
    department: "ICP",
    titleZh: "副研究员",
    titleEn: "Associate Researcher",
    hireDate: "2018-04-16",
    roles: ["staff"],
  },
  {
    email: NEWHIRE_EMAIL,
    nameZh: "刘洋",
    nameEn: "Liu Yang",
    pinyin: "Liu Yang",
    department: "AI",
    titleZh: "助理研究员",
    titleEn: "Assistant Researcher",
    hireDate: "2019-09-02",
    roles: ["staff"],
    recruitmentBatch: "2019-5",
  },
  {
    email: DOOR_EMAIL,
    nameZh: "赵敏",
    nameEn: "Zhao Min",
    pinyin: "Zhao Min",
    department: "GO",
    titleZh: "行政专员",
    titleEn: "Administrative Officer",
    hireDate: "2018-10-08",
    roles: ["staff"],
  },
];

// The four leaders are named in the source articles; the department heads are invented.
export const LEADERS: NamedPerson[] = [
  {
    email: ZHU,
    nameZh: "朱世强",
    nameEn: "Zhu Shiqiang",
    pinyin: "Zhu Shiqiang",
    department: "GO",
    titleZh: "主任",
    titleEn: "Director",
    hireDate: "2017-09-06",
    roles: ["staff"],
  },
  {
    email: YUAN,
    nameZh: "袁纪新",
    nameEn: "Yuan Jixin",
    pinyin: "Yuan Jixin",
    department: "GO",
    titleZh: "副主任",
    titleEn: "Deputy Director",
    hireDate: "2017-09-06",
    roles: ["staff"],
  },
  {
    email: PAN,
    nameZh: "潘云鹤",
    nameEn: "Pan Yunhe",
    pinyin: "Pan Yunhe",
    department: "AI",
    titleZh: "人工智能首席科学家",
    titleEn: "Chief Scientist, Artificial Intelligence",
    hireDate: "2017-11-01",
    roles: ["staff"],
  },
  {
    email: ZHAO,
    nameZh: "赵新龙",
    nameEn: "Zhao Xinlong",
    pinyin: "Zhao Xinlong",
    department: "PA",
    titleZh: "党委副书记",
    titleEn: "Deputy Secretary, CPC Committee",
    hireDate: "2018-03-01",
    roles: ["staff"],
  },
  {
    email: HEAD_GO,
    nameZh: "许文静",
    nameEn: "Xu Wenjing",
    pinyin: "Xu Wenjing",
    department: "GO",
    titleZh: "综合办公室主任",
    titleEn: "Director, General Office",
    hireDate: "2017-10-09",
    // the award organizer: runs every programme, and sees winners before the announcement
    roles: ["awards", "staff"],
  },
  {
    email: HEAD_HR,
    nameZh: "孙雅琴",
    nameEn: "Sun Yaqin",
    pinyin: "Sun Yaqin",
    department: "HR",
    titleZh: "人力资源部部长",
    titleEn: "Director, Human Resources Department",
    hireDate: "2017-10-09",
    roles: ["staff"],
  },
  {
    email: HEAD_RM,
    nameZh: "高明远",
    nameEn: "Gao Mingyuan",
    pinyin: "Gao Mingyuan",
    department: "RM",
    titleZh: "科研管理部部长",
    titleEn: "Director, Research Management Department",
    hireDate: "2017-12-04",
    roles: ["staff"],
  },
  {
    email: HEAD_STC,
    nameZh: "方志远",
    nameEn: "Fang Zhiyuan",
    pinyin: "Fang Zhiyuan",
    department: "STC",
    titleZh: "科技合作部部长",
    titleEn: "Director, Science and Technology Cooperation Department",
    hireDate: "2018-01-15",
    roles: ["staff"],
  },
  {
    email: HEAD_IIN,
    nameZh: "钱志宏",
    nameEn: "Qian Zhihong",
    pinyin: "Qian Zhihong",
    department: "IIN",
    titleZh: "工业互联网研究中心主任",
    titleEn: "Director, Research Center for Industrial Internet",
    hireDate: "2018-02-26",
    roles: ["staff"],
  },
  {
    email: HEAD_ICP,
    nameZh: "黄立群",
    nameEn: "Huang Liqun",
    pinyin: "Huang Liqun",
    department: "ICP",
    titleZh: "智能计算研究院院长",
    titleEn: "Director, Research Institute of Intelligent Computing",
    hireDate: "2018-03-19",
    roles: ["staff"],
  },
];

// ───────────────────────────── generated names ─────────────────────────────

export type Syllable = readonly [hanzi: string, pinyin: string];

// Weighted so the commonest surnames recur as they do in any Chinese institution; the Zhejiang
// surnames (俞 楼 应 沈 钱 陆 倪) are over-represented on purpose.
export const SURNAMES: ReadonlyArray<readonly [hanzi: string, pinyin: string, weight: number]> = [
  ["王", "Wang", 8], ["李", "Li", 8], ["张", "Zhang", 8], ["刘", "Liu", 6], ["陈", "Chen", 7],
  ["杨", "Yang", 4], ["黄", "Huang", 4], ["赵", "Zhao", 3], ["吴", "Wu", 4], ["周", "Zhou", 4],
  ["徐", "Xu", 4], ["孙", "Sun", 3], ["马", "Ma", 2], ["朱", "Zhu", 3], ["胡", "Hu", 3],
  ["郭", "Guo", 2], ["何", "He", 2], ["高", "Gao", 2], ["林", "Lin", 2], ["罗", "Luo", 2],
  ["郑", "Zheng", 2], ["梁", "Liang", 2], ["谢", "Xie", 2], ["宋", "Song", 2], ["唐", "Tang", 2],
  ["许", "Xu", 2], ["韩", "Han", 1], ["冯", "Feng", 1], ["邓", "Deng", 1], ["曹", "Cao", 1],
  ["彭", "Peng", 1], ["曾", "Zeng", 1], ["肖", "Xiao", 1], ["田", "Tian", 1], ["董", "Dong", 1],
  ["潘", "Pan", 1], ["袁", "Yuan", 1], ["蒋", "Jiang", 2], ["蔡", "Cai", 1], ["余", "Yu", 1],
  ["杜", "Du", 1], ["叶", "Ye", 2], ["程", "Cheng", 1], ["魏", "Wei", 1], ["沈", "Shen", 3],
  ["钱", "Qian", 2], ["丁", "Ding", 1], ["方", "Fang", 2], ["陆", "Lu", 2], ["姚", "Yao", 2],
  ["金", "Jin", 2], ["戴", "Dai", 1], ["夏", "Xia", 1], ["傅", "Fu", 1], ["邵", "Shao", 1],
  ["俞", "Yu", 2], ["楼", "Lou", 1], ["应", "Ying", 1], ["倪", "Ni", 1],
];

export const GIVEN_MALE: Syllable[] = [
  ["伟", "wei"], ["强", "qiang"], ["磊", "lei"], ["军", "jun"], ["勇", "yong"], ["杰", "jie"],
  ["涛", "tao"], ["明", "ming"], ["超", "chao"], ["刚", "gang"], ["华", "hua"], ["鹏", "peng"],
  ["辉", "hui"], ["俊", "jun"], ["浩", "hao"], ["宇", "yu"], ["轩", "xuan"], ["博", "bo"],
  ["文", "wen"], ["晨", "chen"], ["海", "hai"], ["建", "jian"], ["志", "zhi"], ["国", "guo"],
  ["立", "li"], ["新", "xin"], ["凯", "kai"], ["健", "jian"], ["昊", "hao"], ["天", "tian"],
  ["泽", "ze"], ["翔", "xiang"], ["帆", "fan"], ["航", "hang"], ["彬", "bin"], ["斌", "bin"],
  ["亮", "liang"], ["铭", "ming"], ["睿", "rui"], ["阳", "yang"], ["远", "yuan"], ["东", "dong"],
  ["峰", "feng"], ["松", "song"], ["林", "lin"], ["源", "yuan"], ["鑫", "xin"], ["坤", "kun"],
  ["卓", "zhuo"], ["恒", "heng"], ["哲", "zhe"], ["振", "zhen"], ["宏", "hong"], ["嘉", "jia"],
  ["晓", "xiao"], ["思", "si"], ["毅", "yi"], ["骏", "jun"],
];

export const GIVEN_FEMALE: Syllable[] = [
  ["芳", "fang"], ["娜", "na"], ["敏", "min"], ["静", "jing"], ["丽", "li"], ["艳", "yan"],
  ["娟", "juan"], ["秀", "xiu"], ["霞", "xia"], ["英", "ying"], ["雨", "yu"], ["欣", "xin"],
  ["怡", "yi"], ["佳", "jia"], ["琪", "qi"], ["涵", "han"], ["婷", "ting"], ["雪", "xue"],
  ["慧", "hui"], ["倩", "qian"], ["璐", "lu"], ["楠", "nan"], ["瑶", "yao"], ["晶", "jing"],
  ["颖", "ying"], ["诗", "shi"], ["梦", "meng"], ["悦", "yue"], ["蕾", "lei"], ["薇", "wei"],
  ["晗", "han"], ["琳", "lin"], ["玥", "yue"], ["思", "si"], ["嘉", "jia"], ["晓", "xiao"],
  ["文", "wen"], ["雅", "ya"], ["婧", "jing"], ["洁", "jie"], ["萍", "ping"], ["莉", "li"],
  ["珊", "shan"], ["月", "yue"], ["燕", "yan"], ["青", "qing"],
];

export type TitleSpec = readonly [zh: string, en: string];

export const TITLES = {
  seniorResearch: [
    ["研究员", "Researcher"],
    ["副研究员", "Associate Researcher"],
    ["高级工程师", "Senior Engineer"],
    ["副研究员", "Associate Researcher"],
  ],
  seniorAdmin: [
    ["业务主管", "Programme Supervisor"],
    ["高级专员", "Senior Officer"],
  ],
  newResearch: [
    ["助理研究员", "Assistant Researcher"],
    ["工程师", "Engineer"],
    ["博士后", "Postdoctoral Fellow"],
    ["助理研究员", "Assistant Researcher"],
    ["研发工程师", "R&D Engineer"],
  ],
  newAdmin: [
    ["专员", "Officer"],
    ["项目专员", "Project Officer"],
  ],
} as const satisfies Record<string, readonly TitleSpec[]>;

// How many generated people of each group; with the named people this gives ~200 staff, of whom
// 162 are the "160+" new hires of the 4th and 5th talent recruitment plans.
export const GENERATED_EXISTING_STAFF = 28;
export const GENERATED_BATCH_4 = 81;
export const GENERATED_BATCH_5 = 80; // plus newhire@lab.example
// Existing staff registered for the 2027 conference besides the named leaders, organizer and door staff.
export const REGISTERED_GENERATED_EXISTING = 18;

// ───────────────────────────── venue ─────────────────────────────

export type RoomKey = "auditorium" | "room1" | "room2" | "vip" | "exhibition" | "canteen";

export const VENUE = {
  nameZh: "之江实验室南湖总部",
  nameEn: "Zhejiang Lab Nanhu Headquarters",
  addressZh: "浙江省杭州市余杭区中泰街道之江实验室南湖总部",
  addressEn: "Zhejiang Lab Nanhu Headquarters, Zhongtai Subdistrict, Yuhang District, Hangzhou, Zhejiang",
};

export const ROOMS: Array<{ key: RoomKey; nameZh: string; nameEn: string; capacity: number }> = [
  { key: "auditorium", nameZh: "报告厅", nameEn: "Main Auditorium", capacity: 1200 },
  { key: "room1", nameZh: "第一会议室", nameEn: "Meeting Room 1", capacity: 40 },
  { key: "room2", nameZh: "第二会议室", nameEn: "Meeting Room 2", capacity: 30 },
  { key: "vip", nameZh: "贵宾接待室", nameEn: "VIP Reception Room", capacity: 20 },
  { key: "exhibition", nameZh: "展厅", nameEn: "Exhibition Hall", capacity: 200 },
  { key: "canteen", nameZh: "职工餐厅", nameEn: "Staff Canteen", capacity: 300 },
];

// ───────────────────────────── events ─────────────────────────────

export type AgendaKind =
  | "REPORT"
  | "TALK"
  | "CEREMONY"
  | "AWARD_SEGMENT"
  | "BADGE_CEREMONY"
  | "PERFORMANCE"
  | "MEETING"
  | "TOUR"
  | "BREAK"
  | "ARRIVAL"
  | "MEAL"
  | "DEPARTURE"
  | "OPENING"
  | "CLOSING";

export type AgendaPersonSpec = {
  role: "SPEAKER" | "HOST" | "PARTICIPANT";
  side?: "LAB" | "GUEST";
  email: string;
};

export type AgendaSpec = {
  kind: AgendaKind;
  start: string;
  end: string;
  room: RoomKey | null;
  titleZh: string;
  titleEn: string;
  notesZh?: string;
  notesEn?: string;
  cueNotes?: string;
  people?: AgendaPersonSpec[];
};

export const SLUG_2020 = "2020-internal-conference";
export const SLUG_2027 = "2027-annual-conference";
export const SLUG_AWARDS_2026 = "2026-technology-awards";
export const SLUG_ZJU_VISIT = "2026-zju-visit";
export const SLUG_SPRING_LECTURE = "2027-spring-lecture";

export const CONFERENCE_2020 = {
  slug: SLUG_2020,
  date: "2020-01-18",
  start: "13:30",
  end: "18:00",
  titleZh: "之江实验室2020年内部大会",
  titleEn: "Zhejiang Lab 2020 Internal Conference",
  descriptionZh: `## 回顾2019，部署2020

1月18日下午，之江实验室召开2020年内部大会，总结2019年工作，部署2020年目标任务。大会由副主任**袁纪新**主持。

- **工作报告**：主任朱世强作题为《不忘初心 奋发有为 全力建设世界一流科研中心》的工作报告。2019年，实验室首次取得国家项目申报资格，承担国家项目22项，经费总额3亿元；启动建设量子精密测量装置和工业控制系统信息安全测试装置；发布人工智能开源平台和多中心智能医疗信息平台。人才队伍达到1100人，其中30余人入选各类高层次人才计划。
- **战略科学**：中国工程院院士、人工智能首席科学家**潘云鹤**从战略科学的角度为实验室发展建言。
- **表彰**：党委副书记**赵新龙**宣布2019年度科技奖和贡献奖获奖名单，朱世强主任为获奖团队和个人颁发荣誉证书和奖杯。
- **新员工授牌**：朱世强主任为第四、第五批人才招引计划的新员工代表授牌，160余名新员工佩戴上之江实验室工牌。
- **新年联欢**：工业互联网研究中心合唱《我和我的祖国》拉开新年联欢序幕，各部门、各研究中心自编自导自演精彩节目。
`,
  descriptionEn: `## Looking back on 2019, setting out 2020

On the afternoon of January 18, Zhejiang Lab held its internal conference to review its progress in 2019 and announce its goals for 2020. The conference was hosted by Deputy Director **Yuan Jixin**.

- **Work report**: Director Zhu Shiqiang issued a work report entitled *"Building a World-class Research Center with Our Original Aspirations and Zealous Endeavors"*. In 2019 the Lab qualified to apply for national projects for the first time and was authorised to undertake 22 national projects with grants totalling 300 million CNY; it started building the Quantum Metrology Facility and the Information Security Testing Facility for Industrial Control Systems, and launched the Artificial Intelligence Open Source Platform and the Multi-center Intelligent Medical Information Platform. The team has grown to 1,100 members, more than 30 of them in high-level talent programmes.
- **Strategic science**: **Pan Yunhe**, CAE Member and the Lab's Chief Scientist in Artificial Intelligence, offered his advice on the Lab's development from the perspective of strategic science.
- **Awards**: **Zhao Xinlong**, Deputy Secretary of the Lab's CPC Committee, announced the winners of the 2019 Zhejiang Lab Technology Awards and the 2019 Contribution Awards; Director Zhu presented honorary certificates and trophies.
- **New employees**: Director Zhu gave badges to representatives of the new employees of the fourth and fifth talent recruitment plans, and more than 160 new employees put on the Lab's badge.
- **New-year show**: the chorus *"My Motherland and I"* by the Research Center for Industrial Internet opened a show that departments and research centres created, directed and performed themselves.
`,
  agenda: [
    {
      kind: "OPENING",
      start: "13:30",
      end: "13:40",
      room: "auditorium",
      titleZh: "大会开幕",
      titleEn: "Opening",
      notesZh: "副主任袁纪新主持大会。",
      notesEn: "Deputy Director Yuan Jixin hosts the conference.",
      people: [{ role: "HOST", email: YUAN }],
    },
    {
      kind: "REPORT",
      start: "13:40",
      end: "14:40",
      room: "auditorium",
      titleZh: "工作报告：不忘初心 奋发有为 全力建设世界一流科研中心",
      titleEn: "Work report: Building a World-class Research Center with Our Original Aspirations and Zealous Endeavors",
      notesZh: "回顾2019年工作，部署2020年“25项重点任务”。",
      notesEn: "A review of 2019 and the 25 key missions for 2020.",
      people: [{ role: "SPEAKER", email: ZHU }],
    },
    {
      kind: "TALK",
      start: "14:40",
      end: "15:10",
      room: "auditorium",
      titleZh: "首席科学家讲话：从战略科学看实验室发展",
      titleEn: "Address by the Chief Scientist: the Lab's development from the perspective of strategic science",
      people: [{ role: "SPEAKER", email: PAN }],
    },
    {
      kind: "BREAK",
      start: "15:10",
      end: "15:30",
      room: "auditorium",
      titleZh: "茶歇",
      titleEn: "Tea break",
    },
    {
      kind: "AWARD_SEGMENT",
      start: "15:30",
      end: "16:15",
      room: "auditorium",
      titleZh: "2019年度科技奖、贡献奖颁奖",
      titleEn: "2019 Technology Awards and Contribution Awards",
      notesZh: "党委副书记赵新龙宣布获奖名单，朱世强主任颁发荣誉证书和奖杯。",
      notesEn: "Deputy Secretary Zhao Xinlong announces the winners; Director Zhu presents certificates and trophies.",
      people: [
        { role: "SPEAKER", email: ZHAO },
        { role: "PARTICIPANT", email: ZHU },
      ],
    },
    {
      kind: "BADGE_CEREMONY",
      start: "16:15",
      end: "16:40",
      room: "auditorium",
      titleZh: "新员工授牌仪式（第四、第五批人才招引计划）",
      titleEn: "Badge ceremony for new employees (4th and 5th talent recruitment plans)",
      notesZh: "朱世强主任为新员工代表授牌，160余名新员工佩戴工牌。",
      notesEn: "Director Zhu gives badges to representatives of more than 160 new employees.",
      people: [
        { role: "SPEAKER", email: ZHU },
        { role: "HOST", email: YUAN },
      ],
    },
    {
      kind: "PERFORMANCE",
      start: "16:40",
      end: "18:00",
      room: "auditorium",
      titleZh: "新年联欢：合唱《我和我的祖国》",
      titleEn: "New-year show, opening with the chorus \"My Motherland and I\"",
      notesZh: "工业互联网研究中心合唱开场，各部门、各研究中心自编自导自演节目。",
      notesEn:
        "The Research Center for Industrial Internet opens with the chorus; departments and research centres perform shows they created themselves.",
      people: [
        { role: "HOST", email: YUAN },
        { role: "PARTICIPANT", email: HEAD_IIN },
      ],
    },
  ] satisfies AgendaSpec[],
};

export const CONFERENCE_2027 = {
  slug: SLUG_2027,
  date: "2027-01-15",
  start: "13:30",
  end: "18:00",
  titleZh: "之江实验室2027年度内部大会",
  titleEn: "Zhejiang Lab 2027 Annual Conference",
  capacity: 1200,
  registrationOpensAt: "2026-11-01T09:00:00+08:00",
  registrationClosesAt: "2027-01-10T18:00:00+08:00",
  descriptionZh: `## 总结2026，谋划2027

实验室全体职工年度大会：主任工作报告、首席科学家报告、年度贡献奖颁奖、新员工授牌和新年联欢，会后在职工餐厅举行新年晚宴。

- **时间**：2027年1月15日（周五）13:30–18:00
- **地点**：南湖总部报告厅（茶歇在展厅，晚宴在职工餐厅）
- **入场**：请于13:15前凭工牌二维码签到入场
- **报名**：2026年11月1日至2027年1月10日
`,
  descriptionEn: `## Reviewing 2026, planning 2027

The Lab's all-staff annual conference: the Director's work report, the Chief Scientist's lecture, the annual Contribution Awards, the new-employee badge ceremony and the new-year show, followed by the new-year dinner in the Staff Canteen.

- **When**: Friday 15 January 2027, 13:30–18:00
- **Where**: Main Auditorium, Nanhu Headquarters (tea break in the Exhibition Hall, dinner in the Staff Canteen)
- **Entry**: please check in with the QR code on your badge before 13:15
- **Registration**: 1 November 2026 to 10 January 2027
`,
  questions: [
    { kind: "TEXT", labelZh: "饮食需求", labelEn: "Dietary needs", required: false },
    { kind: "YES_NO", labelZh: "是否观看晚会", labelEn: "Will you attend the show?", required: true },
  ],
  agenda: [
    {
      kind: "OPENING",
      start: "13:30",
      end: "13:40",
      room: "auditorium",
      titleZh: "大会开幕",
      titleEn: "Opening",
      cueNotes: "13:28 暖场视频结束；主持人左侧上场；无线话筒 #1。",
      people: [{ role: "HOST", email: YUAN }],
    },
    {
      kind: "REPORT",
      start: "13:40",
      end: "14:30",
      room: "auditorium",
      titleZh: "2026年度工作报告",
      titleEn: "2026 Work Report",
      notesZh: "回顾2026年工作，部署2027年重点任务。",
      notesEn: "A review of 2026 and the key tasks for 2027.",
      cueNotes: "讲台话筒；PPT 由综合办公室控台翻页。",
      people: [{ role: "SPEAKER", email: ZHU }],
    },
    {
      kind: "TALK",
      start: "14:30",
      end: "14:55",
      room: "auditorium",
      titleZh: "首席科学家报告：智能计算的下一个十年",
      titleEn: "Chief Scientist's lecture: the next decade of intelligent computing",
      people: [{ role: "SPEAKER", email: PAN }],
    },
    {
      kind: "BREAK",
      start: "14:55",
      end: "15:15",
      room: "exhibition",
      titleZh: "茶歇与年度成果展",
      titleEn: "Tea break and research showcase",
      notesZh: "展厅展示2026年度重点科研成果。",
      notesEn: "The Exhibition Hall shows the Lab's key research results of 2026.",
    },
    {
      kind: "AWARD_SEGMENT",
      start: "15:15",
      end: "15:55",
      room: "auditorium",
      titleZh: "2026年度贡献奖颁奖",
      titleEn: "2026 Contribution Awards",
      cueNotes: "颁奖音乐；礼仪人员6名候场于舞台右侧。",
      people: [
        { role: "SPEAKER", email: ZHAO },
        { role: "PARTICIPANT", email: ZHU },
      ],
    },
    {
      kind: "BADGE_CEREMONY",
      start: "15:55",
      end: "16:20",
      room: "auditorium",
      titleZh: "新员工授牌仪式",
      titleEn: "Badge ceremony for new employees",
      notesZh: "按部门依次唱名，新员工代表上台。",
      notesEn: "New employees are called by department; representatives come on stage.",
      cueNotes: "唱名顺序见工牌 callingOrder；分三批上台。",
      people: [
        { role: "SPEAKER", email: ZHU },
        { role: "HOST", email: HEAD_HR },
      ],
    },
    {
      kind: "TALK",
      start: "16:20",
      end: "16:35",
      room: "auditorium",
      titleZh: "新员工代表发言",
      titleEn: "Remarks by a new-employee representative",
      people: [{ role: "SPEAKER", email: NEWHIRE_EMAIL }],
    },
    {
      kind: "PERFORMANCE",
      start: "16:35",
      end: "17:15",
      room: "auditorium",
      titleZh: "新年联欢：合唱《我和我的祖国》",
      titleEn: "New-year show, opening with the chorus \"My Motherland and I\"",
      notesZh: "工业互联网研究中心合唱开场。",
      notesEn: "Opened by the chorus of the Research Center for Industrial Internet.",
      cueNotes: "合唱团 40 人，16:25 后台候场；伴奏音轨 #3。",
      people: [
        { role: "HOST", email: YUAN },
        { role: "PARTICIPANT", email: HEAD_IIN },
      ],
    },
    {
      kind: "CLOSING",
      start: "17:15",
      end: "17:20",
      room: "auditorium",
      titleZh: "大会闭幕",
      titleEn: "Closing",
      people: [{ role: "HOST", email: YUAN }],
    },
    {
      kind: "MEAL",
      start: "17:20",
      end: "18:00",
      room: "canteen",
      titleZh: "新年晚宴",
      titleEn: "New-year dinner",
      notesZh: "职工餐厅，凭工牌入场。",
      notesEn: "Staff Canteen; entry with your badge.",
    },
  ] satisfies AgendaSpec[],
};

export const AWARDS_CEREMONY_2026 = {
  slug: SLUG_AWARDS_2026,
  date: "2026-12-18",
  start: "14:00",
  end: "16:30",
  titleZh: "2026年度科技奖颁奖典礼",
  titleEn: "2026 Technology Awards Ceremony",
  descriptionZh: `## 2026年度之江实验室科技奖

表彰2026年度在重大科研任务、核心技术突破和科研平台建设中作出突出贡献的团队和个人。

获奖名单在典礼现场揭晓，此前保密。
`,
  descriptionEn: `## 2026 Zhejiang Lab Technology Awards

Honouring the teams and individuals who made outstanding contributions to major research missions, core-technology breakthroughs and research platforms in 2026.

The winners are revealed at the ceremony and are embargoed until then.
`,
  agenda: [
    {
      kind: "OPENING",
      start: "14:00",
      end: "14:10",
      room: "auditorium",
      titleZh: "典礼开幕",
      titleEn: "Opening",
      people: [{ role: "HOST", email: YUAN }],
    },
    {
      kind: "TALK",
      start: "14:10",
      end: "14:30",
      room: "auditorium",
      titleZh: "主任致辞",
      titleEn: "Address by the Director",
      people: [{ role: "SPEAKER", email: ZHU }],
    },
    {
      kind: "AWARD_SEGMENT",
      start: "14:30",
      end: "15:20",
      room: "auditorium",
      titleZh: "颁发科技奖二等奖",
      titleEn: "Technology Awards: Second Prizes",
      people: [
        { role: "SPEAKER", email: ZHAO },
        { role: "PARTICIPANT", email: PAN },
      ],
    },
    {
      kind: "AWARD_SEGMENT",
      start: "15:20",
      end: "16:10",
      room: "auditorium",
      titleZh: "颁发科技奖一等奖",
      titleEn: "Technology Awards: First Prizes",
      people: [
        { role: "SPEAKER", email: ZHAO },
        { role: "PARTICIPANT", email: ZHU },
      ],
    },
    {
      kind: "TALK",
      start: "16:10",
      end: "16:25",
      room: "auditorium",
      titleZh: "获奖代表发言",
      titleEn: "Remarks by an award winner",
      people: [{ role: "SPEAKER", email: HEAD_ICP }],
    },
    {
      kind: "CLOSING",
      start: "16:25",
      end: "16:30",
      room: "auditorium",
      titleZh: "典礼闭幕",
      titleEn: "Closing",
      people: [{ role: "HOST", email: YUAN }],
    },
  ] satisfies AgendaSpec[],
};

// The 15th Five-Year Plan (2026–2030) is the live one for a December 2026 visit; the 2020 article's
// 14th-plan talks are the model for it.
export const ZJU_VISIT = {
  slug: SLUG_ZJU_VISIT,
  date: "2026-12-08",
  start: "14:00",
  end: "17:30",
  titleZh: "浙江大学校长一行来访",
  titleEn: "Visit of the President of Zhejiang University",
  descriptionZh: `## 浙江大学—之江实验室战略合作座谈

浙江大学校长吴朝晖院士率副校长王立忠，政策研究室、人力资源处、人才工作办公室、科学技术研究院负责人，四个国家重点实验室主任和信息学部五个学院院长一行15人来访，就“十五五”期间双方战略合作进行座谈。主任朱世强接待。

重点议题：大科学装置共建、重大项目布局、人才双聘与流动机制。
`,
  descriptionEn: `## Zhejiang University – Zhejiang Lab strategic partnership talks

CAS Academician Wu Zhaohui, President of Zhejiang University, visits with Vice President Wang Lizhong, the heads of the Policy Research Office, the Human Resources Department, the Talent Office and the Sci-Tech Academy, the directors of four state key laboratories and the deans of five colleges of the Faculty of Information Technology: 15 people in all. Director Zhu Shiqiang receives the delegation for talks on strategic cooperation during the 15th Five-Year Plan.

Topics: jointly built large-scale research facilities, major projects, and joint appointments and talent mobility.
`,
  delegation: { organisationZh: "浙江大学", organisationEn: "Zhejiang University" },
  agenda: [
    {
      kind: "ARRIVAL",
      start: "14:00",
      end: "14:20",
      room: "vip",
      titleZh: "抵达与会见",
      titleEn: "Arrival and welcome",
      notesZh: "朱世强主任在贵宾接待室会见吴朝晖校长一行。",
      notesEn: "Director Zhu receives President Wu and the delegation in the VIP Reception Room.",
      cueNotes: "车辆停北门；礼宾引导至贵宾接待室；桌签按席次摆放。",
      people: [
        { role: "HOST", email: ZHU },
        { role: "PARTICIPANT", side: "GUEST", email: "wu.zhaohui@zju.example" },
      ],
    },
    {
      kind: "TOUR",
      start: "14:20",
      end: "15:20",
      room: "exhibition",
      titleZh: "参观实验室成果展",
      titleEn: "Tour of the Exhibition Hall",
      notesZh: "参观智能计算、智能感知和大科学装置展区。",
      notesEn: "Intelligent computing, intelligent sensing and the large research facilities.",
      people: [{ role: "HOST", email: HEAD_STC }],
    },
    {
      kind: "MEETING",
      start: "15:30",
      end: "17:10",
      room: "room1",
      titleZh: "“十五五”战略合作座谈",
      titleEn: "Strategic partnership talks for the 15th Five-Year Plan",
      notesZh: "议题：大科学装置共建；“十五五”重大项目；人才双聘与流动机制。",
      notesEn: "Agenda: jointly built research facilities; major projects of the 15th Five-Year Plan; joint appointments and talent mobility.",
      cueNotes: "同传不需要；会议纪要由科技合作部整理。",
      people: [
        { role: "HOST", email: ZHU },
        { role: "SPEAKER", side: "GUEST", email: "wu.zhaohui@zju.example" },
        { role: "SPEAKER", side: "GUEST", email: "wang.lizhong@zju.example" },
        { role: "PARTICIPANT", email: YUAN },
        { role: "PARTICIPANT", email: PAN },
      ],
    },
    {
      kind: "CLOSING",
      start: "17:10",
      end: "17:30",
      room: "vip",
      titleZh: "合影与送别",
      titleEn: "Group photo and farewell",
      people: [{ role: "HOST", email: ZHU }],
    },
  ] satisfies AgendaSpec[],
  // Index of the agenda item each lab host hosts; null is the overall host of the visit.
  hosts: [
    { email: ZHU, agendaIndex: null },
    { email: HEAD_STC, agendaIndex: 1 },
    { email: ZHU, agendaIndex: 2 },
  ],
  invitedEmails: [ZHU, YUAN, PAN, ZHAO, HEAD_STC, HEAD_RM, HEAD_HR],
  invitedDepartments: ["STC"] satisfies DepartmentCode[],
  followUps: [
    {
      titleZh: "确定“十五五”重大项目清单",
      titleEn: "Agree the list of major projects for the 15th Five-Year Plan",
      owner: HEAD_RM,
      due: "2027-03-31",
    },
    {
      titleZh: "形成信息科学大科学装置共建方案",
      titleEn: "Draft the joint construction plan for the information-science research facility",
      owner: YUAN,
      due: "2027-06-30",
    },
    {
      titleZh: "完善人才双聘与流动机制",
      titleEn: "Finalise the joint-appointment and talent-mobility mechanism",
      owner: HEAD_HR,
      due: "2027-04-30",
    },
  ],
};

export type DelegateSpec = {
  email: string;
  nameZh: string;
  nameEn: string;
  titleZh: string;
  titleEn: string;
  dietaryNeeds?: string;
};

// Precedence order: president, vice president, office heads, key-lab directors, deans. Only the first two
// are named in the source; the rest are invented.
export const ZJU_DELEGATES: DelegateSpec[] = [
  {
    email: "wu.zhaohui@zju.example",
    nameZh: "吴朝晖",
    nameEn: "Wu Zhaohui",
    titleZh: "浙江大学校长、中国科学院院士",
    titleEn: "President, Zhejiang University; CAS Academician",
  },
  { email: "wang.lizhong@zju.example", nameZh: "王立忠", nameEn: "Wang Lizhong", titleZh: "副校长", titleEn: "Vice President" },
  {
    email: "shen.wenhua@zju.example",
    nameZh: "沈文华",
    nameEn: "Shen Wenhua",
    titleZh: "政策研究室主任",
    titleEn: "Director, Policy Research Office",
  },
  {
    email: "lou.jianping@zju.example",
    nameZh: "楼建平",
    nameEn: "Lou Jianping",
    titleZh: "人力资源处处长",
    titleEn: "Director, Human Resources Department",
  },
  {
    email: "zheng.yating@zju.example",
    nameZh: "郑雅婷",
    nameEn: "Zheng Yating",
    titleZh: "人才工作办公室主任",
    titleEn: "Director, Talent Office",
    dietaryNeeds: "素食 / Vegetarian",
  },
  {
    email: "jiang.guodong@zju.example",
    nameZh: "蒋国栋",
    nameEn: "Jiang Guodong",
    titleZh: "科学技术研究院院长",
    titleEn: "Dean, Sci-Tech Academy",
  },
  {
    email: "yu.zhiming@zju.example",
    nameZh: "俞志明",
    nameEn: "Yu Zhiming",
    titleZh: "工业控制技术国家重点实验室主任",
    titleEn: "Director, State Key Laboratory of Industrial Control Technology",
  },
  {
    email: "tang.kaiwen@zju.example",
    nameZh: "唐凯文",
    nameEn: "Tang Kaiwen",
    titleZh: "CAD&CG国家重点实验室主任",
    titleEn: "Director, State Key Laboratory of CAD&CG",
  },
  {
    email: "qian.siyuan@zju.example",
    nameZh: "钱思远",
    nameEn: "Qian Siyuan",
    titleZh: "现代光学仪器国家重点实验室主任",
    titleEn: "Director, State Key Laboratory of Modern Optical Instrumentation",
  },
  {
    email: "feng.liqiang@zju.example",
    nameZh: "冯立强",
    nameEn: "Feng Liqiang",
    titleZh: "硅材料国家重点实验室主任",
    titleEn: "Director, State Key Laboratory of Silicon Materials",
  },
  {
    email: "han.zhihua@zju.example",
    nameZh: "韩志华",
    nameEn: "Han Zhihua",
    titleZh: "计算机科学与技术学院院长",
    titleEn: "Dean, College of Computer Science and Technology",
  },
  {
    email: "shao.minghui@zju.example",
    nameZh: "邵明辉",
    nameEn: "Shao Minghui",
    titleZh: "信息与电子工程学院院长",
    titleEn: "Dean, College of Information Science and Electronic Engineering",
    dietaryNeeds: "清真 / Halal",
  },
  {
    email: "he.zhenyu@zju.example",
    nameZh: "何振宇",
    nameEn: "He Zhenyu",
    titleZh: "控制科学与工程学院院长",
    titleEn: "Dean, College of Control Science and Engineering",
  },
  {
    email: "yao.xiaolin@zju.example",
    nameZh: "姚晓琳",
    nameEn: "Yao Xiaolin",
    titleZh: "光电科学与工程学院院长",
    titleEn: "Dean, College of Optical Science and Engineering",
  },
  {
    email: "ni.jianxin@zju.example",
    nameZh: "倪建新",
    nameEn: "Ni Jianxin",
    titleZh: "生物医学工程与仪器科学学院院长",
    titleEn: "Dean, College of Biomedical Engineering and Instrument Science",
  },
];

export const SPRING_LECTURE = {
  slug: SLUG_SPRING_LECTURE,
  date: "2027-03-10",
  start: "14:30",
  end: "16:30",
  titleZh: "之江春季学术讲座：大模型与科学发现",
  titleEn: "Zhejiang Lab Spring Lecture: Large Models and Scientific Discovery",
  descriptionZh: "（草稿）主讲人与议程待定。\n",
  descriptionEn: "(Draft) Speaker and programme to be confirmed.\n",
  agenda: [
    {
      kind: "TALK",
      start: "14:30",
      end: "16:00",
      room: "auditorium",
      titleZh: "主题讲座：大模型与科学发现",
      titleEn: "Lecture: Large Models and Scientific Discovery",
      people: [{ role: "SPEAKER", email: PAN }],
    },
    {
      kind: "MEETING",
      start: "16:00",
      end: "16:30",
      room: "auditorium",
      titleZh: "问答交流",
      titleEn: "Questions and discussion",
      people: [{ role: "HOST", email: HEAD_ICP }],
    },
  ] satisfies AgendaSpec[],
};

// ───────────────────────────── awards ─────────────────────────────

/**
 * A recipient names who is honoured; the seed resolves it to rows. `team` members are picked from the
 * department's staff (leads first), so the team list stays consistent with the staff directory.
 */
export type RecipientSpec =
  | { kind: "INDIVIDUAL"; email: string }
  | { kind: "INDIVIDUAL"; fromDepartment: DepartmentCode }
  | {
      kind: "TEAM";
      nameZh: string;
      nameEn: string;
      department: DepartmentCode;
      size: number;
      leadEmail?: string;
      includeNewHires?: boolean;
    }
  | { kind: "DEPARTMENT"; department: DepartmentCode };

export type AwardSpec = { citationZh: string; citationEn: string; recipients: RecipientSpec[] };

export type CategorySpec = {
  nameZh: string;
  nameEn: string;
  levelZh: string;
  levelEn: string;
  awards: AwardSpec[];
};

export type ProgrammeSpec = {
  slug: string;
  year: number;
  nameZh: string;
  nameEn: string;
  descriptionZh: string;
  descriptionEn: string;
  categories: CategorySpec[];
};

export const ANNOUNCED_AT_2020 = "2020-01-18T15:40:00+08:00";

export const PROGRAMMES_2019: ProgrammeSpec[] = [
  {
    slug: "2019-technology-awards",
    year: 2019,
    nameZh: "之江实验室2019年度科技奖",
    nameEn: "2019 Zhejiang Lab Technology Awards",
    descriptionZh: "表彰2019年度在重大科研项目和科研平台建设中取得突出成果的团队和个人。",
    descriptionEn: "For teams and individuals with outstanding results in major research projects and platforms in 2019.",
    categories: [
      {
        nameZh: "科技奖",
        nameEn: "Technology Award",
        levelZh: "一等奖",
        levelEn: "First Prize",
        awards: [
          {
            citationZh: "建成并发布之江实验室人工智能开源平台，汇聚算法、数据与算力资源，服务国内外开发者。",
            citationEn:
              "Built and launched the Lab's Artificial Intelligence Open Source Platform, bringing algorithms, data and computing power together for developers at home and abroad.",
            recipients: [
              {
                kind: "TEAM",
                nameZh: "人工智能开源平台研发团队",
                nameEn: "Artificial Intelligence Open Source Platform Team",
                department: "AI",
                size: 5,
                leadEmail: PAN,
              },
            ],
          },
        ],
      },
      {
        nameZh: "科技奖",
        nameEn: "Technology Award",
        levelZh: "二等奖",
        levelEn: "Second Prize",
        awards: [
          {
            citationZh: "完成量子精密测量装置总体方案论证并启动建设。",
            citationEn: "Completed the design review of the Quantum Metrology Facility and started its construction.",
            recipients: [
              {
                kind: "TEAM",
                nameZh: "量子精密测量装置团队",
                nameEn: "Quantum Metrology Facility Team",
                department: "ISN",
                size: 4,
                includeNewHires: true,
              },
            ],
          },
          {
            citationZh: "启动工业控制系统信息安全测试装置建设，建成首个工控安全攻防测试环境。",
            citationEn:
              "Started the Information Security Testing Facility for Industrial Control Systems and built its first attack-and-defence test bed.",
            recipients: [
              {
                kind: "TEAM",
                nameZh: "工控系统信息安全测试装置团队",
                nameEn: "Industrial Control Systems Security Testing Facility Team",
                department: "IIN",
                size: 5,
                leadEmail: HEAD_IIN,
              },
            ],
          },
        ],
      },
      {
        nameZh: "青年科技奖",
        nameEn: "Young Scientist Award",
        levelZh: "",
        levelEn: "",
        awards: [
          {
            citationZh: "在异构智能计算任务调度方向取得系列成果，支撑实验室首批国家项目申报。",
            citationEn:
              "A series of results on scheduling for heterogeneous intelligent computing, supporting the Lab's first national project applications.",
            recipients: [{ kind: "INDIVIDUAL", email: STAFF_EMAIL }],
          },
          {
            citationZh: "多中心智能医疗信息平台核心开发者，完成多家医院数据的安全接入。",
            citationEn:
              "Core developer of the Multi-center Intelligent Medical Information Platform, connecting the data of several hospitals securely.",
            recipients: [{ kind: "INDIVIDUAL", fromDepartment: "BD" }],
          },
        ],
      },
    ],
  },
  {
    slug: "2019-contribution-awards",
    year: 2019,
    nameZh: "之江实验室2019年度贡献奖",
    nameEn: "2019 Zhejiang Lab Contribution Awards",
    descriptionZh: "表彰2019年度在科研管理、人才引进和园区建设中作出突出贡献的集体和个人。",
    descriptionEn:
      "For units and individuals with outstanding contributions to research management, recruitment and the new campus in 2019.",
    categories: [
      {
        nameZh: "贡献奖",
        nameEn: "Contribution Award",
        levelZh: "突出贡献奖",
        levelEn: "Outstanding Contribution",
        awards: [
          {
            citationZh: "组织实验室首次国家项目申报，获批国家项目22项、经费3亿元。",
            citationEn:
              "Led the Lab's first round of national project applications: 22 national projects with grants of 300 million CNY.",
            recipients: [{ kind: "INDIVIDUAL", email: HEAD_RM }],
          },
          {
            citationZh: "统筹南湖新园区一期建设协调，保障主体结构按期推进。",
            citationEn: "Coordinated the first phase of the new Nanhu campus and kept its main structure on schedule.",
            recipients: [{ kind: "INDIVIDUAL", fromDepartment: "GO" }],
          },
        ],
      },
      {
        nameZh: "贡献奖",
        nameEn: "Contribution Award",
        levelZh: "先进集体",
        levelEn: "Outstanding Unit",
        awards: [
          {
            citationZh: "完成第四、第五批人才招引计划，引进新员工160余名。",
            citationEn: "Ran the fourth and fifth talent recruitment plans, bringing in more than 160 new employees.",
            recipients: [{ kind: "DEPARTMENT", department: "HR" }],
          },
        ],
      },
    ],
  },
];

export const PROGRAMME_2026: ProgrammeSpec = {
  slug: "2026-technology-awards",
  year: 2026,
  nameZh: "之江实验室2026年度科技奖",
  nameEn: "2026 Zhejiang Lab Technology Awards",
  descriptionZh: "获奖名单于2026年12月18日颁奖典礼揭晓，此前保密。",
  descriptionEn: "The winners are embargoed until the ceremony on 18 December 2026.",
  categories: [
    {
      nameZh: "科技奖",
      nameEn: "Technology Award",
      levelZh: "一等奖",
      levelEn: "First Prize",
      awards: [
        {
          citationZh: "研制智能计算操作系统，实现跨地域异构算力的统一调度。",
          citationEn:
            "Built the intelligent computing operating system that schedules heterogeneous computing power across sites as one.",
          recipients: [
            {
              kind: "TEAM",
              nameZh: "智能计算操作系统团队",
              nameEn: "Intelligent Computing Operating System Team",
              department: "ICP",
              size: 6,
              leadEmail: HEAD_ICP,
              includeNewHires: true,
            },
          ],
        },
      ],
    },
    {
      nameZh: "科技奖",
      nameEn: "Technology Award",
      levelZh: "二等奖",
      levelEn: "Second Prize",
      awards: [
        {
          citationZh: "建成天文大数据智能处理平台，支撑大型巡天数据的实时分析。",
          citationEn: "Built the astronomical big-data platform for real-time analysis of large sky-survey data.",
          recipients: [
            {
              kind: "TEAM",
              nameZh: "天文大数据智能处理团队",
              nameEn: "Astronomical Big Data Processing Team",
              department: "BD",
              size: 4,
              includeNewHires: true,
            },
          ],
        },
        {
          citationZh: "在确定性网络关键技术上取得突破，完成工业现场验证。",
          citationEn: "Broke through in key deterministic-networking technology and validated it on an industrial site.",
          recipients: [{ kind: "INDIVIDUAL", fromDepartment: "INW" }],
        },
      ],
    },
  ],
};
