package io.steadfast.samples.unsafe;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.steadfast.samples.billing.BillingFaults;
import io.steadfast.samples.billing.PaymentMapper;
import io.steadfast.samples.orders.OrderCreated;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.SqlSessionFactory;
import org.apache.rocketmq.client.apis.ClientConfiguration;
import org.apache.rocketmq.client.apis.ClientException;
import org.apache.rocketmq.client.apis.ClientServiceProvider;
import org.apache.rocketmq.client.apis.consumer.ConsumeResult;
import org.apache.rocketmq.client.apis.consumer.FilterExpression;
import org.apache.rocketmq.client.apis.consumer.PushConsumer;
import org.apache.rocketmq.client.apis.message.MessageView;

/**
 * The billing consumer as common advice writes it, for contrast: a plain PushConsumer, "SET NX the
 * order id; if it was already set, skip; else pay; on failure DEL the key and let the broker
 * redeliver". Two flaws the demo provokes: a failure after the payment was written deletes the key,
 * so the redelivery pays again (duplicate); a consumer killed after SET NX leaves the key set, so
 * the redelivery is skipped and the order is never paid (lost).
 */
public final class UnsafeBilling implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String runId;
  private final SqlSessionFactory payments;
  private final NxGuard guard;
  private final BillingFaults faults;
  private final PushConsumer consumer;

  /** Starts consuming {@code topic} as {@code group}. */
  public UnsafeBilling(
      ClientConfiguration client,
      String topic,
      String group,
      int threads,
      String runId,
      SqlSessionFactory payments,
      NxGuard guard,
      BillingFaults faults)
      throws ClientException {
    this.runId = runId;
    this.payments = payments;
    this.guard = guard;
    this.faults = faults;
    this.consumer =
        ClientServiceProvider.loadService()
            .newPushConsumerBuilder()
            .setClientConfiguration(client)
            .setConsumerGroup(group)
            .setSubscriptionExpressions(Map.of(topic, FilterExpression.SUB_ALL))
            .setConsumptionThreadCount(threads)
            .setMessageListener(this::consume)
            .build();
  }

  private ConsumeResult consume(MessageView view) {
    OrderCreated order;
    try {
      ByteBuffer body = view.getBody().duplicate();
      byte[] bytes = new byte[body.remaining()];
      body.get(bytes);
      order = JSON.readValue(bytes, OrderCreated.class);
    } catch (IOException e) {
      return ConsumeResult.FAILURE;
    }
    String key = "unsafe:billing:" + order.orderId();
    if (!guard.setIfAbsent(key)) {
      return ConsumeResult.SUCCESS; // "already processed"
    }
    try {
      faults.beforePayment(order.orderId(), view.getDeliveryAttempt());
      try (SqlSession session = payments.openSession(true)) {
        session
            .getMapper(PaymentMapper.class)
            .insert(runId, order.orderId(), order.amountCents(), System.currentTimeMillis());
      }
      faults.afterPayment(order.orderId(), view.getDeliveryAttempt());
      return ConsumeResult.SUCCESS;
    } catch (Exception e) {
      guard.delete(key); // "so that the retry can process it"
      return ConsumeResult.FAILURE;
    }
  }

  /** The JSON body the plain producer sends. */
  public static byte[] encode(OrderCreated order) {
    try {
      return JSON.writeValueAsBytes(order);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() throws IOException {
    consumer.close();
    guard.close();
  }
}
