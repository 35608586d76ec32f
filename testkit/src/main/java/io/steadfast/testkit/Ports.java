package io.steadfast.testkit;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Picks loopback ports outside the ephemeral range: ports from {@code ServerSocket(0)} can be taken
 * by an outgoing connection before the server binds them.
 */
final class Ports {
  private static final int LOW = 20_000;
  private static final int HIGH = 32_000;

  private Ports() {}

  /** A free port {@code p} such that {@code p - 2} ... {@code p + 1} are free too. */
  static int freeBlock() {
    for (int attempt = 0; attempt < 200; attempt++) {
      int port = ThreadLocalRandom.current().nextInt(LOW + 2, HIGH - 1);
      if (isFree(port - 2) && isFree(port - 1) && isFree(port) && isFree(port + 1)) {
        return port;
      }
    }
    throw new IllegalStateException("no free loopback port block in " + LOW + "-" + HIGH);
  }

  /** A single free port. */
  static int free() {
    for (int attempt = 0; attempt < 200; attempt++) {
      int port = ThreadLocalRandom.current().nextInt(LOW, HIGH);
      if (isFree(port)) {
        return port;
      }
    }
    throw new IllegalStateException("no free loopback port in " + LOW + "-" + HIGH);
  }

  static boolean isFree(int port) {
    try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return true;
    } catch (IOException taken) {
      return false;
    }
  }
}
