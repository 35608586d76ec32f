package io.steadfast.testkit.server;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.apache.rocketmq.broker.BrokerController;
import org.apache.rocketmq.broker.BrokerStartup;
import org.apache.rocketmq.common.MixAll;
import org.apache.rocketmq.common.TopicAttributes;
import org.apache.rocketmq.common.TopicConfig;
import org.apache.rocketmq.common.attribute.TopicMessageType;
import org.apache.rocketmq.common.constant.PermName;
import org.apache.rocketmq.remoting.protocol.body.ClusterInfo;
import org.apache.rocketmq.remoting.protocol.route.BrokerData;
import org.apache.rocketmq.remoting.protocol.route.TopicRouteData;
import org.apache.rocketmq.remoting.protocol.subscription.ExponentialRetryPolicy;
import org.apache.rocketmq.remoting.protocol.subscription.GroupRetryPolicy;
import org.apache.rocketmq.remoting.protocol.subscription.GroupRetryPolicyType;
import org.apache.rocketmq.remoting.protocol.subscription.SubscriptionGroupConfig;

/**
 * Runs a broker configured from a {@code broker.conf} file, exactly as {@code mqbroker -c} reads
 * it, and for a master also the gRPC proxy in local mode inside the same process.
 */
final class BrokerRole implements ServerRole {
  private static final long REGISTRATION_TIMEOUT_MILLIS = 60_000;

  private final BrokerController broker;
  private final int grpcPort;

  private BrokerRole(BrokerController broker, int grpcPort) {
    this.broker = broker;
    this.grpcPort = grpcPort;
  }

  /**
   * @param grpcPort where the local proxy listens (0: no proxy)
   * @param advertisedPort the gRPC port named in topic routes (a fault link's, or grpcPort)
   */
  static BrokerRole start(Path brokerConf, int grpcPort, int advertisedPort) throws Exception {
    BrokerController broker =
        BrokerStartup.buildBrokerController(new String[] {"-c", brokerConf.toString()});
    if (!broker.initialize()) {
      // The broker itself would only log "plugin class not found"; say what happened.
      throw new IllegalStateException(
          "broker "
              + broker.getBrokerConfig().getBrokerName()
              + " failed to initialize (a messageStorePlugIn refused to load, or the store could"
              + " not be opened); see the lines above and broker.log");
    }
    broker.start();
    if (grpcPort > 0) {
      GrpcProxy.startLocal(broker, brokerConf.getParent(), grpcPort, advertisedPort);
    }
    BrokerRole role = new BrokerRole(broker, grpcPort);
    role.awaitRegistered();
    return role;
  }

  @Override
  public String readyInfo() {
    return "brokerPort="
        + broker.getNettyServerConfig().getListenPort()
        + " grpcPort="
        + grpcPort
        + " brokerId="
        + broker.getBrokerConfig().getBrokerId();
  }

  @Override
  public String handle(String[] parts) throws Exception {
    switch (parts[1]) {
      case "createTopic":
        return createTopic(
            parts[2], TopicMessageType.valueOf(parts[3]), Integer.parseInt(parts[4]));
      case "createGroup":
        return createGroup(parts[2], Integer.parseInt(parts[3]), Boolean.parseBoolean(parts[4]));
      case "messageCount":
        return String.valueOf(messageCount(parts[2]));
      case "consumerProgress":
        return new ConsumerProgress(broker).describe(parts[2], parts[3]);
      case "awaitInSync":
        return awaitInSync(Integer.parseInt(parts[2]));
      default:
        throw new IllegalArgumentException("unknown command " + parts[1]);
    }
  }

  private String createTopic(String name, TopicMessageType type, int queues) throws Exception {
    TopicConfig topic =
        new TopicConfig(name, queues, queues, PermName.PERM_READ | PermName.PERM_WRITE);
    // "+" marks an added attribute, as mqadmin's updateTopic -a +message.type=FIFO sends it.
    topic.setAttributes(
        Map.of("+" + TopicAttributes.TOPIC_MESSAGE_TYPE_ATTRIBUTE.getName(), type.name()));
    topic.setOrder(type == TopicMessageType.FIFO);
    broker.getTopicConfigManager().updateTopicConfig(topic);
    broker.registerIncrementBrokerData(topic, broker.getTopicConfigManager().getDataVersion());
    long deadline = System.currentTimeMillis() + REGISTRATION_TIMEOUT_MILLIS;
    while (!routeHasOwnQueues(name)) {
      if (System.currentTimeMillis() > deadline) {
        throw new IllegalStateException("topic " + name + " never appeared in the NameServer");
      }
      // The first registration is sometimes skipped silently; force a full one.
      broker.registerBrokerAll(true, false, true);
      Thread.sleep(200);
    }
    return name;
  }

  /** Whether the NameServer routes {@code topic} to this broker (another group may have it too). */
  private boolean routeHasOwnQueues(String topic) {
    String self = broker.getBrokerConfig().getBrokerName();
    try {
      TopicRouteData route =
          broker.getBrokerOuterAPI().getTopicRouteInfoFromNameServer(topic, 3000);
      return route != null
          && route.getQueueDatas().stream().anyMatch(q -> q.getBrokerName().equals(self));
    } catch (Exception notYet) {
      return false;
    }
  }

  private String createGroup(String name, int maxDeliveryAttempts, boolean orderly)
      throws Exception {
    SubscriptionGroupConfig group = new SubscriptionGroupConfig();
    group.setGroupName(name);
    group.setRetryMaxTimes(maxDeliveryAttempts - 1);
    group.setConsumeMessageOrderly(orderly);
    GroupRetryPolicy policy = new GroupRetryPolicy();
    policy.setType(GroupRetryPolicyType.EXPONENTIAL);
    // Retries 1 s apart, doubling, so fault tests see redeliveries quickly.
    policy.setExponentialRetryPolicy(new ExponentialRetryPolicy(1000, 10_000, 2));
    group.setGroupRetryPolicy(policy);
    broker.getSubscriptionGroupManager().updateSubscriptionGroupConfig(group);
    // The broker creates the dead-letter topic lazily and announces it to the NameServer only on
    // its next periodic registration; create it now so that clients can read it at once. Likewise
    // the retry topic of remoting consumers: created at the group's first send-back, it reached
    // them only with their next route refresh and rebalance (a first retry took ~20 s, not 1 s).
    createTopic(MixAll.getDLQTopic(name), TopicMessageType.NORMAL, 1);
    createTopic(MixAll.getRetryTopic(name), TopicMessageType.NORMAL, 1);
    return name;
  }

  private long messageCount(String topic) throws Exception {
    TopicConfig config = broker.getTopicConfigManager().selectTopicConfig(topic);
    if (config == null) {
      return 0;
    }
    long count = 0;
    for (int queue = 0; queue < config.getWriteQueueNums(); queue++) {
      count += broker.getMessageStore().getMaxOffsetInQueue(topic, queue);
    }
    return count;
  }

  private String awaitInSync(int replicas) throws InterruptedException {
    long deadline = System.currentTimeMillis() + REGISTRATION_TIMEOUT_MILLIS;
    while (true) {
      long maxOffset = broker.getMessageStore().getMaxPhyOffset();
      int inSync = broker.getMessageStore().getHaService().inSyncReplicasNums(maxOffset);
      if (inSync >= replicas) {
        return String.valueOf(inSync);
      }
      if (System.currentTimeMillis() > deadline) {
        throw new IllegalStateException("only " + inSync + " of " + replicas + " replicas in sync");
      }
      Thread.sleep(100);
    }
  }

  private void awaitRegistered() throws Exception {
    String name = broker.getBrokerConfig().getBrokerName();
    long id = broker.getBrokerConfig().getBrokerId();
    long deadline = System.currentTimeMillis() + REGISTRATION_TIMEOUT_MILLIS;
    while (!registered(name, id)) {
      if (System.currentTimeMillis() > deadline) {
        throw new IllegalStateException("broker " + name + "/" + id + " never registered");
      }
      broker.registerBrokerAll(true, false, true);
      Thread.sleep(200);
    }
  }

  private boolean registered(String name, long id) {
    try {
      ClusterInfo info = broker.getBrokerOuterAPI().getBrokerClusterInfo();
      Map<String, BrokerData> brokers = info.getBrokerAddrTable();
      BrokerData data = brokers == null ? null : brokers.get(name);
      Set<Long> ids = data == null ? Set.of() : data.getBrokerAddrs().keySet();
      return ids.contains(id);
    } catch (Exception notYet) {
      return false;
    }
  }
}
