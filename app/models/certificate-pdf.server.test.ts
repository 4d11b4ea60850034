import { expect, test } from "vitest";

import {
  CERTIFICATE_CLOSING,
  CERTIFICATE_LEAD,
  CERTIFICATE_MEMBERS,
  CERTIFICATE_TITLE,
  certificateDate,
  memberOrder,
  renderCertificates,
  type CertificateData,
  type CertificateRecipient,
} from "~/models/certificate-pdf.server";

import { hasPdftotext, hex, pageCount, PDFTOTEXT, pdfText, pdfWords, unicodeMaps, type PdfWord } from "../../tests/pdf";

const MEMBERS: Array<[string, string]> = [
  ["陈思远", "Chen Siyuan"], ["王伟", "Wang Wei"], ["李静怡", "Li Jingyi"], ["张磊", "Zhang Lei"], ["欧阳娜娜", "Ouyang Nana"],
  ["刘洋", "Liu Yang"], ["杨喆", "Yang Zhe"], ["黄堃", "Huang Kun"], ["赵珺", "Zhao Jun"], ["诸葛晓峰", "Zhuge Xiaofeng"],
  ["周敏", "Zhou Min"], ["吴芳", "Wu Fang"], ["徐子涵", "Xu Zihan"], ["孙浩然", "Sun Haoran"], ["马骁", "Ma Xiao"],
  ["朱丽", "Zhu Li"], ["胡一鸣", "Hu Yiming"], ["郭婷", "Guo Ting"], ["何俊杰", "He Junjie"], ["林雪", "Lin Xue"],
];
/** 20 members; the fifth is the lead, so the certificate has to move her to the front. */
const team = (count = 20): CertificateRecipient => ({
  kind: "TEAM",
  nameZh: "类脑计算芯片与系统攻关团队",
  nameEn: "Brain-inspired Computing Chips and Systems Team",
  members: Array.from({ length: count }, (_, i) => ({
    nameZh: MEMBERS[i % 20]![0] + (i >= 20 ? String(i) : ""),
    nameEn: MEMBERS[i % 20]![1] + (i >= 20 ? ` ${i}` : ""),
    isLead: i === 4,
  })),
});

// 400 characters; 楷 occurs only in its last words, so its presence in the font subset shows the end was printed
const LONG_ZH =
  "该团队面向智能计算前沿，围绕类脑计算芯片与大规模图计算系统开展攻关，历时三年完成了从架构设计、芯片流片到系统集成的全链条研发，研制出具有自主知识产权的神经拟态计算芯片，单芯片集成神经元数量达到国际领先水平，能效比提升一个数量级；团队同时构建了面向超大规模图数据的分布式计算框架，在国际权威图计算评测中取得性能第一的成绩，相关成果发表于国际顶级期刊和会议论文二十余篇，申请发明专利四十余项，并在智慧医疗、城市治理和工业互联网等领域实现示范应用，服务企业和机构百余家，产生了显著的经济和社会效益。团队坚持开放合作，与浙江大学、阿里巴巴等单位联合培养青年科研人才三十余名，形成了一支结构合理、勇于创新的高水平科研队伍，为实验室建设世界一流的智能计算研究中心作出了突出贡献。团队成员团结协作、攻坚克难，在关键核心技术上取得多项原创性突破，展现了之江实验室科研人员求真务实、追求卓越的精神风貌，堪称新时代楷模。";
const LONG_EN =
  "Working at the frontier of intelligent computing, the team spent three years on brain-inspired computing chips and large-scale graph computing systems, carrying the work through the whole chain from architecture design and tape-out to system integration. It built a neuromorphic computing chip with independent intellectual property, whose number of neurons on a single chip leads the world and whose energy efficiency is an order of magnitude better. The team also built a distributed computing framework for very large graphs, which ranked first in an authoritative international graph computing benchmark. The results have been published in more than twenty papers in leading international journals and conferences, more than forty invention patents have been filed, and demonstration applications in smart healthcare, urban governance and the industrial internet serve more than a hundred companies and institutions, with marked economic and social benefits. Open to collaboration, the team has trained more than thirty young researchers together with Zhejiang University and Alibaba, building a well-structured, innovative research group of high standing, and has made an outstanding contribution to the Lab's goal of becoming a world-class research centre for intelligent computing. Its members worked together to overcome hard problems and achieved several original breakthroughs in key core technologies, a model of the Lab's spirit of seeking truth and striving for excellence.";

const certificate = (overrides: Partial<CertificateData> = {}): CertificateData => ({
  programmeZh: "2019年度之江实验室科技奖",
  programmeEn: "2019 Zhejiang Lab Technology Awards",
  year: 2019,
  categoryZh: "科技进步奖",
  categoryEn: "Science and Technology Progress Award",
  levelZh: "一等奖",
  levelEn: "First Prize",
  citationZh: "在类脑计算芯片研制中作出突出贡献。",
  citationEn: "For an outstanding contribution to the development of brain-inspired computing chips.",
  recipient: { kind: "INDIVIDUAL", nameZh: "龚珺", nameEn: "Gong Jun", departmentZh: "智能计算研究院", departmentEn: "Research Institute of Intelligent Computing" },
  // 18 January 2020 in Hangzhou, the evening of the 2020 internal conference; still the 18th in UTC
  issuedOn: new Date("2020-01-18T10:00:00Z"),
  timeZone: "Asia/Shanghai",
  issuerZh: "之江实验室",
  issuerEn: "Zhejiang Lab",
  serial: "2019-TA-001",
  ...overrides,
});

const department = certificate({
  programmeZh: "2019年度之江实验室贡献奖",
  programmeEn: "2019 Zhejiang Lab Contribution Awards",
  categoryZh: "先进集体奖",
  categoryEn: "Outstanding Unit Award",
  levelZh: "特等奖",
  levelEn: "Special Prize",
  citationZh: "在新园区建设和搬迁工作中统筹协调、保障有力。",
  citationEn: "For coordinating the building of the new campus and the move to it.",
  recipient: { kind: "DEPARTMENT", nameZh: "综合办公室", nameEn: "General Office" },
  serial: "2019-CA-007",
});
const crowded = certificate({ recipient: team(), citationZh: LONG_ZH, citationEn: LONG_EN, serial: "2019-TA-002" });

const chinese = (text: string) => Array.from(text).filter((char) => /\p{Script=Han}/u.test(char));
const squeeze = (text: string) => text.replace(/\s+/g, "");

test("the fixtures are what the tests claim: a 400-character citation and a 20-member team led by its fifth member", () => {
  expect(Array.from(LONG_ZH)).toHaveLength(400);
  expect(LONG_ZH.indexOf("楷")).toBe(LONG_ZH.length - 3);
  expect(crowded.recipient.members).toHaveLength(20);
  expect(new Set(crowded.recipient.members!.map((member) => member.nameZh)).size).toBe(20);
});

test("certificates embed a subset of Noto Sans SC with a Unicode map for every Chinese character of names, citations and members", async () => {
  const list = [certificate(), crowded, department];
  const pdf = await renderCertificates(list);
  expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
  const text = pdf.toString("latin1");
  expect(text).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansSC-Bold/);
  expect(text).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansSC-Regular/);
  expect(text).toContain("/FontFile2");
  // subsets: the two weights in full are 20 MB
  expect(pdf.length).toBeLessThan(250_000);

  const maps = unicodeMaps(pdf).toLowerCase();
  const printed = list.flatMap((entry) => [
    entry.recipient.nameZh,
    entry.recipient.departmentZh ?? "",
    ...(entry.recipient.members ?? []).map((member) => member.nameZh),
    entry.citationZh,
    entry.programmeZh,
    entry.categoryZh + entry.levelZh,
    entry.issuerZh,
  ]);
  const fixed = [CERTIFICATE_TITLE.zh, CERTIFICATE_MEMBERS.zh, CERTIFICATE_LEAD.zh, CERTIFICATE_CLOSING.zh, "年月日"];
  for (const char of new Set(chinese([...printed, ...fixed].join("")))) {
    expect(maps, `ToUnicode entry for ${char}`).toContain(`<${hex(char)}>`);
  }
});

test("one page per certificate: a 20-member team with a 400-character citation fits on its page, uncut", async () => {
  expect(pageCount(await renderCertificates([crowded]))).toBe(1);
  const batch = await renderCertificates([certificate(), crowded, department, crowded, certificate({ recipient: team(6) })]);
  expect(pageCount(batch)).toBe(5);
  const maps = unicodeMaps(batch).toLowerCase();
  // the citation's last characters were drawn, and nothing was cut with an ellipsis
  expect(maps).toContain(`<${hex("楷")}>`);
  expect(maps).not.toContain(`<${hex("…")}>`);
});

const endless = certificate({ recipient: team(60), citationZh: LONG_ZH.repeat(5), citationEn: LONG_EN.repeat(5) });

test("a citation too long for any size, with a team of 60, still stays on one page: the citation is cut with an ellipsis", async () => {
  const pdf = await renderCertificates([endless]);
  expect(pageCount(pdf)).toBe(1);
  expect(unicodeMaps(pdf).toLowerCase()).toContain(`<${hex("…")}>`);
});

/** poppler-utils comes with the browser tests in CI; on a machine without it these checks are skipped, and say why. */
const NO_POPPLER = `${PDFTOTEXT} is missing (install poppler-utils): text extraction not checked`;

test("however long the citation, no member is cut: all 60 names of a team are on its page", async ({ skip }) => {
  skip(!hasPdftotext, NO_POPPLER);
  const page = squeeze(pdfText(await renderCertificates([endless]), 1));
  for (const member of endless.recipient.members!) expect(page, member.nameZh).toContain(squeeze(member.nameZh));
});

test("leads come first, the others keep their order", () => {
  const members = [
    { nameZh: "甲", nameEn: "A", isLead: false },
    { nameZh: "乙", nameEn: "B", isLead: true },
    { nameZh: "丙", nameEn: "C", isLead: false },
  ];
  expect(memberOrder(members).map((member) => member.nameZh)).toEqual(["乙", "甲", "丙"]);
});

test("the date is the calendar day in the award's time zone, in both languages", () => {
  // 00:30 on 14 January in Hangzhou is still the 13th in London
  const instant = new Date("2020-01-13T16:30:00Z");
  expect(certificateDate(instant, "Asia/Shanghai")).toEqual({ zh: "2020年1月14日", en: "14 January 2020" });
  expect(certificateDate(instant, "Europe/London")).toEqual({ zh: "2020年1月13日", en: "13 January 2020" });
});

test("a batch yields to the event loop between pages and reports progress", async () => {
  const events: string[] = [];
  const pdf = await renderCertificates(Array.from({ length: 12 }, () => certificate()), {
    onProgress: (done) => {
      events.push(`done ${done}`);
      setImmediate(() => events.push(`tick after ${done}`));
    },
  });
  expect(pageCount(pdf)).toBe(12);
  // the other work queued after five pages ran before the next five were drawn
  expect(events.slice(0, 4)).toEqual(["done 5", "tick after 5", "done 10", "tick after 10"]);
  expect(events).toContain("done 12");
  expect(pageCount(await renderCertificates([]))).toBe(1);
});

test("a reader extracts every member, the lead first and marked, and the date, award and serial in both languages", async ({ skip }) => {
  skip(!hasPdftotext, NO_POPPLER);
  const pdf = await renderCertificates([crowded, department, certificate()]);
  const teamPage = pdfText(pdf, 1);
  const compact = squeeze(teamPage);
  const spaced = teamPage.replace(/\s+/g, " ");
  for (const member of crowded.recipient.members!) {
    expect(compact, member.nameZh).toContain(member.nameZh);
    expect(spaced, member.nameEn).toContain(member.nameEn);
  }
  const lead = compact.indexOf("欧阳娜娜");
  expect(lead).toBeGreaterThan(-1);
  expect(lead).toBeLessThan(compact.indexOf("陈思远"));
  expect(compact.slice(lead, lead + 30)).toContain(`${CERTIFICATE_LEAD.zh}${CERTIFICATE_LEAD.en}`);
  // both citations, to their last words
  expect(compact).toContain(squeeze(LONG_ZH.slice(-12)));
  expect(spaced).toContain("seeking truth and striving for excellence.");
  for (const expected of ["2020年1月18日", "18January2020", "科技进步奖一等奖", "ScienceandTechnologyProgressAward—FirstPrize", "2019-TA-002", "之江实验室", "ZhejiangLab", "CERTIFICATEOFHONOUR"]) {
    expect(compact).toContain(expected);
  }

  const departmentPage = squeeze(pdfText(pdf, 2));
  expect(departmentPage).toContain("综合办公室");
  expect(departmentPage).toContain("GeneralOffice");
  expect(departmentPage).not.toContain(CERTIFICATE_MEMBERS.zh);
  const individualPage = squeeze(pdfText(pdf, 3));
  expect(individualPage).toContain("龚珺");
  expect(individualPage).toContain("智能计算研究院");
  expect(individualPage).toContain("ResearchInstituteofIntelligentComputing");
});

/** The part of a word's box that ink covers: pdftotext boxes span the font's whole line height (1.45 em). */
function ink(word: PdfWord) {
  const height = word.yMax - word.yMin;
  return { left: word.xMin + 0.3, right: word.xMax - 0.3, top: word.yMin + height * 0.2, bottom: word.yMax - height * 0.12 };
}

test("nothing overlaps and nothing leaves the frame, on a plain, a crowded and an overflowing certificate", async ({ skip }) => {
  skip(!hasPdftotext, NO_POPPLER);
  const overflowing = certificate({ recipient: team(40), citationZh: LONG_ZH.repeat(3), citationEn: LONG_EN.repeat(3) });
  const pdf = await renderCertificates([certificate(), crowded, department, overflowing]);
  for (let page = 1; page <= 4; page++) {
    const { width, height, words } = pdfWords(pdf, page);
    expect(words.length).toBeGreaterThan(page === 1 ? 20 : 40);
    const boxes = words.map((word) => ({ text: word.text, ...ink(word) }));
    // inside the gold inner frame, 27 pt from the paper's edge
    const outside = boxes.filter((box) => box.left <= 27 || box.right >= width - 27 || box.top <= 27 || box.bottom >= height - 27).map((box) => box.text);
    expect(outside, `outside the frame on page ${page}`).toEqual([]);
    const overlapping: string[] = [];
    boxes.forEach((a, i) => {
      for (const b of boxes.slice(i + 1)) {
        if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom) overlapping.push(`"${a.text}" / "${b.text}"`);
      }
    });
    expect(overlapping, `overlapping words on page ${page}`).toEqual([]);
  }
});
