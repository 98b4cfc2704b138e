-- The dedup index keeps each open request's legal basis: a report that warrants a stricter basis
-- supersedes the open request instead of becoming its duplicate (DOMAIN.md, issue 13).
ALTER TABLE open_requests ADD legal_basis NVARCHAR(32) NULL;
-- A supersede decision also announced RequestSuperseded: kept beside the RequestIssued, so that a re-drive
-- of the report announces both again.
ALTER TABLE routing_decisions ADD superseded_body NVARCHAR(MAX) NULL;
GO
-- Requests opened before this script take the basis of the RequestIssued their decision kept.
UPDATE o SET legal_basis = JSON_VALUE(d.message_body, '$.legalBasis')
FROM open_requests AS o
INNER JOIN routing_decisions AS d ON d.request_id = o.request_id AND d.decision = 'issue';
