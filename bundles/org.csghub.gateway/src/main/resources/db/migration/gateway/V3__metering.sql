-- Durable metering (an outbox in the usage table itself): a row is written in state 'open' when a request is
-- admitted (before it goes to the engine) and completed with its usage when the response ends; rows left 'open' by
-- a process that died are closed as 'interrupted' by the survivors (or the next start), see Metering.
-- usage_source: 'engine' (reported by the engine), 'tokenizer' (counted with the engine's /tokenize),
-- 'estimate' (characters / 4); NULL when no engine was involved (a refused request).
-- gateway_process: one heartbeat row per running hub process, so the others can tell a dead owner from a live one.
-- Portable SQL (PostgreSQL and H2 in PostgreSQL mode). Rows from before this migration are 'completed'.
ALTER TABLE gateway_usage ADD COLUMN state VARCHAR(16) DEFAULT 'completed' NOT NULL;
ALTER TABLE gateway_usage ADD COLUMN usage_source VARCHAR(16);
ALTER TABLE gateway_usage ADD COLUMN request_id VARCHAR(64);
ALTER TABLE gateway_usage ADD COLUMN process_id VARCHAR(36);
ALTER TABLE gateway_usage ADD COLUMN prompt_estimate INTEGER;
ALTER TABLE gateway_usage ADD COLUMN ended_at TIMESTAMP(6) WITH TIME ZONE;
UPDATE gateway_usage SET usage_source = 'engine' WHERE prompt_tokens IS NOT NULL OR completion_tokens IS NOT NULL;
CREATE INDEX gateway_usage_state_at ON gateway_usage (state, at);
CREATE INDEX gateway_usage_model_at ON gateway_usage (model, at);

CREATE TABLE gateway_process (
    process_id VARCHAR(36) PRIMARY KEY,
    host VARCHAR(255),
    started_at TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    seen_at TIMESTAMP(6) WITH TIME ZONE NOT NULL
);
