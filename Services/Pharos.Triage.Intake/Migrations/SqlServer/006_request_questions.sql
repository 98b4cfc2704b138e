-- The number of the request's last question (PlatformLiaison numbers them from 1): its pause and resume
-- apply in question order, and an analyst's answer says which question it answers. A question open
-- before this script stays unnumbered (0), as its messages were.
ALTER TABLE requests ADD question INT NOT NULL CONSTRAINT df_intake_requests_question DEFAULT 0;
