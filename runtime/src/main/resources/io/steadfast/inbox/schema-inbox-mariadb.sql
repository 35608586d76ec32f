-- Steadfast inbox (MariaDB 10.6+). One row per (consumer group, dedup key): a delivered message, stored
-- before the broker is acked. state: PENDING (to handle), DONE (handled; kept until due_at, the
-- retention, so copies are recognised) or PARKED (failed on every attempt; replayable).
-- due_at (epoch millis, database clock): a PENDING row is claimable once due_at <= now; a claim
-- moves it one lease ahead and sets lease_owner; a failed run moves it one backoff ahead.
CREATE TABLE IF NOT EXISTS steadfast_inbox (
  id           BIGINT AUTO_INCREMENT PRIMARY KEY,
  group_name   VARCHAR(255)  NOT NULL,
  key_hash     VARCHAR(64)   NOT NULL,
  dedup_key    VARCHAR(1024) NOT NULL,
  message_id   VARCHAR(128)  NOT NULL,
  topic        VARCHAR(255)  NOT NULL,
  tag          VARCHAR(255),
  message_keys TEXT NOT NULL,
  properties   TEXT NOT NULL,
  body         LONGBLOB NOT NULL,
  order_key    VARCHAR(255),
  state        VARCHAR(8)    NOT NULL,
  attempts     INT           NOT NULL,
  created_at   BIGINT        NOT NULL,
  due_at       BIGINT        NOT NULL,
  lease_owner  VARCHAR(36),
  last_error   VARCHAR(2000),
  CONSTRAINT steadfast_inbox_key UNIQUE (group_name, key_hash)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE INDEX IF NOT EXISTS steadfast_inbox_state ON steadfast_inbox (group_name, state, id);
CREATE INDEX IF NOT EXISTS steadfast_inbox_order ON steadfast_inbox (group_name, order_key, state, id);
CREATE INDEX IF NOT EXISTS steadfast_inbox_due ON steadfast_inbox (state, due_at);
