/**
 * The consumer engine behind {@code Steadfast.consumer}; not for direct use; may change without
 * notice.
 *
 * <p>{@link io.steadfast.internal.consume.ConsumerEngines} is public for {@code
 * io.steadfast.Steadfast} only, and {@link io.steadfast.internal.consume.EngineProbe} for tests and
 * benchmarks only.
 */
package io.steadfast.internal.consume;
