package io.steadfast.internal.remoting;

import static io.steadfast.internal.produce.SendClassification.maybeStored;
import static io.steadfast.internal.produce.SendClassification.notStored;
import static io.steadfast.internal.produce.SendClassification.permanent;

import io.steadfast.codec.CodecException;
import io.steadfast.internal.produce.SendClassification;
import io.steadfast.produce.SendFailedException.Outcome;
import java.io.IOException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.apache.rocketmq.client.common.ClientErrorCode;
import org.apache.rocketmq.client.exception.MQBrokerException;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.remoting.exception.RemotingConnectException;
import org.apache.rocketmq.remoting.exception.RemotingSendRequestException;
import org.apache.rocketmq.remoting.exception.RemotingTimeoutException;
import org.apache.rocketmq.remoting.exception.RemotingTooMuchRequestException;
import org.apache.rocketmq.remoting.protocol.ResponseCode;

/**
 * Decides what a failed send attempt of the classic remoting client means. The mapping is
 * documented in docs/rocketmq-behaviour.md ("Remoting send failure classification").
 *
 * <p>The client hands an async send's failure to the callback as it met it: a {@link
 * MQBrokerException} with the broker's response code, a {@code Remoting*Exception}, or a {@link
 * MQClientException} (client-side checks, no route) that may wrap one of them; so the whole cause
 * chain is searched. A non-{@code SEND_OK} status arrives as a {@link SendStatusException}.
 */
final class RemotingSendFailureClassifier {
  /** The broker's remark for IN_SYNC_REPLICAS_NOT_ENOUGH, which it answers before storing. */
  private static final Pattern REPLICAS_NOT_ENOUGH =
      Pattern.compile("in[- ]sync replicas not enough", Pattern.CASE_INSENSITIVE);

  private RemotingSendFailureClassifier() {}

  static SendClassification classify(Throwable failure) {
    for (Throwable c = SendClassification.unwrap(failure); c != null; c = c.getCause()) {
      SendClassification known = classifyOne(c);
      if (known != null) {
        return known;
      }
    }
    return new SendClassification(
        Outcome.MAYBE_STORED, true, "unrecognised failure, assuming the broker may have stored it");
  }

  /** What {@code c} alone says, or {@code null} to look at its cause. */
  private static SendClassification classifyOne(Throwable c) {
    if (c instanceof SendStatusException s) {
      return byStatus(s.status());
    }
    if (c instanceof MQBrokerException b) {
      return byResponseCode(b.getResponseCode(), String.valueOf(b.getErrorMessage()));
    }
    if (c instanceof RemotingConnectException) {
      return notStored(ClientErrorCode.CONNECT_BROKER_EXCEPTION, "cannot connect to the broker");
    }
    if (c instanceof RemotingTooMuchRequestException) {
      return notStored(
          ClientErrorCode.REQUEST_TIMEOUT_EXCEPTION,
          "client-side limit or timeout before the request was sent");
    }
    if (c instanceof RemotingTimeoutException) {
      return maybeStored(ClientErrorCode.ACCESS_BROKER_TIMEOUT, "no answer within the timeout");
    }
    if (c instanceof RemotingSendRequestException) {
      return maybeStored(
          ClientErrorCode.CONNECT_BROKER_EXCEPTION,
          "writing the request failed (the connection closed: the server may be down, or TLS"
              + " does not match: a server that enforces TLS closes plain-text connections, a"
              + " client refuses a certificate it does not trust; check ClientSettings.tls and"
              + " the tls.* trust settings)");
    }
    if (c instanceof MQClientException m) {
      return byClientCode(m);
    }
    if (c instanceof RejectedExecutionException) {
      return new SendClassification(Outcome.NOT_STORED, true, "client's send executor is full");
    }
    if (c instanceof TimeoutException) {
      return new SendClassification(Outcome.MAYBE_STORED, true, "no answer within the timeout");
    }
    if (c instanceof IOException) {
      return new SendClassification(Outcome.MAYBE_STORED, true, "connection failed: " + c);
    }
    if (c instanceof CodecException) {
      return new SendClassification(Outcome.PERMANENT, false, "payload cannot be encoded");
    }
    return null;
  }

  /** A broker answer that stored the message without the promised durability. */
  static SendClassification byStatus(SendStatus status) {
    return switch (status) {
      case FLUSH_DISK_TIMEOUT ->
          maybeStored(ResponseCode.FLUSH_DISK_TIMEOUT, "stored, flush to disk timed out");
      case FLUSH_SLAVE_TIMEOUT ->
          maybeStored(ResponseCode.FLUSH_SLAVE_TIMEOUT, "stored on the master, replica timed out");
      case SLAVE_NOT_AVAILABLE ->
          maybeStored(ResponseCode.SLAVE_NOT_AVAILABLE, "stored on the master, no replica");
      case SEND_OK -> throw new IllegalArgumentException("SEND_OK is an ack, not a failure");
    };
  }

  /** Response codes of {@code org.apache.rocketmq.remoting.protocol.ResponseCode}. */
  static SendClassification byResponseCode(int code, String remark) {
    return switch (code) {
      case ResponseCode.SYSTEM_ERROR ->
          REPLICAS_NOT_ENOUGH.matcher(remark).find()
              ? notStored(code, "too few in-sync replicas, refused before storing")
              : maybeStored(code, "broker error (SYSTEM_ERROR: " + remark + ")");
      case ResponseCode.SYSTEM_BUSY -> notStored(code, "broker busy, flow control (SYSTEM_BUSY)");
      case ResponseCode.SERVICE_NOT_AVAILABLE ->
          notStored(code, "broker refuses writes now (SERVICE_NOT_AVAILABLE: " + remark + ")");
      case ResponseCode.FLUSH_DISK_TIMEOUT,
          ResponseCode.FLUSH_SLAVE_TIMEOUT,
          ResponseCode.SLAVE_NOT_AVAILABLE ->
          maybeStored(code, "stored without the promised durability");
      case ResponseCode.MESSAGE_ILLEGAL ->
          permanent(code, "message illegal (MESSAGE_ILLEGAL: " + remark + ")");
      case ResponseCode.NO_PERMISSION ->
          permanent(
              code,
              "not permitted (NO_PERMISSION: "
                  + remark
                  + "); check the ACL credentials and the topic's permission");
      case ResponseCode.TOPIC_NOT_EXIST ->
          permanent(code, "topic does not exist (TOPIC_NOT_EXIST)");
      case ResponseCode.REQUEST_CODE_NOT_SUPPORTED, ResponseCode.VERSION_NOT_SUPPORTED ->
          permanent(code, "not supported by the broker");
      default -> maybeStored(code, "unexpected response code (" + remark + ")");
    };
  }

  /** Client-side refusals; {@code null} when the exception only wraps the real cause. */
  private static SendClassification byClientCode(MQClientException e) {
    int code = e.getResponseCode();
    String text = String.valueOf(e.getErrorMessage());
    if (code == ResponseCode.MESSAGE_ILLEGAL) {
      return permanent(code, "message illegal: " + text);
    }
    if (code == ClientErrorCode.NO_NAME_SERVER_EXCEPTION) {
      return permanent(code, "no NameServer address; check ClientSettings.nameServer");
    }
    if (code == ClientErrorCode.NOT_FOUND_TOPIC_EXCEPTION || text.contains("No route info")) {
      // A missing topic, or a NameServer that has no broker for it yet (restart, registration).
      return notStored(ClientErrorCode.NOT_FOUND_TOPIC_EXCEPTION, "no route to the topic");
    }
    if (text.contains("service state not OK")) {
      return new SendClassification(Outcome.NOT_STORED, false, "producer is not running");
    }
    return null;
  }
}
