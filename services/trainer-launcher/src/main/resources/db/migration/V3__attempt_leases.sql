-- heartbeat_at: when the owner last vouched for the attempt (it also emits step.heartbeat then).
-- A replica declares another owner's attempt lost only when that owner's lock is free AND this
-- lease lapsed, so a live owner whose lock session dropped keeps its attempts. Rows from before
-- have none: their lease counts as lapsed.
ALTER TABLE launcher_attempts ADD COLUMN heartbeat_at timestamptz;

-- A step.cancel_requested for a running attempt is recorded here; only the owner acts on it and
-- answers CANCELLED (or whoever recovers the attempt once its owner is gone).
ALTER TABLE launcher_attempts ADD COLUMN cancel_reason text;

-- The local executor's step process (pid and the process's start time, so a reused pid is never
-- mistaken for it): a restarted launcher on the same node finds and kills it before reporting.
ALTER TABLE launcher_attempts ADD COLUMN pid bigint;
ALTER TABLE launcher_attempts ADD COLUMN pid_started_at timestamptz;
