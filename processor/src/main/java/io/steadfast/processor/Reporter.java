package io.steadfast.processor;

import javax.annotation.processing.Messager;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.tools.Diagnostic;

/**
 * Reports {@link Problem}s for one annotated type and remembers whether any was an error, so that
 * nothing is written for a type with errors.
 */
final class Reporter {
  private final Messager messager;
  private int errors;

  Reporter(Messager messager) {
    this.messager = messager;
  }

  /** Reports on {@code element}. */
  void report(Problem problem, Element element, Object... args) {
    print(problem, element, null, null, args);
  }

  /** Reports on {@code element}, pointing at the annotation value that is wrong. */
  void report(
      Problem problem,
      Element element,
      AnnotationMirror annotation,
      AnnotationValue value,
      Object... args) {
    print(problem, element, annotation, value, args);
  }

  boolean hasErrors() {
    return errors > 0;
  }

  /** Errors so far; compare before and after a check to see whether it failed. */
  int errorCount() {
    return errors;
  }

  private void print(
      Problem problem,
      Element element,
      AnnotationMirror annotation,
      AnnotationValue value,
      Object[] args) {
    if (problem.kind() == Diagnostic.Kind.ERROR) {
      errors++;
    }
    messager.printMessage(problem.kind(), problem.format(args), element, annotation, value);
  }
}
