-- A refusal carries its ground (issue 13), which publications count; the platform's own words stay in
-- outcome_reason, with the request. Refusals recorded before grounds existed get 'other'.
ALTER TABLE requests ADD refusal_ground NVARCHAR(32) NULL;
GO
UPDATE requests SET refusal_ground = N'other' WHERE outcome = N'refused';
