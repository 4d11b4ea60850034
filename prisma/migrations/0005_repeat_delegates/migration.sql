-- A guest may be a member of several visits' delegations (a delegate who comes again), once per delegation.
DROP INDEX "DelegationMember_userId_key";

-- CreateIndex
CREATE UNIQUE INDEX "DelegationMember_delegationId_userId_key" ON "DelegationMember"("delegationId", "userId");

-- CreateIndex
CREATE INDEX "DelegationMember_userId_idx" ON "DelegationMember"("userId");
