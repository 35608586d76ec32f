package io.steadfast.testkit;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit 5 extension that runs an {@link EmbeddedRocketMQ} for a test class:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final EmbeddedRocketMQExtension MQ =
 *     new EmbeddedRocketMQExtension(EmbeddedRocketMQ.builder().topic("orders"));
 * }</pre>
 *
 * <p>Registered on a static field, one cluster serves every test of the class; on an instance
 * field, each test gets its own. {@link #shared} lets test classes that describe the same kind of
 * cluster use one, started once per test run: each class's topics and groups are created on it, so
 * classes must use topic and group names of their own and must not stop its servers.
 */
public final class EmbeddedRocketMQExtension
    implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {
  private static final ExtensionContext.Namespace SHARED =
      ExtensionContext.Namespace.create(EmbeddedRocketMQExtension.class);

  private final EmbeddedRocketMQ.Builder builder;
  private final boolean shared;
  private EmbeddedRocketMQ cluster;
  private boolean perTest;

  /** A cluster of this class's own, started from {@code builder}. */
  public EmbeddedRocketMQExtension(EmbeddedRocketMQ.Builder builder) {
    this(builder, false);
  }

  private EmbeddedRocketMQExtension(EmbeddedRocketMQ.Builder builder, boolean shared) {
    this.builder = builder;
    this.shared = shared;
  }

  /**
   * A cluster shared with every other test class of the run whose builder differs only in topics
   * and groups (it saves a cluster start per class). Register it on a static field; it is closed
   * when the run ends. A builder with a {@link EmbeddedRocketMQ.Builder#baseDir} gets its own.
   */
  public static EmbeddedRocketMQExtension shared(EmbeddedRocketMQ.Builder builder) {
    return new EmbeddedRocketMQExtension(builder, builder.sharingKey() != null);
  }

  /** The running cluster. */
  public EmbeddedRocketMQ cluster() {
    if (cluster == null) {
      throw new IllegalStateException("the cluster runs only while a test of its class runs");
    }
    return cluster;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    if (shared) {
      cluster =
          context
              .getRoot()
              .getStore(SHARED)
              .getOrComputeIfAbsent(
                  builder.sharingKey(), key -> builder.start(), EmbeddedRocketMQ.class);
      cluster.createTopicsAndGroups(builder);
    } else {
      cluster = builder.start();
    }
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    if (shared && cluster == null) {
      throw new IllegalStateException(
          "a shared cluster must be registered on a static field: make the field static");
    }
    if (cluster == null) {
      perTest = true;
      cluster = builder.start();
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (perTest) {
      closeCluster();
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (shared) {
      cluster = null; // closed with the run's root store
    } else {
      closeCluster();
    }
  }

  private void closeCluster() {
    if (cluster != null) {
      cluster.close();
      cluster = null;
    }
  }
}
