-- Tables of libs/eventing, in every service's own schema. Repeatable and idempotent, so a service's
-- own versioned migrations and these never compete for version numbers.

-- Events waiting to be published. A row is written in the same transaction as the state change it
-- announces and deleted once Kafka has acknowledged it.
CREATE TABLE IF NOT EXISTS sluice_outbox (
    id          BIGSERIAL   PRIMARY KEY,
    topic       TEXT        NOT NULL,
    record_key  TEXT        NOT NULL,
    event_id    TEXT        NOT NULL,
    event_type  TEXT        NOT NULL,
    headers     JSONB       NOT NULL,
    payload     BYTEA       NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Event ids a consumer has applied, recorded in the transaction that applied them.
CREATE TABLE IF NOT EXISTS sluice_applied_events (
    consumer    TEXT        NOT NULL,
    event_id    TEXT        NOT NULL,
    applied_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer, event_id)
);

CREATE INDEX IF NOT EXISTS sluice_applied_events_applied_at
    ON sluice_applied_events (applied_at);

-- Outbox rows Kafka refused for good (too large, no such topic, an invalid topic name): set aside
-- here by the relay, with the error, so that the rows behind them are published. An operator
-- re-queues a row after fixing the cause (docs/eventing.md, parked rows).
CREATE TABLE IF NOT EXISTS sluice_outbox_parked (
    id          BIGINT      PRIMARY KEY,
    topic       TEXT        NOT NULL,
    record_key  TEXT        NOT NULL,
    event_id    TEXT        NOT NULL,
    event_type  TEXT        NOT NULL,
    headers     JSONB       NOT NULL,
    payload     BYTEA       NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    parked_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    error       TEXT        NOT NULL
);
