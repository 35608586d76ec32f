/**
 * The inbox: a consumer mode ({@code Steadfast.inboxConsumer}) that writes each delivered message
 * into an inbox table (one row per consumer group and dedup key, so a copy is recognised on
 * arrival), acks the broker at once, and runs the handlers from the table on a local worker pool,
 * with retries, and parks a message that keeps failing. {@link io.steadfast.inbox.JdbcInbox} is the
 * table on H2, PostgreSQL and MariaDB. See docs/outbox-inbox.md.
 */
package io.steadfast.inbox;
