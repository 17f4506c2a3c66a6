-- Cancelling a run: a person stops a RUNNING run; its unfinished steps are cancelled with it.
ALTER TABLE runs DROP CONSTRAINT runs_state_check;
ALTER TABLE runs ADD CONSTRAINT runs_state_check
    CHECK (state IN ('RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED'));
-- Why the run was cancelled, for people; when is finished_at.
ALTER TABLE runs ADD COLUMN cancel_reason text;
ALTER TABLE runs ADD CONSTRAINT cancelled_runs_have_a_reason
    CHECK ((state = 'CANCELLED') = (cancel_reason IS NOT NULL));
-- The correlation id of the data.arrived that started the run, so that events about the run
-- emitted outside event handling (a cancel over REST) stay on the run's chain. Null for runs
-- started before this column existed: their chain is the dataset version.
ALTER TABLE runs ADD COLUMN correlation_id text;

ALTER TABLE run_steps DROP CONSTRAINT run_steps_state_check;
ALTER TABLE run_steps ADD CONSTRAINT run_steps_state_check
    CHECK (state IN ('PENDING', 'REQUESTED', 'WAITING_FOR_RETRY', 'DONE', 'FAILED', 'CANCELLED'));
