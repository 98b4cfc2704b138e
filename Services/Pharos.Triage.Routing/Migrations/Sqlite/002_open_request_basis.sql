-- The dedup index keeps each open request's legal basis: a report that warrants a stricter basis
-- supersedes the open request instead of becoming its duplicate (DOMAIN.md, issue 13).
ALTER TABLE open_requests ADD COLUMN legal_basis TEXT NULL;
-- A supersede decision also announced RequestSuperseded: kept beside the RequestIssued, so that a re-drive
-- of the report announces both again.
ALTER TABLE routing_decisions ADD COLUMN superseded_body TEXT NULL;
-- Requests opened before this script take the basis of the RequestIssued their decision kept.
UPDATE open_requests SET legal_basis = (
    SELECT json_extract(d.message_body, '$.legalBasis') FROM routing_decisions d
    WHERE d.request_id = open_requests.request_id AND d.decision = 'issue');
