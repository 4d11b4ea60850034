-- Calendar SEQUENCE without re-reading every release (issue 7): each release carries the agenda's history as of
-- itself. Older releases keep NULL; calendars recount those from the snapshots, as before.
ALTER TABLE "AgendaRelease" ADD COLUMN "history" BLOB;
