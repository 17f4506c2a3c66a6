-- Every move of an alias, oldest first: where it pointed, where it points now (null: removed), who
-- moved it (a person's subject, or the service whose event moved it) and why, the model.alias_moved
-- the move emitted and the event that caused it (null for a person's request). Rows are only ever
-- added, so this is the audit of what served when, and where a rollback by hand finds the champion
-- before the current one.
CREATE TABLE alias_history (
  id               BIGSERIAL PRIMARY KEY,
  model_name       TEXT NOT NULL REFERENCES models (name),
  alias            TEXT NOT NULL CHECK (alias ~ '^[a-z][a-z0-9-]{0,62}$'),
  version          INTEGER,
  previous_version INTEGER,
  moved_by         TEXT NOT NULL CHECK (moved_by <> ''),
  reason           TEXT NOT NULL CHECK (reason <> ''),
  event_id         TEXT NOT NULL UNIQUE,
  cause_event_id   TEXT,
  -- Whether a rollback moved it (model.rolled_back): its previous version was taken back for
  -- misbehaving, so a later rollback by hand never picks it as "the champion before".
  via_rollback     BOOLEAN NOT NULL DEFAULT false,
  moved_at         TIMESTAMPTZ NOT NULL DEFAULT now(),
  CHECK (version IS NOT NULL OR previous_version IS NOT NULL),
  FOREIGN KEY (model_name, version) REFERENCES model_versions (model_name, version),
  FOREIGN KEY (model_name, previous_version) REFERENCES model_versions (model_name, version)
);
CREATE INDEX alias_history_by_alias ON alias_history (model_name, alias, id);

-- A person's decisions on a model's versions: approve, reject, promote, roll back, archive. Each
-- names who and why, and the event it emitted (null for an archive, which emits none). An archived
-- version is one with an ARCHIVE row. A client's Idempotency-Key makes a retried request answer
-- the decision it already made instead of making a second one.
CREATE TABLE model_decisions (
  id              BIGSERIAL PRIMARY KEY,
  model_name      TEXT NOT NULL REFERENCES models (name),
  version         INTEGER NOT NULL,
  action          TEXT NOT NULL
                  CHECK (action IN ('APPROVE', 'REJECT', 'PROMOTE', 'ROLLBACK', 'ARCHIVE')),
  decided_by      TEXT NOT NULL CHECK (decided_by <> ''),
  reason          TEXT NOT NULL CHECK (reason <> ''),
  event_id        TEXT UNIQUE,
  idempotency_key TEXT,
  decided_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
  FOREIGN KEY (model_name, version) REFERENCES model_versions (model_name, version),
  UNIQUE (model_name, decided_by, idempotency_key)
);
CREATE INDEX model_decisions_by_version ON model_decisions (model_name, version, id);
CREATE UNIQUE INDEX one_archive_per_version
  ON model_decisions (model_name, version) WHERE action = 'ARCHIVE';

-- The time (ce_time) of the latest serving event that concerned each of champion and challenger.
-- rollout.started arrives on sluice.serving, model.promoted and model.rolled_back on sluice.models:
-- two topics, read by two consumers, with no order between them. An event older than the alias's
-- clock is old news (e.g. a rollout.started read after the rollback that ended it) and moves
-- nothing.
CREATE TABLE serving_alias_clocks (
  model_name TEXT NOT NULL REFERENCES models (name),
  alias      TEXT NOT NULL,
  event_time TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (model_name, alias)
);
