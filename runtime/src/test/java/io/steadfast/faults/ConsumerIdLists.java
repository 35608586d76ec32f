package io.steadfast.faults;

import java.util.List;
import java.util.UUID;
import org.apache.rocketmq.client.impl.MQClientAPIImpl;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.common.MixAll;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.remoting.protocol.filter.FilterAPI;
import org.apache.rocketmq.remoting.protocol.heartbeat.ConsumeType;
import org.apache.rocketmq.remoting.protocol.heartbeat.ConsumerData;
import org.apache.rocketmq.remoting.protocol.heartbeat.HeartbeatData;
import org.apache.rocketmq.remoting.protocol.heartbeat.MessageModel;

/**
 * What each broker of a group answers when a consumer asks for its group's consumer ids (the list
 * every consumer allocates queues over), asked of the master and of the slave directly through a
 * client of its own; and the broker state a leaked consumer connection leaves behind.
 */
final class ConsumerIdLists implements AutoCloseable {
  private static final long TIMEOUT_MILLIS = 5000;

  private final DefaultMQProducer probe;
  private final MQClientAPIImpl api;

  ConsumerIdLists(String nameServer) throws Exception {
    probe = new DefaultMQProducer("steadfast-consumer-id-probe");
    probe.setNamesrvAddr(nameServer);
    probe.setInstanceName("consumer-id-probe-" + UUID.randomUUID());
    probe.start();
    api = probe.getDefaultMQProducerImpl().getMqClientFactory().getMQClientAPIImpl();
  }

  /**
   * The consumer ids of {@code group} as the broker with {@code brokerId} (0: master) lists them.
   */
  List<String> of(String topic, String group, long brokerId) throws Exception {
    String address = address(topic, brokerId);
    return address == null
        ? List.of()
        : api.getConsumerIdListByGroup(address, group, TIMEOUT_MILLIS);
  }

  /**
   * Registers {@code clientId} as a consumer of {@code group} (subscribed to {@code topic} and the
   * group's retry topic) on the master over this probe's own connection, which then stays open and
   * silent: the state a consumer's leaked connection leaves on the broker (rocketmq-client 5.3.3,
   * docs/rocketmq-behaviour.md), listed beside the consumer's live one until the broker expires it
   * (channelExpiredTimeout, 120 s after this heartbeat).
   */
  void registerStaleConnection(String topic, String group, String clientId) throws Exception {
    ConsumerData consumer = new ConsumerData();
    consumer.setGroupName(group);
    consumer.setConsumeType(ConsumeType.CONSUME_ACTIVELY);
    consumer.setMessageModel(MessageModel.CLUSTERING);
    consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_LAST_OFFSET);
    consumer.getSubscriptionDataSet().add(FilterAPI.buildSubscriptionData(topic, "*"));
    consumer
        .getSubscriptionDataSet()
        .add(FilterAPI.buildSubscriptionData(MixAll.getRetryTopic(group), "*"));
    HeartbeatData heartbeat = new HeartbeatData();
    heartbeat.setClientID(clientId);
    heartbeat.getConsumerDataSet().add(consumer);
    api.sendHeartbeat(address(topic, MixAll.MASTER_ID), heartbeat, TIMEOUT_MILLIS);
  }

  private String address(String topic, long brokerId) throws Exception {
    return api.getTopicRouteInfoFromNameServer(topic, TIMEOUT_MILLIS)
        .getBrokerDatas()
        .get(0)
        .getBrokerAddrs()
        .get(brokerId);
  }

  @Override
  public void close() {
    probe.shutdown();
  }
}
