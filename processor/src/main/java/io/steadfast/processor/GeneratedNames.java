package io.steadfast.processor;

import com.palantir.javapoet.ClassName;
import javax.lang.model.element.TypeElement;

/** Names of generated classes: beside the interface, nested names joined by '_' as Dagger does. */
final class GeneratedNames {
  private GeneratedNames() {}

  /** {@code com.acme.Outer.Inner} with suffix {@code _X} gives {@code com.acme.Outer_Inner_X}. */
  static ClassName of(TypeElement type, String suffix) {
    ClassName name = ClassName.get(type);
    return ClassName.get(name.packageName(), String.join("_", name.simpleNames()) + suffix);
  }
}
