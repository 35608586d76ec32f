package io.steadfast.spring;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;

/**
 * Every {@code steadfast.*} setting of a Spring Boot application: how to reach RocketMQ, where the
 * dedup records live, and how producers send and consumers receive. docs/spring-boot.md lists them
 * with their defaults.
 */
@ConfigurationProperties(prefix = "steadfast")
public class SteadfastProperties {
  /** How to reach the RocketMQ proxy. */
  @NestedConfigurationProperty
  private final ConnectionProperties connection = new ConnectionProperties();

  /** Where consumers keep their dedup records. */
  @NestedConfigurationProperty private final StoreProperties store = new StoreProperties();

  /** How generated producers send. */
  @NestedConfigurationProperty private final SenderProperties sender = new SenderProperties();

  /** How consumers receive, with per-group overrides. */
  @NestedConfigurationProperty private final ConsumerProperties consumer = new ConsumerProperties();

  public ConnectionProperties getConnection() {
    return connection;
  }

  public StoreProperties getStore() {
    return store;
  }

  public SenderProperties getSender() {
    return sender;
  }

  public ConsumerProperties getConsumer() {
    return consumer;
  }
}
