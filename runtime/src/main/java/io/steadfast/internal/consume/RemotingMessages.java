package io.steadfast.internal.consume;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.rocketmq.common.message.MessageConst;
import org.apache.rocketmq.common.message.MessageExt;

/** Copies what the engine uses out of a message the classic remoting client delivered. */
final class RemotingMessages {
  private RemotingMessages() {}

  /**
   * The client has already put a retried message back on its original topic. Properties are the
   * user's only (as rocketmq-client-java shows them); the attempt is {@code reconsumeTimes + 1}.
   */
  static IncomingMessage of(MessageExt m) {
    Map<String, String> properties = new HashMap<>(m.getProperties());
    properties.keySet().removeAll(MessageConst.STRING_HASH_SET);
    String keys = m.getKeys();
    List<String> keyList =
        keys == null || keys.isBlank()
            ? List.of()
            : Arrays.stream(keys.split(MessageConst.KEY_SEPARATOR))
                .filter(k -> !k.isEmpty())
                .toList();
    byte[] body = m.getBody() == null ? new byte[0] : m.getBody();
    return new IncomingMessage(
        m.getMsgId(),
        m.getTopic(),
        m.getTags(),
        keyList,
        Map.copyOf(properties),
        body,
        m.getReconsumeTimes() + 1);
  }
}
