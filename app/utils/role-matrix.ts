/**
 * The role → permission matrix. The rows live in the database (migration 0002 inserts them) so that
 * they are data an admin tool can read; this file is the reviewed source they were written from, and
 * a test checks that the two agree.
 *
 * A permission is "action:entity:access". A role held globally grants its `any` permissions on every
 * record. A role held on one event (EventRole) grants its `own` permissions on that event only.
 * `user:own` permissions apply to one's own account.
 */
export const ACTIONS = ["create", "read", "update", "delete"] as const;
export const ENTITIES = [
  "event",
  "agenda",
  "registration",
  "badge",
  "checkin",
  "award",
  "visit",
  "user",
  "role",
  "audit",
] as const;
export const ACCESS = ["any", "own"] as const;

export type Action = (typeof ACTIONS)[number];
export type Entity = (typeof ENTITIES)[number];
export type Access = (typeof ACCESS)[number];
export type PermissionString = `${Action}:${Entity}:${Access}`;

export const ROLE_NAMES = ["admin", "organizer", "awards", "staff", "checkin", "guest"] as const;
export type RoleName = (typeof ROLE_NAMES)[number];

const crud = (entity: Entity, access: Access, actions: readonly Action[] = ACTIONS) =>
  actions.map((action) => `${action}:${entity}:${access}` as PermissionString);

export const ROLE_MATRIX: Record<RoleName, { description: string; permissions: PermissionString[] }> = {
  admin: {
    description: "Everything, on every event",
    permissions: ENTITIES.flatMap((entity) => crud(entity, "any")),
  },
  organizer: {
    description: "Creates events; on the events they organize, runs everything",
    permissions: [
      "create:event:any",
      "read:user:any",
      ...crud("event", "own", ["read", "update", "delete"]),
      ...crud("agenda", "own"),
      ...crud("registration", "own"),
      ...crud("badge", "own"),
      ...crud("checkin", "own"),
      ...crud("award", "own"),
      ...crud("visit", "own"),
      "read:audit:own",
    ],
  },
  awards: {
    description: "Runs every award programme, and sees the winners before they are announced",
    permissions: [...crud("award", "any"), "read:user:any"],
  },
  staff: {
    description: "Registers for events and keeps their own profile",
    permissions: ["read:user:own", "update:user:own", "create:registration:own"],
  },
  checkin: {
    description: "Scans badges at the door (globally: every event; on an event: that event)",
    permissions: [
      "create:checkin:any",
      "read:checkin:any",
      "update:checkin:any",
      "create:checkin:own",
      "read:checkin:own",
      "update:checkin:own",
      "read:badge:own",
    ],
  },
  guest: {
    description: "A visitor: their own invitation and itinerary only",
    permissions: ["read:user:own"],
  },
};
