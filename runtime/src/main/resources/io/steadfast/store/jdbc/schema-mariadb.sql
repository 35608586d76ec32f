-- Steadfast dedup records (MariaDB 10.5+). One row per (consumer group, key).
-- expires_at (epoch millis) is the lease expiry while state = 'PROCESSING'
-- and the retention expiry once state = 'DONE'. A row past it is free again.
-- utf8mb4_bin: group names compare case-sensitively and original keys keep any character.
CREATE TABLE IF NOT EXISTS steadfast_dedup (
  group_name   VARCHAR(255)  NOT NULL,
  key_hash     VARCHAR(64)   NOT NULL,
  original_key VARCHAR(1024) NOT NULL,
  state        VARCHAR(10)   NOT NULL,
  owner_token  VARCHAR(36)   NOT NULL,
  expires_at   BIGINT        NOT NULL,
  PRIMARY KEY (group_name, key_hash)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE INDEX IF NOT EXISTS steadfast_dedup_expires ON steadfast_dedup (expires_at);
