/**
 * The sender behind {@code Steadfast.sender}; not for direct use; may change without notice.
 *
 * <p>{@link io.steadfast.internal.produce.RocketMqReliableSender} is public for {@code
 * io.steadfast.Steadfast} only; applications hold a {@code ReliableSender}.
 */
package io.steadfast.internal.produce;
