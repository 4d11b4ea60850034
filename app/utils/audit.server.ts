import type { Prisma } from "~/generated/prisma/client";
import { prisma } from "~/utils/db.server";

type AuditEntry = {
  actorId: string | null;
  action: string;
  entityType: string;
  entityId?: string | null;
  eventId?: string | null;
  metadata?: Record<string, unknown>;
};

/** Records who did what. Pass the transaction client so the entry commits or rolls back with the change. */
export function audit(entry: AuditEntry, db: Prisma.TransactionClient = prisma) {
  return db.auditLog.create({
    data: {
      actorId: entry.actorId,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId ?? null,
      eventId: entry.eventId ?? null,
      metadata: JSON.stringify(entry.metadata ?? {}),
    },
  });
}
