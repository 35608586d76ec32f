package io.steadfast.faults;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a test class's {@code main} in a child JVM on this JVM's classpath, its output in a file, so
 * a fault test can SIGKILL it ({@link Process#destroyForcibly()} on Linux): a real crash, with no
 * shutdown hook and no finally block.
 */
final class ChildJvm {
  private ChildJvm() {}

  static Process start(Class<?> main, Path output, String... args) throws IOException {
    return start(List.of("-Xmx256m"), main, output, args);
  }

  /** {@link #start} with these JVM options instead of the default heap of 256 MB. */
  static Process start(List<String> jvmOptions, Class<?> main, Path output, String... args)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(main.getName());
    command.addAll(List.of(args));
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(output.toFile())
        .start();
  }
}
