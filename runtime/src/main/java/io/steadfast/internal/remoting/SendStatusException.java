package io.steadfast.internal.remoting;

import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;

/**
 * The broker answered a remoting send with a status other than {@code SEND_OK}: it stored the
 * message without the promised flush or replication. Not an ack.
 */
final class SendStatusException extends Exception {
  private static final long serialVersionUID = 1L;

  private final SendStatus status;

  SendStatusException(SendResult result) {
    super("broker answered " + result.getSendStatus() + " for message " + result.getMsgId());
    this.status = result.getSendStatus();
  }

  SendStatus status() {
    return status;
  }
}
