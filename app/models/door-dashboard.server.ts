import type { BadgeRibbon } from "~/generated/prisma/client";
import { prisma } from "~/utils/db.server";

/** How many minutes the arrivals chart covers, and how many scans each device shows. */
export const CHART_MINUTES = 60;
export const SCANS_PER_DEVICE = 5;

const MINUTE = 60_000;

export type DepartmentCount = {
  /** null: people without a department (guests, staff whose profile has none) */
  departmentId: string | null;
  code: string | null;
  nameZh: string | null;
  nameEn: string | null;
  registered: number;
  checkedIn: number;
  notArrived: number;
};

export type ArrivalMinute = { at: Date; label: string; count: number };

export type DeviceScan = {
  checkInId: string;
  scannedAt: Date;
  undone: boolean;
  ribbon: BadgeRibbon;
  person: { nameZh: string; nameEn: string };
  scannedBy: { nameZh: string; nameEn: string } | null;
};

export type DeviceScans = { deviceId: string | null; lastAt: Date; scans: DeviceScan[] };

/**
 * Everything the door dashboard shows, as of `now`: who is registered and who has come in (overall and per
 * department), arrivals per minute, and the latest scans of each device. One query per block, so it stays fast
 * at 1,200 registrants and thousands of check-ins.
 */
export async function doorDashboard(eventId: string, now = new Date()) {
  const event = await prisma.event.findUniqueOrThrow({ where: { id: eventId }, select: { slug: true, titleZh: true, titleEn: true, timeZone: true } });
  const [departments, arrivals, devices] = await Promise.all([departmentCounts(eventId), arrivalsPerMinute(eventId, event.timeZone, now), latestScansByDevice(eventId)]);
  const totals = departments.reduce(
    (sum, department) => ({
      registered: sum.registered + department.registered,
      checkedIn: sum.checkedIn + department.checkedIn,
      notArrived: sum.notArrived + department.notArrived,
    }),
    { registered: 0, checkedIn: 0, notArrived: 0 },
  );
  // People who came in without a confirmed registration (cancelled after arriving, badges issued by hand).
  const unregisteredArrivals = totals.checkedIn - (totals.registered - totals.notArrived);
  return { event, now, totals: { ...totals, unregisteredArrivals }, departments, arrivals, devices };
}

export type DoorDashboard = Awaited<ReturnType<typeof doorDashboard>>;

/**
 * Registered (confirmed), checked in (at least one door check-in not undone, on any of their badges, revoked
 * ones included: they came in) and not yet arrived, counting people rather than rows, per department. Most
 * registered first; the bucket without a department last.
 */
async function departmentCounts(eventId: string): Promise<DepartmentCount[]> {
  const rows = await prisma.$queryRaw<Array<{ departmentId: string | null; code: string | null; nameZh: string | null; nameEn: string | null; registered: number | bigint; checkedIn: number | bigint; notArrived: number | bigint }>>`
    WITH "arrived" AS (
      SELECT DISTINCT b."userId" FROM "CheckIn" c JOIN "Badge" b ON b."id" = c."badgeId"
      WHERE c."eventId" = ${eventId} AND c."method" = 'DOOR' AND c."undoneAt" IS NULL
    ), "registered" AS (
      SELECT "userId" FROM "Registration" WHERE "eventId" = ${eventId} AND "status" = 'CONFIRMED'
    ), "people" AS (
      SELECT "userId" FROM "registered" UNION SELECT "userId" FROM "arrived"
    )
    SELECT d."id" AS "departmentId", d."code", d."nameZh", d."nameEn",
      COUNT(r."userId") AS "registered",
      COUNT(a."userId") AS "checkedIn",
      COUNT(CASE WHEN a."userId" IS NULL THEN r."userId" END) AS "notArrived"
    FROM "people" p
    LEFT JOIN "registered" r ON r."userId" = p."userId"
    LEFT JOIN "arrived" a ON a."userId" = p."userId"
    LEFT JOIN "StaffProfile" sp ON sp."userId" = p."userId"
    LEFT JOIN "Department" d ON d."id" = sp."departmentId"
    GROUP BY d."id"`;
  return rows
    .map((row) => ({ ...row, registered: Number(row.registered), checkedIn: Number(row.checkedIn), notArrived: Number(row.notArrived) }))
    .sort(
      (a, b) =>
        Number(a.departmentId === null) - Number(b.departmentId === null) ||
        b.registered - a.registered ||
        b.checkedIn - a.checkedIn ||
        (a.code ?? "").localeCompare(b.code ?? ""),
    );
}

/**
 * Door check-ins (not undone) per minute over the last hour. If the event has check-ins but none in that hour,
 * the hour before the latest one is shown instead, so a dashboard opened after the rush still shows it. Every
 * zone's offset is a whole number of minutes, so minutes of UTC are minutes of the event's zone; only the labels
 * need the zone.
 */
async function arrivalsPerMinute(eventId: string, timeZone: string, now: Date) {
  const live = { eventId, method: "DOOR" as const, undoneAt: null };
  const liveStart = new Date(Math.floor(now.getTime() / MINUTE) * MINUTE - (CHART_MINUTES - 1) * MINUTE);
  const { _max } = await prisma.checkIn.aggregate({ where: { ...live, scannedAt: { lte: now } }, _max: { scannedAt: true } });
  const latest = _max.scannedAt;
  const window = latest && latest < liveStart ? ("latest" as const) : latest ? ("live" as const) : ("empty" as const);
  const end = window === "latest" ? latest! : now;
  const start = new Date(Math.floor(end.getTime() / MINUTE) * MINUTE - (CHART_MINUTES - 1) * MINUTE);
  const scans = window === "empty" ? [] : await prisma.checkIn.findMany({ where: { ...live, scannedAt: { gte: start, lte: end } }, select: { scannedAt: true } });

  const label = new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone });
  const minutes: ArrivalMinute[] = Array.from({ length: CHART_MINUTES }, (_, i) => {
    const at = new Date(start.getTime() + i * MINUTE);
    return { at, label: label.format(at), count: 0 };
  });
  for (const { scannedAt } of scans) {
    const index = Math.floor((scannedAt.getTime() - start.getTime()) / MINUTE);
    if (index >= 0 && index < CHART_MINUTES) minutes[index]!.count++;
  }
  const total = minutes.reduce((sum, minute) => sum + minute.count, 0);
  const peak = minutes.reduce<ArrivalMinute | null>((best, minute) => (minute.count > (best?.count ?? 0) ? minute : best), null);
  return { window, from: start, to: end, minutes, total, peak };
}

/**
 * The last few door scans of every device (undone ones too, so a mistake stays visible), the most recently
 * active device first. Scans sent without a device id form one group of their own.
 */
async function latestScansByDevice(eventId: string): Promise<DeviceScans[]> {
  const rows = await prisma.$queryRaw<
    Array<{ checkInId: string; deviceId: string | null; scannedAt: Date | string; undoneAt: Date | string | null; ribbon: BadgeRibbon; personZh: string; personEn: string; scannerZh: string | null; scannerEn: string | null }>
  >`
    SELECT "checkInId", "deviceId", "scannedAt", "undoneAt", "ribbon", "personZh", "personEn", "scannerZh", "scannerEn" FROM (
      SELECT c."id" AS "checkInId", c."deviceId", c."scannedAt", c."undoneAt", b."ribbon",
        u."nameZh" AS "personZh", u."nameEn" AS "personEn", s."nameZh" AS "scannerZh", s."nameEn" AS "scannerEn",
        ROW_NUMBER() OVER (PARTITION BY c."deviceId" ORDER BY c."scannedAt" DESC, c."id" DESC) AS "rank"
      FROM "CheckIn" c
      JOIN "Badge" b ON b."id" = c."badgeId"
      JOIN "User" u ON u."id" = b."userId"
      LEFT JOIN "User" s ON s."id" = c."scannedById"
      WHERE c."eventId" = ${eventId} AND c."method" = 'DOOR'
    ) WHERE "rank" <= ${SCANS_PER_DEVICE}
    ORDER BY "rank"`;
  const devices = new Map<string | null, DeviceScans>();
  for (const row of rows) {
    let device = devices.get(row.deviceId);
    // A column read through a subquery may come back as its stored ISO text rather than a Date.
    const scannedAt = new Date(row.scannedAt);
    if (!device) devices.set(row.deviceId, (device = { deviceId: row.deviceId, lastAt: scannedAt, scans: [] }));
    device.scans.push({
      checkInId: row.checkInId,
      scannedAt,
      undone: row.undoneAt !== null,
      ribbon: row.ribbon,
      person: { nameZh: row.personZh, nameEn: row.personEn },
      scannedBy: row.scannerZh === null || row.scannerEn === null ? null : { nameZh: row.scannerZh, nameEn: row.scannerEn },
    });
  }
  // Rows come rank 1 first, so each device's first row is its latest scan.
  return [...devices.values()].sort((a, b) => b.lastAt.getTime() - a.lastAt.getTime() || (a.deviceId ?? "").localeCompare(b.deviceId ?? ""));
}
