package io.steadfast.spring;

/**
 * A {@code steadfast.*} setting (or its absence) that Steadfast cannot start with. {@link
 * SteadfastFailureAnalyzer} turns it into Spring Boot's "APPLICATION FAILED TO START" report.
 */
public class InvalidSettingException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String property;
  private final String action;

  /**
   * @param property the property to change, e.g. {@code steadfast.consumer.groups.billing.lease}
   * @param problem what is wrong, with the value
   * @param action how to fix it
   */
  public InvalidSettingException(String property, String problem, String action) {
    this(property, problem, action, null);
  }

  public InvalidSettingException(String property, String problem, String action, Throwable cause) {
    super(property + ": " + problem, cause);
    this.property = property;
    this.action = action;
  }

  /** The property to change. */
  public String property() {
    return property;
  }

  /** How to fix it. */
  public String action() {
    return action;
  }
}
