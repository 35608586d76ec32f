package io.steadfast.benchmarks.e2e;

import io.steadfast.benchmarks.CpuWindow;
import io.steadfast.benchmarks.CpuWindow.Sample;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.rocketmq.client.consumer.DefaultLitePullConsumer;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendCallback;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;

/**
 * The plain lines of {@link EndToEndBenchmark} on the classic remoting client, as an application
 * uses it without Steadfast: {@link DefaultMQProducer} async sends counted on the callback (any
 * answer, as a plain application does), a {@link DefaultMQPushConsumer} whose listener only counts,
 * and {@link DefaultLitePullConsumer} loops that poll 32, with the client's auto-commit (every 5
 * s): how lite pull is commonly used. Committing after each poll ({@code commit()}) persists every
 * queue's offset to the broker synchronously and ran at a third of this speed.
 */
final class PlainRemoting implements AutoCloseable {
  private final String nameServer;
  private final DefaultMQProducer producer;

  PlainRemoting(String nameServer) throws Exception {
    this.nameServer = nameServer;
    this.producer = new DefaultMQProducer("plain-" + UUID.randomUUID());
    producer.setNamesrvAddr(nameServer);
    producer.setInstanceName("plain-producer-" + UUID.randomUUID());
    producer.start();
  }

  /** {@code n} async sends, 512 in flight; returns when each has been answered. */
  void send(String topic, byte[] body, int n) throws Exception {
    Semaphore window = new Semaphore(512);
    List<CompletableFuture<?>> futures = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      window.acquire();
      CompletableFuture<Void> done = new CompletableFuture<>();
      futures.add(done.whenComplete((r, e) -> window.release()));
      Message message = new Message(topic, "", "k" + i, body);
      producer.send(
          message,
          new SendCallback() {
            @Override
            public void onSuccess(SendResult result) {
              done.complete(null);
            }

            @Override
            public void onException(Throwable e) {
              done.completeExceptionally(e);
            }
          });
    }
    CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).join();
  }

  /** A push consumer with {@code threads} consume threads; msg/s until the {@code n}-th. */
  Sample push(String group, String topic, int threads, int n) throws Exception {
    CpuWindow window = CpuWindow.open();
    AtomicInteger consumed = new AtomicInteger();
    CompletableFuture<Sample> rate = new CompletableFuture<>();
    DefaultMQPushConsumer consumer = new DefaultMQPushConsumer(group);
    consumer.setNamesrvAddr(nameServer);
    consumer.setInstanceName("plain-push-" + UUID.randomUUID());
    consumer.setConsumeThreadMin(threads);
    consumer.setConsumeThreadMax(threads);
    consumer.subscribe(topic, "*");
    consumer.registerMessageListener(
        (MessageListenerConcurrently)
            (messages, context) -> {
              if (consumed.addAndGet(messages.size()) >= n && !rate.isDone()) {
                rate.complete(window.close(n));
              }
              return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
            });
    consumer.start();
    try {
      return rate.get();
    } finally {
      consumer.shutdown();
    }
  }

  /**
   * {@code loops} threads polling one lite pull consumer (32 per poll, offsets auto-committed);
   * msg/s until {@code n} are polled.
   */
  Sample batch(String group, String topic, int loops, int n) throws Exception {
    CpuWindow window = CpuWindow.open();
    AtomicInteger consumed = new AtomicInteger();
    CompletableFuture<Sample> rate = new CompletableFuture<>();
    DefaultLitePullConsumer consumer = new DefaultLitePullConsumer(group);
    consumer.setNamesrvAddr(nameServer);
    consumer.setInstanceName("plain-pull-" + UUID.randomUUID());
    consumer.setPullBatchSize(32);
    consumer.subscribe(topic, "*");
    consumer.start();
    List<Thread> threads = new ArrayList<>();
    try {
      for (int i = 0; i < loops; i++) {
        Thread thread =
            new Thread(
                () -> {
                  while (!rate.isDone()) {
                    List<MessageExt> polled = consumer.poll(1000);
                    int before = consumed.getAndAdd(polled.size());
                    if (before < n && before + polled.size() >= n) {
                      rate.complete(window.close(n));
                    }
                  }
                },
                "plain-pull-loop");
        thread.setDaemon(true);
        thread.start();
        threads.add(thread);
      }
      return rate.get();
    } finally {
      for (Thread thread : threads) {
        thread.join(5000);
      }
      consumer.shutdown();
    }
  }

  @Override
  public void close() {
    producer.shutdown();
  }
}
