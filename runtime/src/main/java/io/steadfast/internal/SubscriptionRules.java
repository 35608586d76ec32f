package io.steadfast.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * What a consumer may subscribe to: the one rule behind the runtime's checks ({@code
 * HandlerBinding.builder}, {@code ConsumerDefinition.of} and the consumer engine) and the
 * annotation processor's ({@code BLANK_TOPIC}, {@code BLANK_TAG}, {@code INVALID_TAG}, {@code
 * DUPLICATE_SUBSCRIPTION}), so that a hand-written definition and a generated one are accepted and
 * refused alike, with the same words.
 *
 * <ul>
 *   <li>A topic is not blank.
 *   <li>A tag is one word (no {@code ||}, {@code *} or whitespace), or the lone {@code "*"} for
 *       every tag of its topic: Steadfast merges the tags of a topic into one filter expression
 *       itself.
 *   <li>No two handlers of one consumer receive the same topic and tag; {@code "*"} overlaps every
 *       tag of its topic.
 * </ul>
 *
 * <p>The annotation processor carries a copy of this class (relocated into its own jar), so it uses
 * nothing outside {@code java.base}.
 */
public final class SubscriptionRules {
  /** The tag that subscribes to every tag of its topic. */
  public static final String ANY_TAG = "*";

  private SubscriptionRules() {}

  /**
   * A broken rule and its words. Each pattern takes the subject (what has the topic or tag: a
   * method, a binding) as argument 1; {@link #INVALID_TAG} the tag as argument 2; {@link #OVERLAP}
   * the two subjects, the topic and the tag both receive.
   */
  public enum Violation {
    BLANK_TOPIC("The topic of %1$s is blank.", "name the RocketMQ topic, e.g. \"orders\"."),
    BLANK_TAG(
        "The tag of %1$s is blank.", "name one tag, e.g. \"created\", or use \"*\" for every tag."),
    INVALID_TAG(
        "The tag \"%2$s\" of %1$s contains '||', '*' or whitespace.",
        "use one word as the tag; to receive several tags, bind one handler per tag (Steadfast"
            + " merges the tags of a topic into one filter itself)."),
    OVERLAP(
        "%1$s and %2$s would both receive topic \"%3$s\" tag \"%4$s\".",
        "give each handler its own topic and tag; tag \"*\" overlaps every tag of its topic.");

    private final String text;
    private final String fix;

    Violation(String text, String fix) {
      this.text = text;
      this.fix = fix;
    }

    /** What is wrong, a {@link String#format} pattern. */
    public String text() {
      return text;
    }

    /** How to fix it, a {@link String#format} pattern over the same arguments. */
    public String fix() {
      return fix;
    }

    /** The problem, then " Fix: " and the fix, both with {@code args} filled in. */
    public String format(Object... args) {
      return String.format(text, args) + " Fix: " + String.format(fix, args);
    }
  }

  /**
   * A pair of subscriptions that overlap: {@code later} would receive what {@code earlier} does.
   */
  public record Overlap<S>(S earlier, S later, String topic, String tag) {}

  /** What is wrong with {@code topic}, if anything. */
  public static Optional<Violation> checkTopic(String topic) {
    return topic.isBlank() ? Optional.of(Violation.BLANK_TOPIC) : Optional.empty();
  }

  /** What is wrong with subscribing to {@code tag} ({@code "*"} included), if anything. */
  public static Optional<Violation> checkTag(String tag) {
    if (tag.isBlank()) {
      return Optional.of(Violation.BLANK_TAG);
    }
    return tag.equals(ANY_TAG) || isOneWord(tag)
        ? Optional.empty()
        : Optional.of(Violation.INVALID_TAG);
  }

  /** Whether {@code tag} is one word: what a message itself may carry (never {@code "*"}). */
  public static boolean isOneWord(String tag) {
    return !tag.contains("||")
        && !tag.contains("*")
        && tag.chars().noneMatch(Character::isWhitespace);
  }

  /**
   * Every pair of {@code subscriptions} that receive a common topic and tag: equal topics and equal
   * tags, or {@code "*"} on either side. In order of the later one, then the earlier one; the tag
   * is the specific one when one side is {@code "*"}.
   */
  public static <S> List<Overlap<S>> overlaps(
      List<S> subscriptions, Function<S, String> topic, Function<S, String> tag) {
    List<Overlap<S>> found = new ArrayList<>();
    for (int later = 0; later < subscriptions.size(); later++) {
      S b = subscriptions.get(later);
      for (int earlier = 0; earlier < later; earlier++) {
        S a = subscriptions.get(earlier);
        String tagA = tag.apply(a);
        String tagB = tag.apply(b);
        if (topic.apply(a).equals(topic.apply(b))
            && (tagA.equals(tagB) || tagA.equals(ANY_TAG) || tagB.equals(ANY_TAG))) {
          found.add(new Overlap<>(a, b, topic.apply(b), tagA.equals(ANY_TAG) ? tagB : tagA));
        }
      }
    }
    return found;
  }

  /**
   * Throws an {@link IllegalArgumentException} with the rule's words if {@code topic} or {@code
   * tag} is not subscribable; {@code subject} names what has them.
   */
  public static void requireSubscribable(String subject, String topic, String tag) {
    Optional<Violation> broken = checkTopic(topic).or(() -> checkTag(tag));
    if (broken.isPresent()) {
      throw new IllegalArgumentException(broken.get().format(subject, tag));
    }
  }

  /**
   * Throws an {@link IllegalArgumentException} with the rule's words, prefixed by {@code owner}, if
   * two of {@code subscriptions} overlap; {@code describe} names one in the message.
   */
  public static <S> void requireNoOverlap(
      String owner,
      List<S> subscriptions,
      Function<S, String> topic,
      Function<S, String> tag,
      Function<S, String> describe) {
    List<Overlap<S>> overlaps = overlaps(subscriptions, topic, tag);
    if (!overlaps.isEmpty()) {
      Overlap<S> o = overlaps.get(0);
      throw new IllegalArgumentException(
          owner
              + ": "
              + Violation.OVERLAP.format(
                  describe.apply(o.earlier()), describe.apply(o.later()), o.topic(), o.tag()));
    }
  }
}
