package io.steadfast.processor;

import com.palantir.javapoet.JavaFile;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import javax.annotation.processing.Filer;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;
import javax.tools.FileObject;
import javax.tools.StandardLocation;

/**
 * Lists what the processor generated, so that frameworks find the generated classes without
 * scanning the classpath: {@value #PRODUCERS} and {@value #CONSUMERS}, one line per annotated
 * interface, {@code <interface binary name> -> <generated class name>}, sorted.
 *
 * <p>The files are written once, in the last round. An incremental build compiles only some
 * sources, so the entries of an earlier build's file are kept while their interface still exists
 * and still carries its annotation; entries of deleted or unannotated interfaces are dropped.
 */
final class GeneratedIndex {
  /** Resource listing every generated {@code *_ReliableProducer}. */
  static final String PRODUCERS = "META-INF/steadfast/producers";

  /** Resource listing every generated {@code *_IdempotentConsumer}. */
  static final String CONSUMERS = "META-INF/steadfast/consumers";

  static final String SEPARATOR = " -> ";

  private final Elements elements;
  private final Map<String, String> producers = new TreeMap<>();
  private final Map<String, String> consumers = new TreeMap<>();

  GeneratedIndex(Elements elements) {
    this.elements = elements;
  }

  /** Records the producer generated for {@code type}. */
  void producer(TypeElement type, JavaFile generated) {
    producers.put(binaryName(type), className(generated));
  }

  /** Records the consumer generated for {@code type}. */
  void consumer(TypeElement type, JavaFile generated) {
    consumers.put(binaryName(type), className(generated));
  }

  /**
   * Writes both files (when there is anything to list), merged with the entries of an earlier build
   * that are still valid.
   */
  void write(Filer filer) throws IOException {
    write(filer, elements, PRODUCERS, producers, Names.RELIABLE_PRODUCER);
    write(filer, elements, CONSUMERS, consumers, Names.IDEMPOTENT_CONSUMER);
  }

  private static void write(
      Filer filer, Elements elements, String resource, Map<String, String> fresh, String annotation)
      throws IOException {
    Map<String, String> all = new TreeMap<>();
    readEarlier(filer, resource)
        .forEach(
            (iface, generated) -> {
              if (stillAnnotated(elements, iface, annotation)) {
                all.put(iface, generated);
              }
            });
    all.putAll(fresh);
    if (all.isEmpty()) {
      return;
    }
    FileObject file = filer.createResource(StandardLocation.CLASS_OUTPUT, "", resource);
    try (Writer out = file.openWriter()) {
      for (Map.Entry<String, String> e : all.entrySet()) {
        out.write(e.getKey() + SEPARATOR + e.getValue() + "\n");
      }
    }
  }

  /** The entries of the file an earlier build left in the class output; none if there is none. */
  private static Map<String, String> readEarlier(Filer filer, String resource) {
    Map<String, String> entries = new TreeMap<>();
    try {
      FileObject earlier = filer.getResource(StandardLocation.CLASS_OUTPUT, "", resource);
      try (BufferedReader in =
          new BufferedReader(
              new InputStreamReader(earlier.openInputStream(), StandardCharsets.UTF_8))) {
        for (String line = in.readLine(); line != null; line = in.readLine()) {
          int at = line.indexOf(SEPARATOR);
          if (at > 0) {
            entries.put(line.substring(0, at).trim(), line.substring(at + SEPARATOR.length()));
          }
        }
      }
    } catch (IOException | IllegalArgumentException e) {
      // No earlier file (a clean build), or a file manager that cannot read its output: nothing
      // to keep.
    }
    return entries;
  }

  private String binaryName(TypeElement type) {
    return elements.getBinaryName(type).toString();
  }

  /** Generated classes are top-level: package plus simple name. */
  private static String className(JavaFile file) {
    String pkg = file.packageName();
    return (pkg.isEmpty() ? "" : pkg + ".") + file.typeSpec().name();
  }

  private static boolean stillAnnotated(Elements elements, String binaryName, String annotation) {
    TypeElement type = elements.getTypeElement(binaryName.replace('$', '.'));
    return type != null && Mirrors.find(type, annotation).isPresent();
  }
}
