package io.steadfast.spring;

import io.steadfast.config.ClientSettings;

/** {@link ClientSettings} from {@code steadfast.connection.*}, with every mistake named. */
final class ClientSettingsFactory {
  private ClientSettingsFactory() {}

  static ClientSettings from(ConnectionProperties c) {
    if (c.getEndpoint() == null || c.getEndpoint().isBlank()) {
      throw new InvalidSettingException(
          "steadfast.connection.endpoint",
          "not set",
          "set steadfast.connection.endpoint to your RocketMQ proxy's host:port, e.g."
              + " 127.0.0.1:8081.");
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
        ClientSettings.builder(c.getEndpoint())
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
}
