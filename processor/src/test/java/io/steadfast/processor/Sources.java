package io.steadfast.processor;

import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import java.util.ArrayList;
import java.util.List;
import javax.tools.JavaFileObject;

/** Test sources under src/test/resources and a javac that runs the Steadfast processor. */
final class Sources {
  /** The payload types every sample uses. */
  static final List<String> COMMON =
      List.of(
          "common/com/acme/Customer.java",
          "common/com/acme/OrderLine.java",
          "common/com/acme/OrderCreated.java",
          "common/com/acme/OrderPaid.java");

  private Sources() {}

  /** The payload types plus {@code resources}. */
  static List<JavaFileObject> withCommon(String... resources) {
    List<JavaFileObject> files = new ArrayList<>();
    COMMON.forEach(r -> files.add(JavaFileObjects.forResource(r)));
    for (String r : resources) {
      files.add(JavaFileObjects.forResource(r));
    }
    return files;
  }

  /** javac with the processor and every lint warning as an error, as users may compile. */
  static Compiler strictJavac() {
    return javac().withProcessors(new SteadfastProcessor()).withOptions("-Xlint:all", "-Werror");
  }

  static Compilation compileStrict(String... resources) {
    return strictJavac().compile(withCommon(resources));
  }
}
