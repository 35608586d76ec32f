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
 * field, each test gets its own.
 */
public final class EmbeddedRocketMQExtension
    implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {
  private final EmbeddedRocketMQ.Builder builder;
  private EmbeddedRocketMQ cluster;
  private boolean perTest;

  public EmbeddedRocketMQExtension(EmbeddedRocketMQ.Builder builder) {
    this.builder = builder;
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
    cluster = builder.start();
  }

  @Override
  public void beforeEach(ExtensionContext context) {
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
    closeCluster();
  }

  private void closeCluster() {
    if (cluster != null) {
      cluster.close();
      cluster = null;
    }
  }
}
