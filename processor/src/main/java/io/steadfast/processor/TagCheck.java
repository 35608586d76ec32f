package io.steadfast.processor;

/** Tags are single words: Steadfast joins a topic's tags into one "a || b" filter itself. */
final class TagCheck {
  private TagCheck() {}

  static boolean isInvalid(String tag) {
    return tag.contains("||") || tag.contains("*") || tag.chars().anyMatch(Character::isWhitespace);
  }
}
