/**
 * The transactional outbox: a producer method that takes a {@code java.sql.Connection} (or a
 * MyBatis {@code SqlSession}) writes its message as a row of the outbox table in the caller's
 * transaction ({@link io.steadfast.outbox.Outbox}); a relay ({@code Steadfast.outboxRelay}) sends
 * committed rows with the ack-checking sender and marks them sent. {@link
 * io.steadfast.outbox.JdbcOutbox} is the table on H2, PostgreSQL and MariaDB. See
 * docs/outbox-inbox.md.
 */
package io.steadfast.outbox;
