package io.steadfast.internal.produce;

import io.steadfast.internal.ClientLibraries;
import io.steadfast.internal.remoting.RemotingSendTransport;
import io.steadfast.produce.SenderConfig;

/** Starts the {@link SendTransport} that {@link SenderConfig#client()} picks. */
final class SendTransports {
  private SendTransports() {}

  static SendTransport start(SenderConfig config) {
    ClientLibraries.require(config.client());
    return switch (config.client().transport()) {
      case GRPC_PROXY -> GrpcSendTransport.start(config);
      case REMOTING -> RemotingSendTransport.start(config);
    };
  }
}
