-- Steadfast outbox (MariaDB 10.6+). One row per enqueued message, written in the producer's transaction.
-- state: PENDING (to send), SENT (acked; purged after the retention) or PARKED (permanent failure).
-- due_at (epoch millis, database clock): a PENDING row is claimable once due_at <= now; a claim
-- moves it one lease ahead and sets lease_owner; a failed send moves it one backoff ahead.
CREATE TABLE IF NOT EXISTS steadfast_outbox (
  id            BIGINT AUTO_INCREMENT PRIMARY KEY,
  steadfast_id  VARCHAR(64)   NOT NULL,
  topic         VARCHAR(255)  NOT NULL,
  tag           VARCHAR(255),
  message_keys  VARCHAR(4000) NOT NULL,
  message_group VARCHAR(255),
  delay_millis  BIGINT        NOT NULL,
  content_type  VARCHAR(255)  NOT NULL,
  body          LONGBLOB NOT NULL,
  state         VARCHAR(8)    NOT NULL,
  attempts      INT           NOT NULL,
  created_at    BIGINT        NOT NULL,
  due_at        BIGINT        NOT NULL,
  lease_owner   VARCHAR(36),
  sent_at       BIGINT,
  last_error    VARCHAR(2000)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE INDEX IF NOT EXISTS steadfast_outbox_state ON steadfast_outbox (state, id);
CREATE INDEX IF NOT EXISTS steadfast_outbox_group ON steadfast_outbox (message_group, state, id);
