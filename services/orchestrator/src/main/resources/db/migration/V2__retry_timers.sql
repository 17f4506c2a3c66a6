-- Retry backoff with durable timers. A step whose attempt failed retryably, and whose spec asks
-- for a backoff, waits in WAITING_FOR_RETRY until retry_at; the retry scheduler then requests the
-- next attempt. The timer is this row, so it survives restarts and any replica can fire it.
ALTER TABLE run_steps DROP CONSTRAINT run_steps_state_check;
ALTER TABLE run_steps ADD CONSTRAINT run_steps_state_check
    CHECK (state IN ('PENDING', 'REQUESTED', 'WAITING_FOR_RETRY', 'DONE', 'FAILED'));

ALTER TABLE run_steps ADD COLUMN retry_at timestamptz;
-- The step.failed that caused the wait (event id, correlation id, trace), so the retry's
-- step.requested continues the same event chain.
ALTER TABLE run_steps ADD COLUMN retry_cause jsonb;
ALTER TABLE run_steps ADD CONSTRAINT waiting_steps_have_a_timer
    CHECK ((state = 'WAITING_FOR_RETRY') = (retry_at IS NOT NULL AND retry_cause IS NOT NULL));

-- The scheduler's questions: which timers are due, and when is the next one.
CREATE INDEX run_steps_retry_timers ON run_steps (retry_at) WHERE state = 'WAITING_FOR_RETRY';
