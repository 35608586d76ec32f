package io.steadfast.spring;

import io.steadfast.Steadfast;
import io.steadfast.codec.Codecs;
import io.steadfast.config.ClientSettings;
import io.steadfast.consume.ConsumerConfig;
import io.steadfast.consume.ConsumerDefinition;
import io.steadfast.consume.HandlerTransactions;
import io.steadfast.consume.RunningConsumer;
import io.steadfast.metrics.SteadfastMetrics;
import io.steadfast.store.IdempotencyStore;
import io.steadfast.store.TransactionalIdempotencyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;

/**
 * Starts a consumer for every bean that implements an {@code @IdempotentConsumer} interface (found
 * through the processor's index) once the context has started, and closes them when it stops.
 *
 * <p>Phase {@link #PHASE}: consumers start after, and stop before, every other lifecycle bean with
 * a lower phase (the web server included). {@link #stop()} closes all consumers in parallel and
 * returns only when each has finished: its running handlers completed or, after its shutdown
 * timeout, left with their claims kept (see {@code RunningConsumer#close()}). Beans are destroyed
 * only after that, so the store, the senders and the DataSource outlive every handler.
 */
public final class SteadfastConsumers implements SmartLifecycle {
  /** Above the web server's phases: consumers stop first. */
  public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 512;

  private static final Logger log = LoggerFactory.getLogger(SteadfastConsumers.class);

  /** A started consumer and the settings it runs with. */
  record Started(RunningConsumer consumer, boolean failOpen, boolean transactional) {}

  private record Planned(ConsumerDefinition definition, GroupSettings settings) {}

  private final ListableBeanFactory beans;
  private final ClassLoader classLoader;
  private final SteadfastProperties properties;
  private final ObjectProvider<ClientSettings> client;
  private final ObjectProvider<IdempotencyStore> store;
  private final ObjectProvider<HandlerTransactions> transactions;
  private final SteadfastMetrics metrics;
  private final Codecs codecs;
  private final List<Started> started = new CopyOnWriteArrayList<>();
  private volatile boolean running;

  SteadfastConsumers(
      ListableBeanFactory beans,
      ClassLoader classLoader,
      SteadfastProperties properties,
      ObjectProvider<ClientSettings> client,
      ObjectProvider<IdempotencyStore> store,
      ObjectProvider<HandlerTransactions> transactions,
      SteadfastMetrics metrics,
      Codecs codecs) {
    this.beans = beans;
    this.classLoader = classLoader;
    this.properties = properties;
    this.client = client;
    this.store = store;
    this.transactions = transactions;
    this.metrics = metrics;
    this.codecs = codecs;
    // Fail at bean creation, before anything connects: the defaults and every configured group.
    GroupSettings.resolve("", properties.getConsumer());
    properties
        .getConsumer()
        .getGroups()
        .keySet()
        .forEach(g -> GroupSettings.resolve(g, properties.getConsumer()));
  }

  @Override
  public void start() {
    List<Planned> plan = plan();
    if (!plan.isEmpty()) {
      IdempotencyStore dedup = requireStore(plan);
      HandlerTransactions tx =
          dedup instanceof TransactionalIdempotencyStore ? transactions.getIfUnique() : null;
      try {
        for (Planned p : plan) {
          ConsumerConfig.Builder config =
              p.settings()
                  .applyTo(ConsumerConfig.builder(client.getObject(), dedup))
                  .retention(properties.getStore().getRetention())
                  .metrics(metrics)
                  .codecs(codecs);
          boolean transactional = tx != null && p.settings().transactional();
          if (transactional) {
            config.transactions(tx);
          }
          logTransactions(p, dedup, tx, transactional);
          started.add(
              new Started(
                  Steadfast.consumer(p.definition(), config.build()),
                  p.settings().failOpen(),
                  transactional));
        }
      } catch (RuntimeException e) {
        closeAll();
        throw e;
      }
    }
    running = true;
  }

  /** Every consumer bean with its checked settings; disabled groups are logged and left out. */
  private List<Planned> plan() {
    List<Planned> plan = new ArrayList<>();
    Set<String> groups = new TreeSet<>();
    for (Class<?> iface : GeneratedTypes.consumers(classLoader)) {
      Map<String, ?> impls = beans.getBeansOfType(iface);
      if (impls.size() > 1) {
        throw new IllegalStateException(
            "Beans "
                + impls.keySet()
                + " all implement consumer interface "
                + iface.getName()
                + ": a consumer group runs one handler bean. Keep one of them (or mark the others"
                + " as not autowire candidates).");
      }
      for (Object impl : impls.values()) {
        ConsumerDefinition definition = definition(iface, impl);
        groups.add(definition.group());
        GroupSettings settings =
            GroupSettings.resolve(definition.group(), properties.getConsumer());
        if (settings.enabled()) {
          plan.add(new Planned(definition, settings));
        } else {
          log.info(
              "Consumer group {} ({}) is disabled by configuration", definition.group(), iface);
        }
      }
    }
    for (String configured : properties.getConsumer().getGroups().keySet()) {
      if (!groups.contains(configured)) {
        throw new InvalidSettingException(
            "steadfast.consumer.groups." + configured,
            "no consumer bean of this application has group '"
                + configured
                + "' (its groups: "
                + groups
                + ")",
            "correct the group name, or remove the settings of a group that is gone.");
      }
    }
    return plan;
  }

  private static void logTransactions(
      Planned p, IdempotencyStore dedup, HandlerTransactions tx, boolean transactional) {
    String group = p.definition().group();
    if (transactional) {
      log.info(
          "Consumer group {}: every handler runs in a Spring-managed transaction with its dedup"
              + " record ({})",
          group,
          tx);
    } else if (!p.settings().transactional()) {
      log.info(
          "Consumer group {}: handlers run without a transaction ({}=false)",
          group,
          p.settings().transactionalProperty());
    } else {
      log.info(
          "Consumer group {}: handlers run without a transaction: {}; a handler that fails after"
              + " its writes runs again",
          group,
          dedup instanceof TransactionalIdempotencyStore
              ? "the application has no single PlatformTransactionManager and DataSource"
              : "the dedup store " + dedup.getClass().getSimpleName() + " is not a JDBC store");
    }
  }

  private static <T> ConsumerDefinition definition(Class<T> iface, Object impl) {
    return Steadfast.consumerDefinition(iface, iface.cast(impl));
  }

  private IdempotencyStore requireStore(List<Planned> plan) {
    IdempotencyStore dedup = store.getIfAvailable();
    if (dedup == null) {
      throw new InvalidSettingException(
          "steadfast.store.type",
          "consumer group '"
              + plan.get(0).definition().group()
              + "' needs a dedup store, and none is configured"
              + (properties.getStore().getType() == null
                  ? " (the default, jdbc, needs a DataSource bean)"
                  : " (type " + properties.getStore().getType() + ")"),
          "give the application a DataSource (spring-boot-starter-jdbc) for the jdbc store, or"
              + " set steadfast.store.type=redis with steadfast.store.redis.url (and add"
              + " redis.clients:jedis), or steadfast.store.type=memory for tests.");
    }
    return dedup;
  }

  /** The consumers started by {@link #start()}, until {@link #stop()}. */
  List<Started> started() {
    return List.copyOf(started);
  }

  @Override
  public void stop() {
    running = false;
    closeAll();
  }

  /** Closes every started consumer in parallel and waits for all of them. */
  private void closeAll() {
    List<Thread> closing = new ArrayList<>();
    for (Started s : started) {
      Thread t = new Thread(s.consumer()::close, "steadfast-close-" + s.consumer().group());
      t.start();
      closing.add(t);
    }
    for (Thread t : closing) {
      try {
        t.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        log.warn("Interrupted while consumers were closing; they go on closing in the background");
        break;
      }
    }
    started.clear();
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  @Override
  public int getPhase() {
    return PHASE;
  }
}
