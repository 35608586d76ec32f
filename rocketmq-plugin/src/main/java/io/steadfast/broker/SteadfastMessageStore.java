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
 *   <li>Startup: applies the durability rules to the effective config; in {@code enforce} mode a
 *       violation stops the broker with one message (broker.log and stderr), in {@code audit} mode
 *       it is logged and the broker starts.
 *   <li>Writes on a SYNC_MASTER: while fewer replicas are in sync than {@code inSyncReplicas}, a
 *       write that waits for replication is answered {@code IN_SYNC_REPLICAS_NOT_ENOUGH} before it
 *       is stored (like Kafka's {@code min.insync.replicas}), instead of being stored and answered
 *       FLUSH_SLAVE_TIMEOUT, which makes producers resend it. The broker turns the status into
 *       SYSTEM_ERROR "in-sync replicas not enough", which producers retry.
 *   <li>Counts rejected writes and flush/replica timeouts ({@link WriteStatsMBean}); reads are
 *       untouched.
 * </ul>
 */
public class SteadfastMessageStore extends AbstractPluginMessageStore {

  private static final Logger LOG = LoggerFactory.getLogger(LoggerName.BROKER_LOGGER_NAME);
  private static final String TAG = "[Steadfast] ";

  private final boolean audit;
  private final WriteStats stats = new WriteStats();
  private final AtomicBoolean underReplicated = new AtomicBoolean();
  private final ObjectName mbeanName;

  /**
   * Called by RocketMQ's {@code MessageStoreFactory}.
   *
   * @throws IllegalStateException in enforce mode when the config violates a rule (the broker then
   *     fails to initialize)
   */
  public SteadfastMessageStore(MessageStorePluginContext context, MessageStore next) {
    super(context, next);
    EffectiveConfig config = EffectiveConfig.of(context);
    BrokerSettings settings = settings(config);
    StartupCheck check = StartupCheck.of(settings, config.source());
    this.audit = settings.isAuditMode();
    if (check.refuse()) {
      throw refusal(check.message(), null);
    }
    if (check.violations().isEmpty()) {
      LOG.info(
          TAG + "broker {} complies with all durability rules (steadfastMode={}, config: {})",
          settings.brokerName(),
          audit ? "audit" : "enforce",
          config.source());
    } else {
      LOG.warn(TAG + "{}", check.message());
      for (Violation v : check.violations()) {
        LOG.warn(TAG + "audit: {}", v.describe());
      }
    }
    this.mbeanName = registerMBean(settings.brokerName());
    LOG.info(
        TAG
            + "decorating {}: putMessage, putMessages, asyncPutMessage, asyncPutMessages (in-sync"
            + " replica guard: {}; timeout counters), getOffsetInQueueByTime(BoundaryType)"
            + " (delegation); JMX {}",
        next.getClass().getSimpleName(),
        audit ? "audit only" : "rejects",
        mbeanName);
  }

  private static BrokerSettings settings(EffectiveConfig config) {
    try {
      return BrokerSettings.of(config.values());
    } catch (InvalidSettingsException e) {
      throw refusal(
          "Steadfast refuses to start the broker: invalid settings in "
              + config.source()
              + ": "
              + String.join("; ", e.problems()),
          e);
    }
  }

  /** Logs and prints the reason first: RocketMQ itself only reports "plugin class not found". */
  private static IllegalStateException refusal(String message, Throwable cause) {
    LOG.error(TAG + "{}", message);
    System.err.println(message);
    System.err.flush();
    return new IllegalStateException(message, cause);
  }

  private ObjectName registerMBean(String brokerName) {
    try {
      ObjectName name =
          new ObjectName("io.steadfast:type=WriteStats,broker=" + ObjectName.quote(brokerName));
      MBeanServer server = ManagementFactory.getPlatformMBeanServer();
      if (server.isRegistered(name)) {
        server.unregisterMBean(name); // a broker restarted inside the same JVM
      }
      server.registerMBean(stats, name);
      return name;
    } catch (JMException e) {
      throw new IllegalStateException("Steadfast cannot register its JMX counters", e);
    }
  }

  @Override
  public CompletableFuture<PutMessageResult> asyncPutMessage(MessageExtBrokerInner msg) {
    PutMessageResult rejected = rejectIfUnderReplicated(msg);
    if (rejected != null) {
      return CompletableFuture.completedFuture(rejected);
    }
    return next.asyncPutMessage(msg).whenComplete((result, error) -> countTimeouts(result));
  }

  @Override
  public CompletableFuture<PutMessageResult> asyncPutMessages(MessageExtBatch batch) {
    PutMessageResult rejected = rejectIfUnderReplicated(batch);
    if (rejected != null) {
      return CompletableFuture.completedFuture(rejected);
    }
    return next.asyncPutMessages(batch).whenComplete((result, error) -> countTimeouts(result));
  }

  @Override
  public PutMessageResult putMessage(MessageExtBrokerInner msg) {
    PutMessageResult rejected = rejectIfUnderReplicated(msg);
    if (rejected != null) {
      return rejected;
    }
    PutMessageResult result = next.putMessage(msg);
    countTimeouts(result);
    return result;
  }

  @Override
  public PutMessageResult putMessages(MessageExtBatch batch) {
    PutMessageResult rejected = rejectIfUnderReplicated(batch);
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
    try {
      ManagementFactory.getPlatformMBeanServer().unregisterMBean(mbeanName);
    } catch (JMException e) {
      LOG.warn(TAG + "cannot unregister " + mbeanName, e);
    }
    next.shutdown();
  }

  /**
   * The check RocketMQ's CommitLog makes only in controller / slave-acting-master mode, applied to
   * classic SYNC_MASTERs: a write that would wait for {@code inSyncReplicas} copies while fewer
   * replicas are in sync is refused before it is stored.
   *
   * @return the rejection, or {@code null} to let the write through
   */
  private PutMessageResult rejectIfUnderReplicated(MessageExt msg) {
    int required = context.getMessageStoreConfig().getInSyncReplicas();
    if (required <= 1 || !waitsForReplicas(msg)) {
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
          TAG + "only {} of {} required replicas in sync: {} writes until a slave catches up ({})",
          inSync,
          required,
          audit ? "audit mode, NOT rejecting" : "rejecting",
          stats);
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

  /** Mirrors CommitLog.needHandleHA for the classic master/slave mode. */
  private boolean waitsForReplicas(MessageExt msg) {
    return msg.isWaitStoreMsgOK()
        && context.getMessageStoreConfig().getBrokerRole() == BrokerRole.SYNC_MASTER
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
