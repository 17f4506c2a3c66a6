-- What this gateway serves: one row per model, the version that takes its traffic. A replica that
-- starts loads exactly these versions again before it reports ready.
CREATE TABLE served_models (
    model_name        TEXT        PRIMARY KEY,
    version           INTEGER     NOT NULL CHECK (version >= 1),
    artifact_uri      TEXT        NOT NULL,
    sha256            CHAR(64)    NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    signature         JSONB       NOT NULL,
    served_since      TIMESTAMPTZ NOT NULL,
    promoted_event_id TEXT        NOT NULL UNIQUE
);
