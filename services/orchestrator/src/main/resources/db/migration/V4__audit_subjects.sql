-- Who changed what: the subject of the caller's token (or 'anonymous' with security switched off,
-- 'system:bootstrap' for specs loaded from the bootstrap folder). Null for rows from before.
-- Who first registered a pipeline version, and who last made it the latest.
ALTER TABLE pipeline_versions ADD COLUMN registered_by text;
ALTER TABLE pipeline_versions ADD COLUMN activated_by text;
-- Who cancelled a run (cancel_reason says why).
ALTER TABLE runs ADD COLUMN cancelled_by text;
