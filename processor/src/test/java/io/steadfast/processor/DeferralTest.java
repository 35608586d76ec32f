package io.steadfast.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;
import org.junit.jupiter.api.Test;

/** Types whose signatures mention not-yet-generated types are processed in a later round. */
class DeferralTest {

  /** Stands for another annotation processor: writes com.acme.Later in its first round. */
  private static final class LaterGenerator extends AbstractProcessor {
    private boolean done;

    @Override
    public Set<String> getSupportedAnnotationTypes() {
      return Set.of("*");
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
      return SourceVersion.latestSupported();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
      if (!done) {
        done = true;
        try (Writer w = processingEnv.getFiler().createSourceFile("com.acme.Later").openWriter()) {
          w.write("package com.acme;\npublic record Later(String id) {}\n");
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      return false;
    }
  }

  @Test
  void waitsForATypeAnotherProcessorGenerates() {
    Compilation compilation =
        javac()
            .withProcessors(new LaterGenerator(), new SteadfastProcessor())
            .compile(Sources.withCommon("good/com/acme/Late.java"));
    assertThat(compilation).succeeded();
    assertThat(compilation)
        .generatedSourceFile("com.acme.Late_IdempotentConsumer")
        .contentsAsUtf8String()
        .contains("return payload == null ? null : payload.id();");
  }

  @Test
  void leavesATypeThatNeverAppearsToTheCompilersOwnError() {
    Compilation compilation =
        javac()
            .withProcessors(new SteadfastProcessor())
            .compile(Sources.withCommon("good/com/acme/Late.java"));
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation).hadErrorContaining("cannot find symbol");
  }
}
