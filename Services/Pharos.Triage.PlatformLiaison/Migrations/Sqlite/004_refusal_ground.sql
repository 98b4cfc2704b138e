-- A refusal carries its ground (issue 13), which publications count; the platform's own words stay in
-- outcome_reason, with the request. Refusals recorded before grounds existed get 'other'.
ALTER TABLE requests ADD COLUMN refusal_ground TEXT NULL;
UPDATE requests SET refusal_ground = 'other' WHERE outcome = 'refused';
