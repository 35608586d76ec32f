package io.steadfast.broker.check;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A parsed {@code broker.conf}: its lines as written (for {@code --fix}) and its values.
 *
 * @param path where it was read from
 * @param lines the physical lines, unchanged
 * @param values key → value exactly as {@link java.util.Properties#load} reads them
 * @param keyLines key → the 0-based [first, last] physical line of its (possibly continued) entry
 */
record ConfigFile(
    Path path, List<String> lines, Map<String, String> values, Map<String, int[]> keyLines) {}
