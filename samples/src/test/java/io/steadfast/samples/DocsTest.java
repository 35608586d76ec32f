package io.steadfast.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What README.md and docs/ show as code is code: a block under {@code <!-- file: path -->} is that
 * file as it is (so it is compiled, and run by its own test), and every import in a Java block
 * names a class that exists.
 */
class DocsTest {
  private static final Path ROOT = Path.of("..");
  private static final Pattern EMBED =
      Pattern.compile("<!-- file: (\\S+) -->\\n```java\\n(.*?)```", Pattern.DOTALL);
  private static final Pattern JAVA_BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);
  private static final Pattern IMPORT =
      Pattern.compile("^import (static )?([\\w.]+?)(\\.\\*)?;$", Pattern.MULTILINE);

  @Test
  void theQuickStartIsTheHelloSampleAsItIs() throws IOException {
    List<String> embedded = new ArrayList<>();
    Matcher m = EMBED.matcher(read(ROOT.resolve("README.md")));
    while (m.find()) {
      Path file = ROOT.resolve(m.group(1));
      assertThat(m.group(2)).as("README.md block of %s", file).isEqualTo(read(file));
      embedded.add(m.group(1));
    }
    assertThat(embedded)
        .contains(
            "samples/src/main/java/io/steadfast/samples/hello/Greetings.java",
            "samples/src/main/java/io/steadfast/samples/hello/Greeter.java",
            "samples/src/main/java/io/steadfast/samples/hello/HelloMain.java",
            "samples/src/test/java/io/steadfast/samples/hello/GreeterTest.java",
            "samples/spring-boot/src/main/java/io/steadfast/samples/spring/OrderEvents.java",
            "samples/spring-boot/src/main/java/io/steadfast/samples/spring/Billing.java",
            "samples/spring-boot/src/main/java/io/steadfast/samples/spring/BillingHandler.java");
  }

  @Test
  void everyImportInTheDocsNamesAClassThatExists() throws IOException {
    List<String> missing = new ArrayList<>();
    int imports = 0;
    for (Path doc : docs()) {
      Matcher block = JAVA_BLOCK.matcher(read(doc));
      while (block.find()) {
        Matcher m = IMPORT.matcher(block.group(1));
        while (m.find()) {
          imports++;
          String name = m.group(2);
          if (m.group(1) != null && m.group(3) == null) {
            name = name.substring(0, name.lastIndexOf('.')); // static import of a member
          }
          if (m.group(1) == null && m.group(3) != null
              ? !packageExists(name)
              : !classExists(name)) {
            missing.add(doc + ": " + m.group());
          }
        }
      }
    }
    assertThat(missing).isEmpty();
    assertThat(imports).isGreaterThan(50);
  }

  private static List<Path> docs() throws IOException {
    List<Path> docs = new ArrayList<>(List.of(ROOT.resolve("README.md")));
    try (Stream<Path> files = Files.list(ROOT.resolve("docs"))) {
      files.filter(p -> p.toString().endsWith(".md")).sorted().forEach(docs::add);
    }
    return docs;
  }

  /** {@code a.b.Outer.Inner} is tried as {@code a.b.Outer$Inner} too. */
  private static boolean classExists(String name) {
    for (String binary = name; binary.contains("."); binary = nestedName(binary)) {
      try {
        Class.forName(binary, false, DocsTest.class.getClassLoader());
        return true;
      } catch (ClassNotFoundException e) {
        // try as a nested class
      }
    }
    return false;
  }

  private static String nestedName(String name) {
    int dot = name.lastIndexOf('.');
    return name.substring(0, dot) + '$' + name.substring(dot + 1);
  }

  private static boolean packageExists(String name) {
    return DocsTest.class.getClassLoader().getResource(name.replace('.', '/')) != null;
  }

  private static String read(Path file) throws IOException {
    return Files.readString(file, StandardCharsets.UTF_8);
  }
}
