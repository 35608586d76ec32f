package io.steadfast.processor;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.Filer;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;

/**
 * Runs the Steadfast processor and records the source files it creates, so that tests can see what
 * was written even when the compilation failed (javac then hides generated files).
 */
final class RecordingProcessor extends AbstractProcessor {
  private final SteadfastProcessor delegate = new SteadfastProcessor();
  private final List<String> written = new ArrayList<>();

  @Override
  public synchronized void init(ProcessingEnvironment env) {
    super.init(env);
    Filer filer =
        proxy(
            Filer.class,
            (p, m, args) -> {
              Object result = invoke(m, env.getFiler(), args);
              if (m.getName().equals("createSourceFile")) {
                written.add(args[0].toString());
              }
              return result;
            });
    delegate.init(
        proxy(
            ProcessingEnvironment.class,
            (p, m, args) -> m.getName().equals("getFiler") ? filer : invoke(m, env, args)));
  }

  @Override
  public Set<String> getSupportedAnnotationTypes() {
    return delegate.getSupportedAnnotationTypes();
  }

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return delegate.getSupportedSourceVersion();
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    return delegate.process(annotations, round);
  }

  /** Names of the source files created, in order. */
  List<String> written() {
    return List.copyOf(written);
  }

  private static <T> T proxy(Class<T> type, InvocationHandler handler) {
    return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler));
  }

  private static Object invoke(java.lang.reflect.Method m, Object target, Object[] args)
      throws Throwable {
    try {
      return m.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
