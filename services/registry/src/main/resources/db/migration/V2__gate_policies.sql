-- A model's minimum gate policy, owned by the registry and set by an approver. Every change is a
-- new revision, never an update, so the table is the history of who set which rules when; the
-- policy in effect is the highest revision. A policy may exist before the model has a version:
-- setting one creates the model's row (latest_version 0), which is also the lock that orders
-- policy changes and registrations of the model.
CREATE TABLE gate_policy_revisions (
  model_name TEXT NOT NULL REFERENCES models (name),
  revision   INTEGER NOT NULL CHECK (revision >= 1),
  rules      JSONB NOT NULL CHECK (jsonb_typeof(rules) = 'array'),
  set_by     TEXT NOT NULL CHECK (set_by <> ''),
  set_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
  PRIMARY KEY (model_name, revision)
);

-- Which minimum policy a version was gated under (null: none was set), and who had set it.
ALTER TABLE model_versions
  ADD COLUMN gate_policy_revision INTEGER,
  ADD COLUMN gate_policy_set_by   TEXT,
  ADD CONSTRAINT model_versions_gate_policy_fk FOREIGN KEY (model_name, gate_policy_revision)
    REFERENCES gate_policy_revisions (model_name, revision),
  ADD CONSTRAINT model_versions_gate_policy_both
    CHECK ((gate_policy_revision IS NULL) = (gate_policy_set_by IS NULL));
