-- A request closed as superseded names the stricter request that replaced it, so that a report linked to
-- it late (a duplicate decided before the supersession, projected after) follows the new one (issue 13).
ALTER TABLE requests ADD superseded_by NVARCHAR(36) NULL;
