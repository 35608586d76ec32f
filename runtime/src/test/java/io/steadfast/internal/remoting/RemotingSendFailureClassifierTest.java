package io.steadfast.internal.remoting;

import static org.assertj.core.api.Assertions.assertThat;

import io.steadfast.codec.CodecException;
import io.steadfast.internal.produce.SendClassification;
import io.steadfast.produce.SendFailedException.Outcome;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.stream.Stream;
import org.apache.rocketmq.client.common.ClientErrorCode;
import org.apache.rocketmq.client.exception.MQBrokerException;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.remoting.exception.RemotingConnectException;
import org.apache.rocketmq.remoting.exception.RemotingSendRequestException;
import org.apache.rocketmq.remoting.exception.RemotingTimeoutException;
import org.apache.rocketmq.remoting.exception.RemotingTooMuchRequestException;
import org.apache.rocketmq.remoting.protocol.ResponseCode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The remoting send classification table of docs/rocketmq-behaviour.md, row by row, with the
 * exceptions as the 5.3.3 client builds them (wrapped as its async path wraps them).
 */
class RemotingSendFailureClassifierTest {

  static Stream<Arguments> table() {
    return Stream.of(
        row(status(SendStatus.FLUSH_SLAVE_TIMEOUT), Outcome.MAYBE_STORED, true),
        row(status(SendStatus.FLUSH_DISK_TIMEOUT), Outcome.MAYBE_STORED, true),
        row(status(SendStatus.SLAVE_NOT_AVAILABLE), Outcome.MAYBE_STORED, true),
        row(
            broker(ResponseCode.SYSTEM_BUSY, "[TIMEOUT_CLEAN_QUEUE]broker busy"),
            Outcome.NOT_STORED,
            true),
        row(broker(ResponseCode.SERVICE_NOT_AVAILABLE, "disk full"), Outcome.NOT_STORED, true),
        row(
            broker(ResponseCode.SYSTEM_ERROR, "in-sync replicas not enough"),
            Outcome.NOT_STORED,
            true),
        row(broker(ResponseCode.SYSTEM_ERROR, "UNKNOWN_ERROR"), Outcome.MAYBE_STORED, true),
        row(broker(ResponseCode.MESSAGE_ILLEGAL, "body too long"), Outcome.PERMANENT, false),
        row(broker(ResponseCode.NO_PERMISSION, "denied"), Outcome.PERMANENT, false),
        row(broker(ResponseCode.TOPIC_NOT_EXIST, "topic[x] not exist"), Outcome.PERMANENT, false),
        row(broker(999, "new code"), Outcome.MAYBE_STORED, true),
        // The async path wraps what the transport met in MQClientException("... failed", cause).
        row(wrapped(new RemotingTimeoutException("wait response")), Outcome.MAYBE_STORED, true),
        row(wrapped(new RemotingSendRequestException("127.0.0.1:1")), Outcome.MAYBE_STORED, true),
        row(new RemotingConnectException("127.0.0.1:1"), Outcome.NOT_STORED, true),
        row(
            new RemotingTooMuchRequestException("DEFAULT ASYNC send call timeout"),
            Outcome.NOT_STORED,
            true),
        row(
            new MQClientException(ResponseCode.MESSAGE_ILLEGAL, "the message body size over max"),
            Outcome.PERMANENT,
            false),
        row(
            new MQClientException("No route info of this topic: orders", null)
                .setResponseCode(ClientErrorCode.NOT_FOUND_TOPIC_EXCEPTION),
            Outcome.NOT_STORED,
            true),
        row(
            new MQClientException("No name server address, please set it.", null)
                .setResponseCode(ClientErrorCode.NO_NAME_SERVER_EXCEPTION),
            Outcome.PERMANENT,
            false),
        row(
            new MQClientException("The producer service state not OK, SHUTDOWN_ALREADY", null),
            Outcome.NOT_STORED,
            false),
        row(new RejectedExecutionException("full"), Outcome.NOT_STORED, true),
        row(new CodecException("cannot encode"), Outcome.PERMANENT, false),
        row(new IllegalStateException("surprise"), Outcome.MAYBE_STORED, true));
  }

  @ParameterizedTest
  @MethodSource("table")
  void classifiesAsDocumented(Throwable failure, Outcome outcome, boolean retryable) {
    SendClassification c = RemotingSendFailureClassifier.classify(new CompletionException(failure));

    assertThat(c.outcome()).as(c.reason()).isEqualTo(outcome);
    assertThat(c.retryable()).as(c.reason()).isEqualTo(retryable);
  }

  private static Arguments row(Throwable failure, Outcome outcome, boolean retryable) {
    return Arguments.of(failure, outcome, retryable);
  }

  private static Throwable status(SendStatus status) {
    SendResult result = new SendResult();
    result.setSendStatus(status);
    result.setMsgId("id");
    return new SendStatusException(result);
  }

  private static Throwable broker(int code, String remark) {
    return new MQBrokerException(code, remark, "127.0.0.1:10911");
  }

  private static Throwable wrapped(Throwable cause) {
    return new MQClientException("send request failed", cause);
  }
}
