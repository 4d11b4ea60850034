import { prisma } from "~/utils/db.server";
import { forbidden, notFound } from "~/utils/http.server";
import type { Action, Entity, PermissionString } from "~/utils/role-matrix";
import { requireUser, type SessionUser } from "~/utils/session.server";

export type Permission = `${Action}:${Entity}`;
/** What a permission applies to: an event (EventRole grants `own`), or a user account (its owner has `own`). */
export type Scope = { eventId?: string; userId?: string };

function globalPermissions(user: SessionUser) {
  return new Set<string>(
    user.roles.flatMap((role) => role.permissions.map((p) => `${p.action}:${p.entity}:${p.access}`)),
  );
}

/** Global permission strings, sent to the UI so it can hide what the server would refuse anyway. */
export function permissionList(user: SessionUser): PermissionString[] {
  return [...globalPermissions(user)].sort() as PermissionString[];
}

export async function userCan(user: SessionUser, permission: Permission, scope: Scope = {}) {
  const granted = globalPermissions(user);
  if (granted.has(`${permission}:any`)) return true;
  if (scope.userId && scope.userId === user.id && granted.has(`${permission}:own`)) return true;
  if (!scope.eventId) return false;
  const [action, entity] = permission.split(":") as [Action, Entity];
  const eventRole = await prisma.eventRole.findFirst({
    where: {
      eventId: scope.eventId,
      userId: user.id,
      role: { permissions: { some: { action, entity, access: "own" } } },
    },
    select: { id: true },
  });
  return eventRole !== null;
}

export async function requirePermission(user: SessionUser, permission: Permission, scope: Scope = {}) {
  if (!(await userCan(user, permission, scope))) throw forbidden();
}

/** The one door every protected loader and action goes through: signed in (else redirect), then allowed (else 403). */
export async function requireUserWithPermission(request: Request, permission: Permission, scope: Scope = {}) {
  const user = await requireUser(request);
  await requirePermission(user, permission, scope);
  return user;
}

export function hasRole(user: SessionUser, name: string) {
  return user.roles.some((role) => role.name === name);
}

/**
 * For pages about one event: 404 when there is no such event, then signed in, then allowed on that event
 * (403 otherwise: an organizer of one event is refused on another).
 */
export async function requireEventPermission(request: Request, slug: string | undefined, permission: Permission) {
  const event = slug ? await prisma.event.findUnique({ where: { slug }, select: { id: true, slug: true } }) : null;
  if (!event) throw notFound("event.notFound");
  const user = await requireUserWithPermission(request, permission, { eventId: event.id });
  return { user, eventId: event.id };
}
