package io.steadfast.broker.check;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * Reads a {@code broker.conf} the way {@code mqbroker -c} does ({@link Properties#load},
 * ISO-8859-1) but stricter: it refuses what the broker would silently misread (duplicate keys,
 * lines that are not key=value, binary content) and keeps line numbers for messages and {@code
 * --fix}. It reads only regular files of at most {@link #MAX_BYTES}, so no input can block it (a
 * FIFO) or exhaust its memory ({@code /dev/zero}).
 */
final class ConfigFileReader {

  /** 1 MiB: RocketMQ's own sample configs are under 2 KiB. */
  static final int MAX_BYTES = 1 << 20;

  private static final Pattern KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_.\\-]*");

  private ConfigFileReader() {}

  static ConfigFile read(Path path) throws UnreadableConfigException {
    BasicFileAttributes attributes;
    try {
      attributes = Files.readAttributes(path, BasicFileAttributes.class);
    } catch (NoSuchFileException e) {
      throw new UnreadableConfigException(path + ": file not found");
    } catch (IOException e) {
      throw new UnreadableConfigException(path + ": cannot be read (" + IoErrors.reason(e) + ")");
    }
    if (attributes.isDirectory()) {
      throw new UnreadableConfigException(path + ": is a directory, not a broker.conf file");
    }
    if (!attributes.isRegularFile()) {
      throw new UnreadableConfigException(
          path + ": is not a regular file (a device, FIFO or socket); a broker.conf must be one");
    }
    if (attributes.size() > MAX_BYTES) {
      throw tooLarge(path);
    }
    byte[] bytes;
    try (InputStream in = Files.newInputStream(path)) {
      bytes = in.readNBytes(MAX_BYTES + 1);
    } catch (IOException e) {
      throw new UnreadableConfigException(path + ": cannot be read (" + IoErrors.reason(e) + ")");
    }
    if (bytes.length > MAX_BYTES) {
      throw tooLarge(path); // it grew after the size check
    }
    for (byte b : bytes) {
      if (b == 0) {
        throw new UnreadableConfigException(
            path + ": is not a properties file (it contains binary data)");
      }
    }
    List<String> lines = new String(bytes, StandardCharsets.ISO_8859_1).lines().toList();
    return parse(path, lines);
  }

  private static UnreadableConfigException tooLarge(Path path) {
    return new UnreadableConfigException(
        path + ": is larger than " + MAX_BYTES + " bytes, too large for a broker.conf");
  }

  private static ConfigFile parse(Path path, List<String> lines) throws UnreadableConfigException {
    List<String> problems = new ArrayList<>();
    Map<String, String> values = new LinkedHashMap<>();
    Map<String, int[]> keyLines = new LinkedHashMap<>();
    int i = 0;
    while (i < lines.size()) {
      int first = i;
      String stripped = lines.get(i).stripLeading();
      if (stripped.isEmpty() || stripped.startsWith("#") || stripped.startsWith("!")) {
        i++;
        continue;
      }
      StringBuilder logical = new StringBuilder(lines.get(i));
      while (endsWithContinuation(lines.get(i)) && i + 1 < lines.size()) {
        i++;
        logical.append('\n').append(lines.get(i));
      }
      int last = i;
      i++;
      String where = path + ":" + (first + 1);
      if (!hasSeparator(logical.toString().stripLeading())) {
        problems.add(where + ": \"" + stripped + "\" is not a key=value line");
        continue;
      }
      Properties one = new Properties();
      try {
        one.load(new StringReader(logical.toString()));
      } catch (IOException | IllegalArgumentException e) {
        problems.add(where + ": cannot be parsed as a property (" + e.getMessage() + ")");
        continue;
      }
      for (String key : one.stringPropertyNames()) {
        if (!KEY.matcher(key).matches()) {
          problems.add(where + ": \"" + key + "\" is not a property name");
        } else if (keyLines.containsKey(key)) {
          problems.add(
              where
                  + ": "
                  + key
                  + " is already set on line "
                  + (keyLines.get(key)[0] + 1)
                  + " (the broker would silently use the last one; keep one)");
        } else {
          values.put(key, one.getProperty(key));
          keyLines.put(key, new int[] {first, last});
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new UnreadableConfigException(problems);
    }
    return new ConfigFile(path, lines, values, keyLines);
  }

  /** Properties continues a line ending in an odd number of backslashes. */
  private static boolean endsWithContinuation(String line) {
    int backslashes = 0;
    for (int j = line.length() - 1; j >= 0 && line.charAt(j) == '\\'; j--) {
      backslashes++;
    }
    return backslashes % 2 == 1;
  }

  /** A key ends at the first unescaped '=', ':' or whitespace; without one it is not key=value. */
  private static boolean hasSeparator(String line) {
    for (int j = 0; j < line.length(); j++) {
      char c = line.charAt(j);
      if (c == '\\') {
        j++;
      } else if (c == '=' || c == ':' || Character.isWhitespace(c)) {
        return true;
      }
    }
    return false;
  }
}
