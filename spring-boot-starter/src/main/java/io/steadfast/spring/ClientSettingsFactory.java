package io.steadfast.spring;

import io.steadfast.config.ClientSettings;

/** {@link ClientSettings} from {@code steadfast.connection.*}, with every mistake named. */
final class ClientSettingsFactory {
  private ClientSettingsFactory() {}

  static ClientSettings from(ConnectionProperties c) {
    boolean proxy = isSet(c.getEndpoint());
    boolean nameServer = isSet(c.getNameServer());
    if (proxy && nameServer) {
      throw new InvalidSettingException(
          "steadfast.connection.name-server",
          "set together with steadfast.connection.endpoint",
          "set only one: steadfast.connection.endpoint for a RocketMQ 5 gRPC proxy, or"
              + " steadfast.connection.name-server for the classic remoting client straight to"
              + " the brokers.");
    }
    if (!proxy && !nameServer) {
      throw new InvalidSettingException(
          "steadfast.connection.endpoint",
          "not set",
          "set steadfast.connection.endpoint to your RocketMQ proxy's host:port, e.g."
              + " 127.0.0.1:8081, or steadfast.connection.name-server to your NameServer's"
              + " host:port for the classic remoting client.");
    }
    if ((c.getAccessKey() == null) != (c.getSecretKey() == null)) {
      throw new InvalidSettingException(
          c.getAccessKey() == null
              ? "steadfast.connection.access-key"
              : "steadfast.connection.secret-key",
          "only one of access-key and secret-key is set",
          "set both steadfast.connection.access-key and steadfast.connection.secret-key, or"
              + " neither.");
    }
    ClientSettings.Builder b =
        (proxy
                ? ClientSettings.builder(c.getEndpoint())
                : ClientSettings.nameServer(c.getNameServer()))
            .tls(c.isTls())
            .namespace(c.getNamespace())
            .requestTimeout(
                SettingChecks.positive(
                    "steadfast.connection.request-timeout", c.getRequestTimeout()));
    if (c.getAccessKey() != null) {
      b.credentials(c.getAccessKey(), c.getSecretKey());
    }
    return b.build();
  }

  private static boolean isSet(String value) {
    return value != null && !value.isBlank();
  }
}
