package io.steadfast.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.testing.compile.Compilation;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The index of generated classes that the Spring Boot starter reads: one line per interface, and
 * across incremental builds the entries of interfaces that were not recompiled are kept.
 */
class GeneratedIndexTest {
  private static final String[] GOOD = {
    "good/com/acme/OrderEvents.java",
    "good/com/acme/Billing.java",
    "good/com/acme/Outer.java",
    "good/com/acme/Shipping.java"
  };

  @Test
  void listsEveryGeneratedProducerAndConsumerSorted() throws IOException {
    Compilation compilation = Sources.compileStrict(GOOD);
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(resource(compilation, GeneratedIndex.PRODUCERS))
        .isEqualTo(
            "com.acme.OrderEvents -> com.acme.OrderEvents_ReliableProducer\n"
                + "com.acme.Outer$Events -> com.acme.Outer_Events_ReliableProducer\n");
    assertThat(resource(compilation, GeneratedIndex.CONSUMERS))
        .isEqualTo(
            "com.acme.Billing -> com.acme.Billing_IdempotentConsumer\n"
                + "com.acme.Outer$Auditor -> com.acme.Outer_Auditor_IdempotentConsumer\n"
                + "com.acme.Shipping -> com.acme.Shipping_IdempotentConsumer\n");
  }

  @Test
  void aTypeWithErrorsIsNotListed(@TempDir Path out) throws IOException {
    assertThat(compile(out, "good/com/acme/Billing.java", "bad/com/acme/bad/BlankGroup.java"))
        .isFalse();
    assertThat(Files.readString(out.resolve(GeneratedIndex.CONSUMERS), StandardCharsets.UTF_8))
        .isEqualTo("com.acme.Billing -> com.acme.Billing_IdempotentConsumer\n");
  }

  @Test
  void anIncrementalBuildKeepsTheEntriesOfTypesItDidNotRecompile(@TempDir Path out)
      throws IOException {
    assertThat(compile(out, GOOD)).isTrue();
    Path index = out.resolve(GeneratedIndex.CONSUMERS);
    String full = Files.readString(index, StandardCharsets.UTF_8);

    assertThat(compile(out, "good/com/acme/Billing.java")).isTrue(); // one source changed
    assertThat(Files.readString(index, StandardCharsets.UTF_8)).isEqualTo(full);

    Files.delete(out.resolve("com/acme/Shipping.class")); // the source was deleted
    assertThat(compile(out, "good/com/acme/Billing.java")).isTrue();
    assertThat(Files.readString(index, StandardCharsets.UTF_8))
        .isEqualTo(full.replace("com.acme.Shipping -> com.acme.Shipping_IdempotentConsumer\n", ""));
  }

  /**
   * Real javac into {@code out}, with {@code out} on the classpath, as an incremental build;
   * whether it succeeded.
   */
  private static boolean compile(Path out, String... resources) throws IOException {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    try (StandardJavaFileManager files = javac.getStandardFileManager(null, null, null)) {
      List<JavaFileObject> sources = new ArrayList<>();
      Sources.withCommon(resources).forEach(sources::add);
      String classpath = out + java.io.File.pathSeparator + System.getProperty("java.class.path");
      StringWriter log = new StringWriter();
      JavaCompiler.CompilationTask task =
          javac.getTask(
              log,
              files,
              null,
              List.of("-d", out.toString(), "-classpath", classpath),
              null,
              sources);
      task.setProcessors(List.of(new SteadfastProcessor()));
      return task.call();
    }
  }

  private static String resource(Compilation compilation, String name) throws IOException {
    JavaFileObject file =
        compilation.generatedFile(StandardLocation.CLASS_OUTPUT, name).orElseThrow();
    return file.getCharContent(true).toString();
  }
}
