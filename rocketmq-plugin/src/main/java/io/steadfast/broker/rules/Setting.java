package io.steadfast.broker.rules;

import java.util.List;

/**
 * One broker property the rules read: its name, how RocketMQ 5.3.3 parses it, and the value
 * RocketMQ uses when the property is absent.
 *
 * @param name property name as written in {@code broker.conf}
 * @param type how the value is parsed
 * @param defaultValue RocketMQ's (or Steadfast's) default, {@code null} for "no value"
 * @param allowed the accepted values of an {@link Type#ENUM}, empty otherwise
 * @param min the smallest accepted value of an {@link Type#INT} or {@link Type#LONG}, 0 otherwise
 * @param max the largest accepted value of an {@link Type#INT} or {@link Type#LONG}, 0 otherwise
 */
public record Setting(
    String name, Type type, String defaultValue, List<String> allowed, long min, long max) {

  /** How a value is parsed; mirrors {@code MixAll.properties2Object}. */
  public enum Type {
    /** {@code Integer.parseInt} of the raw value (no trimming). */
    INT,
    /** {@code Long.parseLong} of the raw value (no trimming). */
    LONG,
    /** {@code Boolean.parseBoolean} of the raw value: anything but "true" is false. */
    BOOLEAN,
    /** {@code Enum.valueOf} of the trimmed value (RocketMQ's String setter overloads). */
    ENUM,
    /** The trimmed value. */
    STRING
  }

  /** Any int RocketMQ accepts; the rules judge the value. */
  static Setting ofInt(String name, int defaultValue) {
    return ofInt(name, defaultValue, Integer.MIN_VALUE, Integer.MAX_VALUE);
  }

  /** An int accepted only within [min, max]. */
  static Setting ofInt(String name, int defaultValue, int min, int max) {
    return new Setting(name, Type.INT, Integer.toString(defaultValue), List.of(), min, max);
  }

  static Setting ofLong(String name, long defaultValue) {
    return new Setting(
        name, Type.LONG, Long.toString(defaultValue), List.of(), Long.MIN_VALUE, Long.MAX_VALUE);
  }

  static Setting ofBoolean(String name, boolean defaultValue) {
    return new Setting(name, Type.BOOLEAN, Boolean.toString(defaultValue), List.of(), 0, 0);
  }

  static Setting ofEnum(String name, String defaultValue, String... allowed) {
    return new Setting(name, Type.ENUM, defaultValue, List.of(allowed), 0, 0);
  }

  static Setting ofString(String name, String defaultValue) {
    return new Setting(name, Type.STRING, defaultValue, List.of(), 0, 0);
  }

  /**
   * Checks a raw value the way RocketMQ would parse it.
   *
   * @return {@code null} when RocketMQ accepts the value, else why RocketMQ would silently ignore
   *     it (it keeps its default then)
   */
  String problemWith(String raw) {
    switch (type) {
      case INT:
        try {
          Integer.parseInt(raw);
          return null;
        } catch (NumberFormatException e) {
          return "is not an integer" + trailingSpaceHint(raw);
        }
      case LONG:
        try {
          Long.parseLong(raw);
          return null;
        } catch (NumberFormatException e) {
          return "is not an integer" + trailingSpaceHint(raw);
        }
      case BOOLEAN:
        if (raw.equalsIgnoreCase("true") || raw.equalsIgnoreCase("false")) {
          return null;
        }
        return "is not true or false (RocketMQ reads anything but \"true\" as false)"
            + trailingSpaceHint(raw);
      case ENUM:
        if (allowed.contains(raw.trim())) {
          return null;
        }
        return "is not one of " + String.join(", ", allowed) + " (the names are case-sensitive)";
      default:
        return null;
    }
  }

  /**
   * Checks an accepted value against this setting's range.
   *
   * @return {@code null} when the value is within it (always for non-numbers), else why not
   */
  String rangeProblem(String accepted) {
    if (type != Type.INT && type != Type.LONG) {
      return null;
    }
    long value = Long.parseLong(accepted);
    if (value >= min && value <= max) {
      return null;
    }
    return "is out of range: allowed " + min + " to " + max;
  }

  private static String trailingSpaceHint(String raw) {
    return raw.equals(raw.trim()) ? "" : " (it has leading or trailing spaces)";
  }

  /** The value RocketMQ ends up using for an accepted raw value. */
  String normalize(String raw) {
    switch (type) {
      case BOOLEAN:
        return Boolean.toString(Boolean.parseBoolean(raw));
      case ENUM:
      case STRING:
        return raw.trim();
      default:
        return raw;
    }
  }
}
