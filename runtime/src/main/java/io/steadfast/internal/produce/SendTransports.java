package io.steadfast.internal.produce;

import io.steadfast.produce.SenderConfig;

/** Starts the {@link SendTransport} that {@link SenderConfig#client()} picks. */
final class SendTransports {
  private SendTransports() {}

  static SendTransport start(SenderConfig config) {
    return GrpcSendTransport.start(config);
  }
}
