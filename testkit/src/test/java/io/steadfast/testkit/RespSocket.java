package io.steadfast.testkit;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A raw Redis connection with a read timeout, so a test sees exactly what a client sees through a
 * {@link FaultyLink}: a reply, a timeout, or a reset.
 */
final class RespSocket implements AutoCloseable {
  private final Socket socket;
  private final InputStream in;

  private RespSocket(Socket socket) throws IOException {
    this.socket = socket;
    this.in = new BufferedInputStream(socket.getInputStream());
  }

  /** Connects with a read timeout long enough for a loaded machine; see {@link #readTimeout}. */
  static RespSocket connect(String host, int port) throws IOException {
    Socket socket = new Socket();
    try {
      socket.connect(new InetSocketAddress(host, port), 5000);
      socket.setSoTimeout(5000);
      socket.setTcpNoDelay(true);
      return new RespSocket(socket);
    } catch (IOException e) {
      socket.close();
      throw e;
    }
  }

  static RespSocket connect(FaultyLink link) throws IOException {
    return connect("127.0.0.1", link.port());
  }

  /** The command as RESP bytes: an array of bulk strings. */
  static byte[] encode(String... args) {
    StringBuilder request = new StringBuilder("*").append(args.length).append("\r\n");
    for (String arg : args) {
      request
          .append('$')
          .append(arg.getBytes(StandardCharsets.UTF_8).length)
          .append("\r\n")
          .append(arg)
          .append("\r\n");
    }
    return request.toString().getBytes(StandardCharsets.UTF_8);
  }

  void readTimeout(Duration timeout) throws IOException {
    socket.setSoTimeout((int) timeout.toMillis());
  }

  void send(String... args) throws IOException {
    socket.getOutputStream().write(encode(args));
  }

  /** The next reply: a bulk string as its text, anything else as its line ("+OK", "-ERR ..."). */
  String reply() throws IOException {
    String line = readLine();
    if (line.startsWith("$")) {
      int length = Integer.parseInt(line.substring(1));
      if (length < 0) {
        return null;
      }
      String text = new String(in.readNBytes(length), StandardCharsets.UTF_8);
      readLine();
      return text;
    }
    return line;
  }

  String command(String... args) throws IOException {
    send(args);
    return reply();
  }

  private String readLine() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b < 0) {
        throw new EOFException("connection closed by the peer");
      }
      if (b != '\r') {
        line.write(b);
      }
    }
    return line.toString(StandardCharsets.UTF_8);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
