package io.steadfast.internal;

import java.io.Closeable;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes a RocketMQ client with a time limit. rocketmq-client-java 5.0.8 can wait forever in {@code
 * close()} (an uninterruptible wait for its services after broken connections), and a Steadfast
 * {@code close()} must never hang its caller. Internal; not for direct use.
 */
public final class ClientClose {
  private static final Logger log = LoggerFactory.getLogger(ClientClose.class);

  private ClientClose() {}

  /**
   * Closes {@code client} on a daemon thread and waits at most {@code limit}; a close still running
   * after that is left to finish in the background (logged).
   */
  public static void within(Closeable client, Duration limit, String what) {
    CompletableFuture<Void> closing = new CompletableFuture<>();
    Thread closer =
        new Thread(
            () -> {
              try {
                client.close();
                closing.complete(null);
              } catch (Throwable e) {
                closing.completeExceptionally(e);
              }
            },
            "steadfast-close-" + what);
    closer.setDaemon(true);
    closer.start();
    try {
      closing.get(limit.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      log.warn(
          "Closing {} did not finish within {}; left to finish in the background", what, limit);
    } catch (ExecutionException e) {
      log.warn("Closing {} failed", what, e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
