// npm run bench:badges — how fast convene makes printable badges: 1,000 badges in each layout, and the
// 160-badge new-hire batch of the issue, measured in one process. Prints a table and writes JSON to
// bench/results/badges-<time>.json and bench/results/badges-latest.json.
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

// the PDF code needs no database, but the modules it imports read the environment
process.env.DATABASE_URL ??= `file:${path.join(os.tmpdir(), "convene-bench-badges.db")}`;
process.env.SESSION_SECRET ??= "bench-secret-0123456789-0123456789-0123456789";

const { renderBadges, missingGlyphs } = await import("~/models/badge-pdf.server");
type Card = Parameters<typeof renderBadges>[0][number];

const COUNT = Number(process.env.BENCH_BADGES ?? 1000);
const SURNAMES: Array<[string, string]> = [["王", "Wang"], ["李", "Li"], ["张", "Zhang"], ["刘", "Liu"], ["陈", "Chen"], ["杨", "Yang"], ["欧阳", "Ouyang"], ["诸葛", "Zhuge"], ["黄", "Huang"], ["赵", "Zhao"]];
const GIVEN: Array<[string, string]> = [["伟", "Wei"], ["芳", "Fang"], ["娜", "Na"], ["敏", "Min"], ["静", "Jing"], ["磊", "Lei"], ["洋", "Yang"], ["喆", "Zhe"], ["堃", "Kun"], ["珺", "Jun"], ["晓", "Xiao"], ["思", "Si"]];
const DEPARTMENTS: Array<[string, string]> = [
  ["智能计算研究院", "Research Institute of Intelligent Computing"],
  ["智能感知研究院", "Research Institute of Intelligent Perception"],
  ["综合办公室", "General Office"],
  ["人力资源部", "Human Resources Department"],
];
const RIBBONS = ["NEW_HIRE", "STAFF", "SPEAKER", "ORGANIZER", "AWARDEE", "VISITOR"] as const;

function cards(count: number): Card[] {
  return Array.from({ length: count }, (_, i) => {
    const [surname, surnameEn] = SURNAMES[i % SURNAMES.length]!;
    const [a, aEn] = GIVEN[i % GIVEN.length]!;
    const [b, bEn] = GIVEN[(i * 7 + 3) % GIVEN.length]!;
    const [departmentZh, departmentEn] = DEPARTMENTS[i % DEPARTMENTS.length]!;
    return {
      nameZh: `${surname}${a}${i % 3 ? b : ""}`,
      romanised: `${surnameEn} ${aEn}${i % 3 ? bEn.toLowerCase() : ""}`,
      departmentZh,
      departmentEn,
      eventZh: "之江实验室2027年度内部大会",
      eventEn: "Zhejiang Lab 2027 Annual Conference",
      ribbon: RIBBONS[i % RIBBONS.length]!,
      payload: `CV1.${Buffer.from(String(i).padStart(16, "0")).toString("base64url").slice(0, 22)}`,
      callingOrder: i + 1,
    };
  });
}

async function measure(label: string, count: number, size: "CR80" | "A6", layout: "sheet" | "cards") {
  const list = cards(count);
  const started = performance.now();
  let firstProgressMs: number | null = null;
  const pdf = await renderBadges(list, { size, layout, onProgress: () => (firstProgressMs ??= performance.now() - started) });
  const ms = performance.now() - started;
  return { label, badges: count, size, layout, ms: Math.round(ms), badgesPerSecond: Math.round((count / ms) * 1000), firstProgressMs: Math.round(firstProgressMs ?? ms), bytes: pdf.length, bytesPerBadge: Math.round(pdf.length / count) };
}

const rssBefore = process.memoryUsage().rss;
const coldStart = performance.now();
// the first document reads the two font weights (about 20 MB) once for the process
const cold = await measure("first badge (cold: font load)", 1, "CR80", "cards");
cold.ms = Math.round(performance.now() - coldStart);
const runs = [
  cold,
  await measure("new-hire batch, A4 sheets, CR80", 160, "CR80", "sheet"),
  await measure("1,000 badges, A4 sheets, CR80", COUNT, "CR80", "sheet"),
  await measure("1,000 badges, A4 sheets, A6", COUNT, "A6", "sheet"),
  await measure("1,000 badges, one per page, CR80", COUNT, "CR80", "cards"),
];
const peakRssMb = Math.round(process.memoryUsage().rss / 1024 / 1024);
const uncovered = [...new Set(cards(COUNT).flatMap((card) => missingGlyphs(card.nameZh + card.departmentZh + card.eventZh)))];

console.log(`\nbench:badges — ${os.cpus().length} cores, Node ${process.version}, load ${os.loadavg()[0]!.toFixed(1)}\n`);
console.log("run".padEnd(40) + "badges".padStart(8) + "ms".padStart(8) + "badges/s".padStart(10) + "KB".padStart(8) + "B/badge".padStart(9));
for (const run of runs) {
  console.log(run.label.padEnd(40) + String(run.badges).padStart(8) + String(run.ms).padStart(8) + String(run.badgesPerSecond).padStart(10) + String(Math.round(run.bytes / 1024)).padStart(8) + String(run.bytesPerBadge).padStart(9));
}
console.log(`\npeak RSS ${peakRssMb} MB (started at ${Math.round(rssBefore / 1024 / 1024)} MB); characters without a glyph: ${uncovered.length ? uncovered.join(" ") : "none"}`);

const result = { benchmark: "badges", at: new Date().toISOString(), machine: { cores: os.cpus().length, node: process.version, load1: os.loadavg()[0] }, runs, peakRssMb, uncoveredCharacters: uncovered };
const dir = path.join(import.meta.dirname, "results");
mkdirSync(dir, { recursive: true });
const stamp = result.at.replace(/[:.]/g, "-");
writeFileSync(path.join(dir, `badges-${stamp}.json`), JSON.stringify(result, null, 2));
writeFileSync(path.join(dir, "badges-latest.json"), JSON.stringify(result, null, 2));
console.log(`written: bench/results/badges-${stamp}.json`);
