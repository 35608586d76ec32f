package io.steadfast.internal.produce;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.apache.rocketmq.client.apis.message.Message;
import org.apache.rocketmq.client.apis.message.MessageId;
import org.apache.rocketmq.client.apis.producer.Producer;
import org.apache.rocketmq.client.apis.producer.RecallReceipt;
import org.apache.rocketmq.client.apis.producer.SendReceipt;
import org.apache.rocketmq.client.apis.producer.Transaction;

/**
 * A client producer whose answers the test scripts, to drive the sender's retry loop through
 * failures that a real broker produces only rarely. Unscripted sends are acked.
 */
final class ScriptedProducer implements Producer {
  final List<Message> sent = new CopyOnWriteArrayList<>();
  private final Queue<Supplier<CompletableFuture<SendReceipt>>> script =
      new ConcurrentLinkedQueue<>();

  ScriptedProducer then(Supplier<CompletableFuture<SendReceipt>> answer) {
    script.add(answer);
    return this;
  }

  ScriptedProducer thenFail(Throwable failure) {
    return then(() -> CompletableFuture.failedFuture(failure));
  }

  static CompletableFuture<SendReceipt> ack(int n) {
    MessageId id =
        new MessageId() {
          @Override
          public String getVersion() {
            return "V1";
          }

          @Override
          public String toString() {
            return "MSG-" + n;
          }
        };
    return CompletableFuture.completedFuture(
        new SendReceipt() {
          @Override
          public MessageId getMessageId() {
            return id;
          }

          @Override
          public String getRecallHandle() {
            return null;
          }
        });
  }

  @Override
  public CompletableFuture<SendReceipt> sendAsync(Message message) {
    sent.add(message);
    Supplier<CompletableFuture<SendReceipt>> answer = script.poll();
    return answer != null ? answer.get() : ack(sent.size());
  }

  @Override
  public SendReceipt send(Message message) {
    return sendAsync(message).join();
  }

  @Override
  public SendReceipt send(Message message, Transaction transaction) {
    throw new UnsupportedOperationException();
  }

  @Override
  public Transaction beginTransaction() {
    throw new UnsupportedOperationException();
  }

  @Override
  public RecallReceipt recallMessage(String topic, String recallHandle) {
    throw new UnsupportedOperationException();
  }

  @Override
  public CompletableFuture<RecallReceipt> recallMessageAsync(String topic, String recallHandle) {
    throw new UnsupportedOperationException();
  }

  @Override
  public void close() {}
}
