package io.steadfast.processor;

import java.util.Map;
import java.util.Optional;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;

/** Reads annotations through mirrors, by canonical name, defaults included. */
final class Mirrors {
  private final Elements elements;

  Mirrors(Elements elements) {
    this.elements = elements;
  }

  /** The annotation named {@code canonicalName} on {@code element}, if present. */
  static Optional<AnnotationMirror> find(Element element, String canonicalName) {
    for (AnnotationMirror mirror : element.getAnnotationMirrors()) {
      TypeElement type = (TypeElement) mirror.getAnnotationType().asElement();
      if (type.getQualifiedName().contentEquals(canonicalName)) {
        return Optional.of(mirror);
      }
    }
    return Optional.empty();
  }

  /** The value of attribute {@code name}, its default when not written. */
  AnnotationValue value(AnnotationMirror mirror, String name) {
    Map<? extends ExecutableElement, ? extends AnnotationValue> values =
        elements.getElementValuesWithDefaults(mirror);
    for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> e : values.entrySet()) {
      if (e.getKey().getSimpleName().contentEquals(name)) {
        return e.getValue();
      }
    }
    throw new IllegalArgumentException(
        "@" + mirror.getAnnotationType() + " has no attribute " + name);
  }

  String string(AnnotationMirror mirror, String name) {
    return String.valueOf(value(mirror, name).getValue());
  }
}
