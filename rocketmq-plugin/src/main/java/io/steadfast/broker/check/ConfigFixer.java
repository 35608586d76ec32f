package io.steadfast.broker.check;

import io.steadfast.broker.rules.Violation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a corrected copy of a config file beside it ({@code broker-a.conf} → {@code
 * broker-a.fixed.conf}); the original is never touched. Lines are kept as written except the
 * entries of fixed keys; keys that were absent are appended.
 */
final class ConfigFixer {

  private ConfigFixer() {}

  /** The sibling path the corrected copy goes to. */
  static Path fixedPath(Path original) {
    String name = original.getFileName().toString();
    int dot = name.lastIndexOf('.');
    String fixed =
        dot > 0 ? name.substring(0, dot) + ".fixed" + name.substring(dot) : name + ".fixed";
    return original.resolveSibling(fixed);
  }

  /**
   * Writes the copy when at least one violation has a fix, over an older copy but never into
   * anything that is not a regular file.
   *
   * @return the copy's path, or {@code null} when nothing could be fixed
   */
  static Path writeFixedCopy(ConfigFile file, List<Violation> violations) throws IOException {
    Map<String, String> fixes = new LinkedHashMap<>();
    for (Violation v : violations) {
      if (v.fixValue() != null) {
        fixes.put(v.key(), v.fixValue());
      }
    }
    if (fixes.isEmpty()) {
      return null;
    }
    List<String> out = new ArrayList<>();
    int line = 0;
    while (line < file.lines().size()) {
      String replacedKey = keyStartingAt(file, line);
      if (replacedKey != null && fixes.containsKey(replacedKey)) {
        out.add(replacedKey + "=" + fixes.remove(replacedKey));
        line = file.keyLines().get(replacedKey)[1] + 1;
      } else {
        out.add(file.lines().get(line));
        line++;
      }
    }
    if (!fixes.isEmpty()) {
      out.add("# added by steadfast check --fix");
      fixes.forEach((key, value) -> out.add(key + "=" + value));
    }
    Path target = fixedPath(file.path());
    if (Files.exists(target) && !Files.isRegularFile(target)) {
      // Writing into a FIFO would block until someone reads it; into a device, worse.
      throw new IOException("it exists and is not a regular file");
    }
    Files.write(target, out, StandardCharsets.ISO_8859_1);
    return target;
  }

  private static String keyStartingAt(ConfigFile file, int line) {
    for (Map.Entry<String, int[]> e : file.keyLines().entrySet()) {
      if (e.getValue()[0] == line) {
        return e.getKey();
      }
    }
    return null;
  }
}
