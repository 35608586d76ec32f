/**
 * The outbox relay behind {@code Steadfast.outboxRelay}; not for direct use; may change without
 * notice.
 */
package io.steadfast.internal.outbox;
