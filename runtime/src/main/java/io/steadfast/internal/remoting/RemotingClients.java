package io.steadfast.internal.remoting;

import io.steadfast.config.ClientSettings;
import java.util.UUID;
import org.apache.rocketmq.acl.common.AclClientRPCHook;
import org.apache.rocketmq.acl.common.SessionCredentials;
import org.apache.rocketmq.client.ClientConfig;
import org.apache.rocketmq.remoting.RPCHook;

/**
 * Applies {@link ClientSettings} to the classic remoting client's producers and consumers.
 * Internal; not for direct use.
 */
public final class RemotingClients {
  private RemotingClients() {}

  /** The ACL signing hook for the settings' credentials, or {@code null} without credentials. */
  public static RPCHook rpcHook(ClientSettings settings) {
    if (settings.accessKey() == null) {
      return null;
    }
    return new AclClientRPCHook(
        new SessionCredentials(settings.accessKey(), settings.accessSecret()));
  }

  /**
   * NameServer, TLS, namespace and timeout of {@code settings}, and an instance name of its own:
   * clients sharing an instance name share one connection set and one registration per group, so
   * two Steadfast consumers of one group in one JVM would clash.
   */
  public static <C extends ClientConfig> C configure(
      C client, ClientSettings settings, String role) {
    client.setNamesrvAddr(settings.endpoint());
    client.setUseTLS(settings.tls());
    client.setVipChannelEnabled(false);
    if (settings.namespace() != null) {
      client.setNamespaceV2(settings.namespace());
    }
    client.setMqClientApiTimeout((int) settings.requestTimeout().toMillis());
    client.setInstanceName("steadfast-" + role + "-" + UUID.randomUUID());
    return client;
  }
}
