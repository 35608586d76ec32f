package io.steadfast.outbox;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The callbacks told of new or replayed outbox rows (the relays in this JVM, to look at once). A
 * failing listener is logged and skipped: the row is written, and relays find it by polling.
 */
final class EnqueueListeners {
  private static final Logger LOG = LoggerFactory.getLogger(EnqueueListeners.class);

  private final String table;
  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

  EnqueueListeners(String table) {
    this.table = table;
  }

  void add(Runnable listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  void remove(Runnable listener) {
    listeners.remove(listener);
  }

  void fire(String why) {
    for (Runnable listener : listeners) {
      try {
        listener.run();
      } catch (RuntimeException e) {
        LOG.warn("Outbox {}: {} listener {} failed; ignored", table, why, listener, e);
      }
    }
  }
}
