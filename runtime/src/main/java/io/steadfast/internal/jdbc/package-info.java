/**
 * JDBC plumbing of Steadfast's own tables (dedup DDL, outbox, inbox): dialects, statement running,
 * column encodings, the owner-token lease protocol the outbox and inbox share, and table setup; not
 * for direct use; may change without notice.
 */
package io.steadfast.internal.jdbc;
