-- The orchestrator watches attempts itself, so that an attempt nobody reports on cannot keep its
-- run RUNNING forever (see docs/pipeline-spec.md, Deadlines and leases).
-- When the executor's lease on the current attempt ends: the latest step.heartbeat's sentAt plus
-- its leaseSeconds; never moved backwards. Null until the first heartbeat of the attempt (an
-- executor that sends none is never judged by lease, only by deadline).
ALTER TABLE run_steps ADD COLUMN lease_ends_at timestamptz;
-- Which executor replica last vouched for the attempt, for people.
ALTER TABLE run_steps ADD COLUMN lease_owner text;
-- The current attempt's step.requested deadline (request time + queue allowance + timeout) and
-- its timeout: a started attempt must end by started_at + timeout. Null for attempts requested
-- before this column existed (no deadline is enforced for them by the orchestrator).
ALTER TABLE run_steps ADD COLUMN deadline_at timestamptz;
ALTER TABLE run_steps ADD COLUMN timeout_seconds bigint;
-- The run's own deadline (created_at + the spec's timeout), or null when the spec has none.
ALTER TABLE runs ADD COLUMN deadline_at timestamptz;

-- The watchdog's question, asked every few seconds: the current attempts of running runs.
CREATE INDEX run_steps_requested ON run_steps (run_id) WHERE state = 'REQUESTED';
CREATE INDEX runs_running_deadlines ON runs (deadline_at) WHERE state = 'RUNNING';
