package io.steadfast.processor;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;

/** Checks shared by producer and consumer interfaces, and the methods Steadfast implements. */
final class InterfaceCheck {
  private InterfaceCheck() {}

  /**
   * Reports why {@code type} cannot carry {@code annotation}: not an interface, generic, or not
   * reachable from a class generated beside it.
   */
  static void validate(TypeElement type, AnnotationMirror annotation, Reporter reporter) {
    String annotationName = annotation.getAnnotationType().asElement().getSimpleName().toString();
    if (type.getKind() != ElementKind.INTERFACE) {
      reporter.report(
          Problem.NOT_AN_INTERFACE,
          type,
          annotation,
          null,
          annotationName,
          type.getSimpleName(),
          kindName(type.getKind()));
      return;
    }
    if (!type.getTypeParameters().isEmpty()) {
      reporter.report(
          Problem.GENERIC_INTERFACE, type, type.getSimpleName(), type.getTypeParameters());
    }
    if (type.getModifiers().contains(Modifier.PRIVATE)) {
      reporter.report(Problem.PRIVATE_INTERFACE, type, type.getSimpleName());
    }
    for (Element outer = type.getEnclosingElement();
        outer.getKind().isClass() || outer.getKind().isInterface();
        outer = outer.getEnclosingElement()) {
      if (outer.getModifiers().contains(Modifier.PRIVATE)) {
        reporter.report(
            Problem.ENCLOSED_IN_PRIVATE_TYPE, type, type.getSimpleName(), outer.getSimpleName());
      }
    }
  }

  /** An abstract method and its {@code @Send} or {@code @OnMessage}. */
  record AnnotatedMethod(ExecutableElement method, AnnotationMirror annotation) {}

  /**
   * The abstract methods of {@code type} carrying {@code annotation}, sorted. Reports abstract
   * methods without it ({@code missing}) and default methods with it.
   */
  static List<AnnotatedMethod> annotatedMethods(
      TypeElement type, Elements elements, String annotation, Problem missing, Reporter reporter) {
    List<AnnotatedMethod> annotated = new ArrayList<>();
    for (ExecutableElement method : methods(type, elements)) {
      Optional<AnnotationMirror> mirror = Mirrors.find(method, annotation);
      boolean isAbstract = method.getModifiers().contains(Modifier.ABSTRACT);
      if (isAbstract && mirror.isEmpty()) {
        reporter.report(missing, method, describe(method));
      } else if (!isAbstract && mirror.isPresent()) {
        reporter.report(
            Problem.ANNOTATED_DEFAULT_METHOD,
            method,
            mirror.get(),
            null,
            describe(method),
            annotation.substring(annotation.lastIndexOf('.') + 1));
      } else if (isAbstract) {
        annotated.add(new AnnotatedMethod(method, mirror.get()));
      }
    }
    return annotated;
  }

  /**
   * The methods of {@code type} (inherited ones included) that Steadfast looks at, sorted by name
   * and parameter types: everything except static methods and those of {@code Object}.
   */
  private static List<ExecutableElement> methods(TypeElement type, Elements elements) {
    List<ExecutableElement> methods = new ArrayList<>();
    for (ExecutableElement m : ElementFilter.methodsIn(elements.getAllMembers(type))) {
      TypeElement owner = (TypeElement) m.getEnclosingElement();
      if (!m.getModifiers().contains(Modifier.STATIC)
          && !owner.getQualifiedName().contentEquals("java.lang.Object")
          && !isObjectMethod(m)) {
        methods.add(m);
      }
    }
    methods.sort(Comparator.comparing(InterfaceCheck::signature));
    return methods;
  }

  /** {@code name(ParamType, ...)}: a readable method name for messages and sorting. */
  static String signature(ExecutableElement m) {
    List<String> params = new ArrayList<>();
    m.getParameters().forEach(p -> params.add(p.asType().toString()));
    return m.getSimpleName() + "(" + String.join(", ", params) + ")";
  }

  /** {@code Type.name(ParamType, ...)}: how messages name a method. */
  static String describe(ExecutableElement m) {
    return m.getEnclosingElement().getSimpleName() + "." + signature(m);
  }

  /** An interface re-declaring equals, hashCode or toString: implemented by Object. */
  private static boolean isObjectMethod(ExecutableElement m) {
    String name = m.getSimpleName().toString();
    int arity = m.getParameters().size();
    if (arity == 0) {
      return name.equals("hashCode") || name.equals("toString");
    }
    return arity == 1
        && name.equals("equals")
        && m.getParameters().get(0).asType().getKind() == TypeKind.DECLARED
        && m.getParameters().get(0).asType().toString().equals("java.lang.Object");
  }

  private static String kindName(ElementKind kind) {
    return switch (kind) {
      case ANNOTATION_TYPE -> "annotation type";
      default -> kind.name().toLowerCase(java.util.Locale.ROOT);
    };
  }
}
