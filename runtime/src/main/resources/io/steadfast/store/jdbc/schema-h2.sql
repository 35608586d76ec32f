-- Steadfast dedup records (H2, connection in MODE=PostgreSQL). One row per (consumer group, key).
-- expires_at (epoch millis) is the lease expiry while state = 'PROCESSING'
-- and the retention expiry once state = 'DONE'. A row past it is free again.
CREATE TABLE IF NOT EXISTS steadfast_dedup (
  group_name   VARCHAR(255)  NOT NULL,
  key_hash     VARCHAR(64)   NOT NULL,
  original_key VARCHAR(1024) NOT NULL,
  state        VARCHAR(10)   NOT NULL,
  owner_token  VARCHAR(36)   NOT NULL,
  expires_at   BIGINT        NOT NULL,
  PRIMARY KEY (group_name, key_hash)
);
CREATE INDEX IF NOT EXISTS steadfast_dedup_expires ON steadfast_dedup (expires_at);
