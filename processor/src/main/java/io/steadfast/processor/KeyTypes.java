package io.steadfast.processor;

import java.util.Set;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Decides whether a value has a stable text form, as message keys and dedup keys need: the same
 * value must give the same key in every JVM, so {@code Object.toString()} (an identity hash) does
 * not qualify.
 */
final class KeyTypes {
  private static final Set<String> VALUE_TYPES =
      Set.of(
          "java.lang.Boolean",
          "java.lang.Byte",
          "java.lang.Short",
          "java.lang.Integer",
          "java.lang.Long",
          "java.lang.Float",
          "java.lang.Double",
          "java.lang.Character",
          "java.util.UUID",
          "java.math.BigInteger",
          "java.math.BigDecimal");

  /** Types whose toString() exists but does not make a key. */
  private static final Set<String> CONTAINERS =
      Set.of("java.util.Collection", "java.util.Map", "java.util.Optional");

  private final Elements elements;
  private final Types types;

  KeyTypes(Elements elements, Types types) {
    this.elements = elements;
    this.types = types;
  }

  boolean isStringConvertible(TypeMirror type) {
    if (type.getKind().isPrimitive()) {
      return true;
    }
    if (type.getKind() != TypeKind.DECLARED) {
      return false;
    }
    TypeElement element = (TypeElement) ((DeclaredType) type).asElement();
    for (String container : CONTAINERS) {
      if (types.isAssignable(types.erasure(type), types.erasure(typeOf(container)))) {
        return false; // their toString() is not a key: order, brackets, and usually no meaning
      }
    }
    TypeElement charSequence = elements.getTypeElement("java.lang.CharSequence");
    return VALUE_TYPES.contains(element.getQualifiedName().toString())
        || types.isAssignable(types.erasure(type), charSequence.asType())
        || element.getKind() == ElementKind.ENUM
        || element.getKind() == ElementKind.RECORD
        || overridesToString(element);
  }

  private TypeMirror typeOf(String canonicalName) {
    return elements.getTypeElement(canonicalName).asType();
  }

  /** A class (not an interface) with its own toString() somewhere below Object. */
  private boolean overridesToString(TypeElement element) {
    if (element.getKind() != ElementKind.CLASS) {
      return false;
    }
    for (ExecutableElement m : ElementFilter.methodsIn(elements.getAllMembers(element))) {
      if (m.getSimpleName().contentEquals("toString")
          && m.getParameters().isEmpty()
          && !((TypeElement) m.getEnclosingElement())
              .getQualifiedName()
              .contentEquals("java.lang.Object")) {
        return true;
      }
    }
    return false;
  }
}
