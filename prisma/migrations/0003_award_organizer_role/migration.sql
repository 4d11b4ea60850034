-- The award organizer: runs every award programme and sees winners before the announcement (issue 6).
-- app/utils/role-matrix.ts is the reviewed source of these rows; a test checks that they agree.
INSERT INTO "Role" ("id","name","description","createdAt","updatedAt") VALUES ('role_awards','awards','Runs every award programme, and sees the winners before they are announced',CURRENT_TIMESTAMP,CURRENT_TIMESTAMP);
INSERT INTO "_PermissionToRole" ("A","B") VALUES ('perm_create_award_any','role_awards');
INSERT INTO "_PermissionToRole" ("A","B") VALUES ('perm_read_award_any','role_awards');
INSERT INTO "_PermissionToRole" ("A","B") VALUES ('perm_update_award_any','role_awards');
INSERT INTO "_PermissionToRole" ("A","B") VALUES ('perm_delete_award_any','role_awards');
INSERT INTO "_PermissionToRole" ("A","B") VALUES ('perm_read_user_any','role_awards');
