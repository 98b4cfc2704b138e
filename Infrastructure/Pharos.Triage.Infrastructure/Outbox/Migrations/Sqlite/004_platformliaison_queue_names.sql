-- Issue 15: PlatformLiaison's queues are named after the service, as every other service's are: platformliaison-*, no
-- longer liaison-*. A row written before awaits receipts under the old names, which no queue sends any more, so it
-- would go again forever: it awaits the same consumers under their new names instead. (On a broker, the old liaison-*
-- queues are no longer read: once empty, the operator deletes them.)
UPDATE outbox SET awaiting = REPLACE(awaiting, '|liaison-', '|platformliaison-') WHERE awaiting LIKE '%|liaison-%';
