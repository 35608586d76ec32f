package io.steadfast.testkit.server;

import java.nio.file.Path;
import org.apache.rocketmq.common.namesrv.NamesrvConfig;
import org.apache.rocketmq.namesrv.NamesrvController;
import org.apache.rocketmq.remoting.netty.NettyClientConfig;
import org.apache.rocketmq.remoting.netty.NettyServerConfig;

/** Runs a NameServer. */
final class NamesrvRole implements ServerRole {
  private final NamesrvController controller;

  private NamesrvRole(NamesrvController controller) {
    this.controller = controller;
  }

  static NamesrvRole start(int port, Path dir) throws Exception {
    NamesrvConfig config = new NamesrvConfig();
    config.setKvConfigPath(dir.resolve("kvConfig.json").toString());
    config.setConfigStorePath(dir.resolve("namesrv.properties").toString());
    NettyServerConfig server = new NettyServerConfig();
    server.setBindAddress("127.0.0.1");
    server.setListenPort(port);
    NamesrvController controller = new NamesrvController(config, server, new NettyClientConfig());
    if (!controller.initialize()) {
      throw new IllegalStateException("NameServer failed to initialize");
    }
    controller.start();
    return new NamesrvRole(controller);
  }

  @Override
  public String readyInfo() {
    return "port=" + controller.getNettyServerConfig().getListenPort();
  }

  @Override
  public String handle(String[] parts) {
    throw new IllegalArgumentException("NameServer knows no command " + parts[1]);
  }
}
