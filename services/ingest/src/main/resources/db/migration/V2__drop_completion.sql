-- Complete drops waiting to be read. A notification, the quiet period or a reconciliation pass
-- only records the request here, in its own short transaction; a worker then reads and hashes the
-- drop outside any transaction and records the outcome in a second short one. One row per drop:
-- a request for a drop that is being read raises its generation, so the drop is read once more.
CREATE TABLE drop_completion (
  dataset       TEXT NOT NULL REFERENCES dataset (name),
  drop_folder   TEXT NOT NULL,
  completion    TEXT NOT NULL CHECK (completion IN ('SUCCESS_MARKER', 'QUIET_PERIOD')),
  generation    INTEGER NOT NULL DEFAULT 1,
  requested_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
  -- Set while a worker reads the drop; another worker takes it over once the time has passed.
  claim         UUID,
  claimed_until TIMESTAMPTZ,
  attempts      INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (dataset, drop_folder)
);

-- Reconciliation asks, for every drop folder it lists, whether the drop was ever completed.
CREATE INDEX drop_outcome_folder ON drop_outcome (dataset, drop_folder);
