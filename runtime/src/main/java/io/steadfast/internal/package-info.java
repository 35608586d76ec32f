/**
 * Support for generated code; not for direct use; may change without notice.
 *
 * <p>The classes here are public only because the classes the annotation processor generates (and
 * the runtime's own packages) call them, as Dagger's {@code dagger.internal} is. Application code
 * uses {@code io.steadfast.Steadfast} and the types in {@code io.steadfast.consume}, {@code
 * io.steadfast.produce} and the other public packages (docs/runtime.md, "The public API by
 * package").
 */
package io.steadfast.internal;
