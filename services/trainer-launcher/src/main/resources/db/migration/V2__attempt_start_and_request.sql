-- An executor that knows when a step's command really starts (Kubernetes: the pod runs) emits
-- step.started then, not when the attempt is recorded; start_reported says whether it was emitted.
-- Rows from before always had it emitted at recording time.
ALTER TABLE launcher_attempts ADD COLUMN start_reported boolean NOT NULL DEFAULT true;

-- The step.requested payload, so that a restarted launcher can re-attach to (or, if it was still
-- queued, start) an attempt whose Job outlives the launcher that created it.
ALTER TABLE launcher_attempts ADD COLUMN request text;
