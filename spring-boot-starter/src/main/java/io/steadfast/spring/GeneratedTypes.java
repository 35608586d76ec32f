package io.steadfast.spring;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads the index files the Steadfast annotation processor writes into every jar and class folder
 * it compiles ({@code META-INF/steadfast/producers} and {@code consumers}, one {@code interface ->
 * generated class} per line), so that no classpath scanning is needed.
 */
final class GeneratedTypes {
  static final String PRODUCERS = "META-INF/steadfast/producers";
  static final String CONSUMERS = "META-INF/steadfast/consumers";
  private static final String SEPARATOR = "->";

  private GeneratedTypes() {}

  /** Every {@code @ReliableProducer} interface with a generated producer, in name order. */
  static Set<Class<?>> producers(ClassLoader loader) {
    return load(loader, PRODUCERS);
  }

  /** Every {@code @IdempotentConsumer} interface with a generated consumer, in name order. */
  static Set<Class<?>> consumers(ClassLoader loader) {
    return load(loader, CONSUMERS);
  }

  private static Set<Class<?>> load(ClassLoader loader, String resource) {
    Map<String, URL> names = new TreeMap<>();
    try {
      Enumeration<URL> files = loader.getResources(resource);
      while (files.hasMoreElements()) {
        URL file = files.nextElement();
        for (String name : read(file)) {
          names.putIfAbsent(name, file);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource + " from the classpath", e);
    }
    Set<Class<?>> types = new LinkedHashSet<>();
    names.forEach(
        (name, file) -> {
          try {
            types.add(Class.forName(name, false, loader));
          } catch (ClassNotFoundException e) {
            throw new IllegalStateException(
                file
                    + " lists "
                    + name
                    + ", which is not on the classpath: the index is stale. Rebuild that module"
                    + " (mvn clean install).",
                e);
          }
        });
    return types;
  }

  /** The interface names of one index file; blank lines and {@code #} comments are skipped. */
  private static Set<String> read(URL file) throws IOException {
    Set<String> names = new LinkedHashSet<>();
    try (BufferedReader in =
        new BufferedReader(new InputStreamReader(file.openStream(), StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        String entry = line.strip();
        if (!entry.isEmpty() && !entry.startsWith("#")) {
          int arrow = entry.indexOf(SEPARATOR);
          names.add((arrow < 0 ? entry : entry.substring(0, arrow)).strip());
        }
      }
    }
    return names;
  }
}
