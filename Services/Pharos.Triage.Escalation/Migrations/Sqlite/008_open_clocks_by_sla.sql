-- The deadline sweep counts the open requests overdue and unanswered after each sweep (the metrics' gauges): this
-- index holds the open clocks only, so the count reads as many rows as requests are in flight, not every request ever.
CREATE INDEX ix_deadline_clocks_open_sla ON deadline_clocks (sla) WHERE closed_at IS NULL;
