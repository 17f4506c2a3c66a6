-- One row per model name. It is the lock that numbers versions: a registration takes
-- "SELECT ... FOR UPDATE" on it, so concurrent candidates of one model get 1, 2, ... in turn.
CREATE TABLE models (
  name           TEXT PRIMARY KEY CHECK (name ~ '^[a-z0-9][a-z0-9._-]{0,127}$'),
  latest_version INTEGER NOT NULL DEFAULT 0 CHECK (latest_version >= 0),
  created_at     TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Immutable model versions. The unique keys make a redelivered or re-emitted candidate
-- (same event id, or same run of the same model) unable to create a second version.
CREATE TABLE model_versions (
  model_name         TEXT NOT NULL REFERENCES models (name),
  version            INTEGER NOT NULL CHECK (version >= 1),
  candidate_event_id TEXT NOT NULL UNIQUE,
  run_id             TEXT NOT NULL,
  artifact_uri       TEXT NOT NULL,
  artifact_sha256    TEXT NOT NULL CHECK (artifact_sha256 ~ '^[0-9a-f]{64}$'),
  signature          JSONB NOT NULL,
  metrics            JSONB NOT NULL,
  gate               JSONB NOT NULL,
  verdict            TEXT NOT NULL CHECK (verdict IN ('APPROVED', 'REJECTED')),
  results            JSONB NOT NULL,
  reasons            JSONB NOT NULL,
  lineage            JSONB NOT NULL,
  registered_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
  PRIMARY KEY (model_name, version),
  UNIQUE (model_name, run_id)
);

-- Named pointers such as "champion". The foreign key keeps an alias from ever naming a
-- version that does not exist.
CREATE TABLE model_aliases (
  model_name TEXT NOT NULL,
  alias      TEXT NOT NULL CHECK (alias ~ '^[a-z][a-z0-9-]{0,62}$'),
  version    INTEGER NOT NULL,
  updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  PRIMARY KEY (model_name, alias),
  FOREIGN KEY (model_name, version) REFERENCES model_versions (model_name, version)
);
