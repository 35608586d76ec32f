package io.steadfast.outbox;

/**
 * A running relay, started by {@code Steadfast.outboxRelay}: it claims committed outbox rows, sends
 * them with the ack-checking sender and marks them sent. Close it to stop it; rows it had claimed
 * and not sent are taken up again after their lease, by it or another relay.
 */
public interface OutboxRelay extends AutoCloseable {
  /**
   * Tells the relay that rows were just committed, so it looks at once instead of at its next poll.
   * Call it after the commit, e.g. from a transaction framework's after-commit hook. Enqueues in
   * this JVM also wake it, but they cannot know when their transaction commits.
   */
  void wakeUp();

  /**
   * Stops claiming, waits for the sends of the current batch (at most the sender's retry deadline)
   * and records their outcome. Does not close the sender or the outbox.
   */
  @Override
  void close();
}
