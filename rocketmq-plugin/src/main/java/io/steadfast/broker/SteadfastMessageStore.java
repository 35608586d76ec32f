package io.steadfast.broker;

import io.steadfast.broker.rules.BrokerSettings;
import io.steadfast.broker.rules.InvalidSettingsException;
import io.steadfast.broker.rules.Violation;
import java.lang.management.ManagementFactory;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.rocketmq.common.BoundaryType;
import org.apache.rocketmq.common.constant.LoggerName;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.common.message.MessageExtBatch;
import org.apache.rocketmq.common.message.MessageExtBrokerInner;
import org.apache.rocketmq.logging.org.slf4j.Logger;
import org.apache.rocketmq.logging.org.slf4j.LoggerFactory;
import org.apache.rocketmq.store.MessageStore;
import org.apache.rocketmq.store.PutMessageResult;
import org.apache.rocketmq.store.PutMessageStatus;
import org.apache.rocketmq.store.config.BrokerRole;
import org.apache.rocketmq.store.ha.HAService;
import org.apache.rocketmq.store.plugin.AbstractPluginMessageStore;
import org.apache.rocketmq.store.plugin.MessageStorePluginContext;

/**
 * Steadfast's RocketMQ 5.3 message store plugin ({@code messageStorePlugIn=
 * io.steadfast.broker.SteadfastMessageStore}), a decorator over the next store.
 *
 * <ul>
 *   <li>Construction: applies the durability rules to the effective config; in {@code enforce} mode
 *       a violation stops the broker with one message (broker.log and stderr), in {@code audit}
 *       mode it is logged and the broker starts.
 *   <li>Writes on a SYNC_MASTER: while fewer replicas are in sync than {@code inSyncReplicas}, a
 *       producer's write that waits for replication is answered {@code IN_SYNC_REPLICAS_NOT_ENOUGH}
 *       before it is stored (like Kafka's {@code min.insync.replicas}), instead of being stored and
 *       answered FLUSH_SLAVE_TIMEOUT, which makes producers resend it. The broker turns the status
 *       into SYSTEM_ERROR "in-sync replicas not enough", which producers retry. The broker's own
 *       writes of messages it accepted earlier ({@link WriteOrigin}) always pass.
 *   <li>Start: starts the next store, then registers the counters ({@link WriteStatsMBean}).
 * </ul>
 */
public class SteadfastMessageStore extends AbstractPluginMessageStore {

  private static final Logger LOG = LoggerFactory.getLogger(LoggerName.BROKER_LOGGER_NAME);
  private static final String TAG = "[Steadfast] ";

  private final String brokerName;
  private final boolean audit;
  private final WriteStats stats = new WriteStats();
  private final AtomicBoolean underReplicated = new AtomicBoolean();
  private volatile ObjectName mbeanName;

  /**
   * Called by RocketMQ's {@code MessageStoreFactory}. Every failure is logged with its reason
   * before it is thrown: RocketMQ itself only reports "Initialize plugin's class ... not found!".
   *
   * @throws IllegalStateException in enforce mode when the config violates a rule, in any mode when
   *     a Steadfast setting is invalid, or when the config cannot be read (the broker then fails to
   *     initialize)
   */
  public SteadfastMessageStore(MessageStorePluginContext context, MessageStore next) {
    super(context, next);
    this.brokerName = context.getBrokerConfig().getBrokerName();
    try {
      this.audit = checkConfig(context).isAuditMode();
    } catch (Refusal alreadyLogged) {
      throw alreadyLogged;
    } catch (RuntimeException | LinkageError e) {
      throw refusal(
          "Steadfast cannot check the configuration of broker " + brokerName + ": " + e, e);
    }
    LOG.info(
        TAG
            + "decorating {}: putMessage, putMessages, asyncPutMessage, asyncPutMessages (in-sync"
            + " replica guard: {}; timeout counters), getOffsetInQueueByTime(BoundaryType)"
            + " (delegation), start (JMX counters), shutdown",
        next.getClass().getSimpleName(),
        audit ? "audit only" : "rejects producer writes");
  }

  /** Applies the rules; returns the settings when the broker may start. */
  private static BrokerSettings checkConfig(MessageStorePluginContext context) {
    EffectiveConfig config = EffectiveConfig.of(context);
    BrokerSettings settings;
    try {
      settings = BrokerSettings.of(config.values());
    } catch (InvalidSettingsException e) {
      throw refusal(
          "Steadfast refuses to start the broker: invalid settings in "
              + config.source()
              + ": "
              + String.join("; ", e.problems()),
          null);
    }
    for (String warning : settings.unsafeSettings()) {
      LOG.warn(TAG + "{}", warning);
      System.err.println("Steadfast WARNING: " + warning);
    }
    StartupCheck check = StartupCheck.of(settings, config.source());
    if (check.refuse()) {
      throw refusal(check.message(), null);
    }
    if (check.violations().isEmpty()) {
      LOG.info(
          TAG + "broker {} complies with all durability rules (steadfastMode={}, config: {})",
          settings.brokerName(),
          settings.isAuditMode() ? "audit" : "enforce",
          config.source());
    } else {
      LOG.warn(TAG + "{}", check.message());
      for (Violation v : check.violations()) {
        LOG.warn(TAG + "audit: {}", v.describe());
      }
    }
    return settings;
  }

  /** Logs and prints the reason first: RocketMQ itself only reports "plugin class not found". */
  private static Refusal refusal(String message, Throwable unexpected) {
    if (unexpected == null) {
      LOG.error(TAG + "{}", message);
    } else {
      LOG.error(TAG + "{}", message, unexpected);
    }
    System.err.println(message);
    System.err.flush();
    return new Refusal(message, unexpected);
  }

  /** A constructor failure whose reason is already logged. */
  private static final class Refusal extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    Refusal(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * Starts the next store, then registers the JMX counters. A failure is logged with its reason
   * first: RocketMQ's startup only prints a stack trace to stdout.
   */
  @Override
  public void start() throws Exception {
    try {
      next.start();
      mbeanName = registerMBean();
    } catch (Exception e) {
      String reason = "the store of broker " + brokerName + " failed to start: " + e;
      LOG.error(TAG + "{}", reason, e);
      System.err.println("Steadfast: " + reason);
      throw e;
    }
    LOG.info(TAG + "store started; counters at JMX {}", mbeanName);
  }

  private ObjectName registerMBean() throws JMException {
    ObjectName name =
        new ObjectName("io.steadfast:type=WriteStats,broker=" + ObjectName.quote(brokerName));
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    if (server.isRegistered(name)) {
      server.unregisterMBean(name); // a broker restarted inside the same JVM
    }
    server.registerMBean(stats, name);
    return name;
  }

  @Override
  public CompletableFuture<PutMessageResult> asyncPutMessage(MessageExtBrokerInner msg) {
    PutMessageResult rejected = guard(msg);
    if (rejected != null) {
      return CompletableFuture.completedFuture(rejected);
    }
    return next.asyncPutMessage(msg).whenComplete((result, error) -> countTimeouts(result));
  }

  @Override
  public CompletableFuture<PutMessageResult> asyncPutMessages(MessageExtBatch batch) {
    PutMessageResult rejected = guard(batch);
    if (rejected != null) {
      return CompletableFuture.completedFuture(rejected);
    }
    return next.asyncPutMessages(batch).whenComplete((result, error) -> countTimeouts(result));
  }

  @Override
  public PutMessageResult putMessage(MessageExtBrokerInner msg) {
    PutMessageResult rejected = guard(msg);
    if (rejected != null) {
      return rejected;
    }
    PutMessageResult result = next.putMessage(msg);
    countTimeouts(result);
    return result;
  }

  @Override
  public PutMessageResult putMessages(MessageExtBatch batch) {
    PutMessageResult rejected = guard(batch);
    if (rejected != null) {
      return rejected;
    }
    PutMessageResult result = next.putMessages(batch);
    countTimeouts(result);
    return result;
  }

  /** AbstractPluginMessageStore 5.3.3 does not delegate this overload. */
  @Override
  public long getOffsetInQueueByTime(
      String topic, int queueId, long timestamp, BoundaryType boundaryType) {
    return next.getOffsetInQueueByTime(topic, queueId, timestamp, boundaryType);
  }

  @Override
  public void shutdown() {
    LOG.info(TAG + "store shutting down; {}", stats);
    ObjectName name = mbeanName;
    if (name != null) {
      try {
        ManagementFactory.getPlatformMBeanServer().unregisterMBean(name);
      } catch (JMException e) {
        LOG.warn(TAG + "cannot unregister " + name, e);
      }
    }
    next.shutdown();
  }

  /**
   * The check RocketMQ's CommitLog makes only in controller / slave-acting-master mode, applied to
   * classic SYNC_MASTERs: a producer's write that would wait for {@code inSyncReplicas} copies
   * while fewer replicas are in sync is refused before it is stored. Writes of messages the broker
   * accepted earlier always pass: refusing a transaction commit or a due timer message can lose it.
   *
   * @return the rejection, or {@code null} to let the write through
   */
  private PutMessageResult guard(MessageExt msg) {
    int required = context.getMessageStoreConfig().getInSyncReplicas();
    if (required <= 1 || !replicatesSynchronously()) {
      return null;
    }
    HAService ha = next.getHaService();
    int inSync = ha == null ? 1 : ha.inSyncReplicasNums(next.getMaxPhyOffset());
    if (inSync >= required) {
      if (underReplicated.compareAndSet(true, false)) {
        LOG.info(
            TAG + "{} of {} replicas in sync again; accepting writes ({})",
            inSync,
            required,
            stats);
      }
      return null;
    }
    if (underReplicated.compareAndSet(false, true)) {
      LOG.warn(
          TAG
              + "only {} of {} required replicas in sync: {} producer writes until a slave catches"
              + " up ({})",
          inSync,
          required,
          audit ? "audit mode, NOT rejecting" : "rejecting",
          stats);
    }
    WriteOrigin origin = WriteOrigin.of(msg);
    if (origin != WriteOrigin.PRODUCER) {
      letThrough(origin, msg.getTopic());
      return null;
    }
    // RocketMQ neither flushes nor replicates before acking such a write: nothing to wait for.
    if (!msg.isWaitStoreMsgOK()) {
      return null;
    }
    if (audit) {
      stats.audited();
      return null;
    }
    long count = stats.rejected();
    LOG.warn(
        TAG
            + "rejected write to {} before storing it: {} of {} replicas in sync (rejected so far:"
            + " {})",
        msg.getTopic(),
        inSync,
        required,
        count);
    return new PutMessageResult(PutMessageStatus.IN_SYNC_REPLICAS_NOT_ENOUGH, null);
  }

  /** Counts and logs a re-put that passes while under-replicated; bookkeeping writes quietly. */
  private void letThrough(WriteOrigin origin, String topic) {
    if (origin == WriteOrigin.BROKER_TOPIC) {
      return; // pop checkpoints and the like: several a second, each message's own re-put is logged
    }
    long count = stats.rePutWhileUnderReplicated();
    LOG.info(
        TAG
            + "let a {} to {} through while under-replicated: the broker accepted this message"
            + " earlier, refusing it now could lose it (let through so far: {})",
        origin,
        topic,
        count);
  }

  /** Mirrors CommitLog.needHandleHA's mode checks for the classic master/slave mode. */
  private boolean replicatesSynchronously() {
    return context.getMessageStoreConfig().getBrokerRole() == BrokerRole.SYNC_MASTER
        && !context.getMessageStoreConfig().isDuplicationEnable()
        && !context.getMessageStoreConfig().isEnableDLegerCommitLog()
        && !context.getBrokerConfig().isEnableControllerMode()
        && !context.getBrokerConfig().isEnableSlaveActingMaster();
  }

  private void countTimeouts(PutMessageResult result) {
    if (result == null) {
      return;
    }
    PutMessageStatus status = result.getPutMessageStatus();
    if (status == PutMessageStatus.FLUSH_DISK_TIMEOUT) {
      stats.flushTimeout();
      LOG.warn(TAG + "flush timeout: a write was stored but not confirmed on disk ({})", stats);
    } else if (status == PutMessageStatus.FLUSH_SLAVE_TIMEOUT
        || status == PutMessageStatus.SLAVE_NOT_AVAILABLE) {
      stats.replicaTimeout();
      LOG.warn(
          TAG + "replica timeout ({}): a write was stored on the master only ({})", status, stats);
    }
  }
}
