package io.steadfast.testkit;

import io.steadfast.testkit.FaultyLink.Fault;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection through a {@link FaultyLink}: a thread that connects to the target and
 * pumps client to server, and one that pumps server to client. Each pump reads a chunk, waits until
 * the faults let it go, then forwards or drops it. The connection ends when both sides closed their
 * output (each FIN is passed on), or abortively on any error, which is passed on as a reset to both
 * sides, as a middlebox that loses its connection state would.
 */
final class LinkConnection {
  private static final Logger LOG = LoggerFactory.getLogger(LinkConnection.class);
  private static final int CHUNK_BYTES = 64 * 1024;
  private static final int CONNECT_TIMEOUT_MILLIS = 5_000;

  private final String name;
  private final Socket client;
  private final InetSocketAddress target;
  private final LinkControl control;
  private final Consumer<LinkConnection> onEnd;
  private final List<Thread> threads = new CopyOnWriteArrayList<>();
  private final AtomicInteger finishedDirections = new AtomicInteger();
  private Socket server; // guarded by this
  private volatile boolean ended;

  LinkConnection(
      String name,
      Socket client,
      InetSocketAddress target,
      LinkControl control,
      Consumer<LinkConnection> onEnd) {
    this.name = name;
    this.client = client;
    this.target = target;
    this.control = control;
    this.onEnd = onEnd;
  }

  void start() {
    spawn("up", this::connectAndPumpUp);
  }

  /** Ends the connection with an RST to both sides; false if it had ended already. */
  boolean reset() {
    return end(true);
  }

  /** Ends the connection with a plain close of both sockets. */
  void close() {
    end(false);
  }

  /** Waits for both pump threads; false if one is still alive at the deadline. */
  boolean join(long deadlineNanos) throws InterruptedException {
    for (int i = 0; i < threads.size(); i++) { // by index: the up thread adds the down thread
      Thread thread = threads.get(i);
      long left = deadlineNanos - System.nanoTime();
      if (left > 0) {
        TimeUnit.NANOSECONDS.timedJoin(thread, left);
      }
      if (thread.isAlive()) {
        return false;
      }
    }
    return true;
  }

  private void connectAndPumpUp() {
    Socket upstream = new Socket();
    synchronized (this) {
      if (ended) {
        return;
      }
      server = upstream;
    }
    try {
      // A new connection's SYN meets the faults too: held by a blackhole, delayed by latency.
      if (control.awaitForwarding(System.nanoTime(), () -> ended) == null) {
        end(false); // the link is closing (or this connection ended already)
        return;
      }
      upstream.connect(target, CONNECT_TIMEOUT_MILLIS);
      upstream.setTcpNoDelay(true);
    } catch (IOException e) {
      if (!ended) {
        LOG.info("{}: cannot reach {} ({}); resetting the client", name, target, e.toString());
        end(true);
      }
      return;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      end(true);
      return;
    }
    LOG.debug("{}: connected to {}", name, target);
    spawn("down", () -> pump(upstream, client, control.bytesToClient, true));
    pump(client, upstream, control.bytesToServer, false);
  }

  private void pump(Socket from, Socket to, LongAdder forwarded, boolean reply) {
    byte[] chunk = new byte[CHUNK_BYTES];
    try {
      InputStream in = from.getInputStream();
      OutputStream out = to.getOutputStream();
      while (true) {
        int length = in.read(chunk);
        LinkFaults faults = control.awaitForwarding(System.nanoTime(), () -> ended);
        if (faults == null) {
          end(false);
          return;
        }
        if (length < 0) {
          to.shutdownOutput();
          break;
        }
        if (reply && faults.dropReplies()) {
          control.count(Fault.DROP_REPLIES);
          continue;
        }
        out.write(chunk, 0, length);
        forwarded.add(length);
      }
    } catch (IOException e) {
      if (!ended) {
        LOG.debug("{}: {}; resetting both sides", name, e.toString());
        end(true);
      }
      return;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      end(true);
      return;
    }
    if (finishedDirections.incrementAndGet() == 2) {
      end(false);
    }
  }

  private boolean end(boolean reset) {
    Socket upstream;
    synchronized (this) {
      if (ended) {
        return false;
      }
      ended = true;
      upstream = server;
    }
    close(client, reset);
    if (upstream != null) {
      close(upstream, reset);
    }
    control.wake(); // a pump of this connection may be waiting on a fault
    onEnd.accept(this);
    LOG.debug("{}: {}", name, reset ? "reset" : "closed");
    return true;
  }

  private void close(Socket socket, boolean reset) {
    try {
      if (reset && !socket.isClosed()) {
        socket.setSoLinger(true, 0); // close() then sends RST instead of FIN
      }
    } catch (IOException e) {
      LOG.debug("{}: cannot set SO_LINGER 0 ({}); closing normally", name, e.toString());
    }
    try {
      socket.close();
    } catch (IOException e) {
      LOG.debug("{}: close failed: {}", name, e.toString());
    }
  }

  private void spawn(String direction, Runnable body) {
    Thread thread = new Thread(body, name + "-" + direction);
    thread.setDaemon(true);
    threads.add(thread);
    thread.start();
  }
}
