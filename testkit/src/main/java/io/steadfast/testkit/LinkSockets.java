package io.steadfast.testkit;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Addresses and listening sockets of a {@link FaultyLink}. */
final class LinkSockets {
  private LinkSockets() {}

  /**
   * {@code host:port}, resolved.
   *
   * @throws IllegalArgumentException if {@code host} cannot be resolved
   */
  static InetSocketAddress resolve(String host, int port) {
    InetSocketAddress address = new InetSocketAddress(host, port);
    if (address.isUnresolved()) {
      throw new IllegalArgumentException("cannot resolve the link address " + host);
    }
    return address;
  }

  /** A server socket bound to {@code host:port} (SO_REUSEADDR), closed again if binding fails. */
  static ServerSocket bind(String host, int port) throws IOException {
    InetSocketAddress address = resolve(host, port);
    ServerSocket socket = new ServerSocket();
    try {
      socket.setReuseAddress(true);
      socket.bind(address);
      return socket;
    } catch (IOException e) {
      socket.close();
      throw e;
    }
  }
}
