package io.steadfast.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The classpath of the child server JVMs: the RocketMQ server jars bundled under {@value #LIB} plus
 * the testkit's own classes (for the launcher). From a jar they are extracted once into a cache
 * directory keyed by the jar's size and time.
 */
final class ServerClasspath {
  private static final String LIB = "io/steadfast/testkit/server-lib/";

  private static List<Path> cached;

  private ServerClasspath() {}

  static synchronized List<Path> entries() {
    if (cached == null) {
      cached = locate();
    }
    return cached;
  }

  /**
   * The jar or classes directory that holds {@code className} on this JVM's classpath, found as a
   * resource: loading a broker plugin's class here would need the broker jars.
   */
  static Path locationOf(String className) {
    String resource = className.replace('.', '/') + ".class";
    URL url = ServerClasspath.class.getClassLoader().getResource(resource);
    if (url == null) {
      throw new IllegalStateException(
          className
              + " is not on the classpath; add the artifact that contains it (for the Steadfast"
              + " broker plugin: steadfast-rocketmq-plugin) as a test dependency");
    }
    try {
      String s = url.toString();
      if (s.startsWith("jar:")) {
        return Path.of(new URI(s.substring("jar:".length(), s.indexOf("!/"))));
      }
      Path root = Path.of(url.toURI());
      for (int i = 0; i < resource.split("/").length; i++) {
        root = root.getParent();
      }
      return root;
    } catch (URISyntaxException e) {
      throw new IllegalStateException("cannot locate " + className + " from " + url, e);
    }
  }

  private static List<Path> locate() {
    Path self;
    try {
      self =
          Path.of(
              ServerClasspath.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException("cannot locate the testkit's own classes", e);
    }
    Path lib = Files.isDirectory(self) ? self.resolve(LIB) : extract(self);
    List<Path> entries = new ArrayList<>();
    try (Stream<Path> jars = Files.list(lib)) {
      jars.filter(p -> p.toString().endsWith(".jar")).sorted().forEach(entries::add);
    } catch (IOException e) {
      throw new UncheckedIOException("the RocketMQ server jars are missing from " + lib, e);
    }
    if (entries.isEmpty()) {
      throw new IllegalStateException("no RocketMQ server jars bundled under " + lib);
    }
    // Last, so that the server's classes win if the testkit was repackaged with the client into
    // one jar (both carry apache.rocketmq.v2.*).
    entries.add(self);
    return List.copyOf(entries);
  }

  private static Path extract(Path jar) {
    try {
      String key = Files.size(jar) + "-" + Files.getLastModifiedTime(jar).toMillis();
      Path target = Path.of(System.getProperty("java.io.tmpdir"), "steadfast-testkit-" + key);
      if (Files.isDirectory(target)) {
        return target;
      }
      Path staging = Files.createTempDirectory(target.getParent(), "steadfast-testkit-staging-");
      try (JarFile file = new JarFile(jar.toFile())) {
        Enumeration<JarEntry> all = file.entries();
        while (all.hasMoreElements()) {
          JarEntry entry = all.nextElement();
          if (entry.getName().startsWith(LIB) && entry.getName().endsWith(".jar")) {
            Path out = staging.resolve(entry.getName().substring(LIB.length()));
            try (InputStream in = file.getInputStream(entry)) {
              Files.copy(in, out);
            }
          }
        }
      }
      try {
        Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException anotherProcessWon) {
        if (!Files.isDirectory(target)) {
          throw anotherProcessWon;
        }
      }
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot extract the RocketMQ server jars from " + jar, e);
    }
  }
}
