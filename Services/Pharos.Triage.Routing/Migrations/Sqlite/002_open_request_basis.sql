-- The dedup index keeps each open request's legal basis: a report that warrants a stricter basis
-- supersedes the open request instead of becoming its duplicate (DOMAIN.md, issue 13).
-- Requests opened before this script take the basis of the RequestIssued their decision kept.
ALTER TABLE open_requests ADD COLUMN legal_basis TEXT NULL;
UPDATE open_requests SET legal_basis = (
    SELECT json_extract(d.message_body, '$.legalBasis') FROM routing_decisions d
    WHERE d.request_id = open_requests.request_id AND d.decision = 'issue');
