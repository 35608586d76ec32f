package io.steadfast.internal.produce;

import static io.steadfast.internal.produce.SendClassification.maybeStored;
import static io.steadfast.internal.produce.SendClassification.notStored;
import static io.steadfast.internal.produce.SendClassification.permanent;

import io.steadfast.codec.CodecException;
import io.steadfast.produce.SendFailedException.Outcome;
import java.io.IOException;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.rocketmq.client.apis.ClientException;
import org.apache.rocketmq.shaded.io.grpc.Status;
import org.apache.rocketmq.shaded.io.grpc.StatusException;
import org.apache.rocketmq.shaded.io.grpc.StatusRuntimeException;

/**
 * Decides what a failed send attempt of rocketmq-client-java (the gRPC transport) means for the
 * message and whether another attempt may help. The mapping is documented in
 * docs/rocketmq-behaviour.md ("Send failure classification").
 *
 * <p>rocketmq-client-java 5.0.8 carries the proxy's status code only in the exception message
 * ({@code [request-id=..., response-code=50402]}), so the code is parsed from there; gRPC failures
 * such as {@code DEADLINE_EXCEEDED} escape as unchecked {@link StatusRuntimeException}s, possibly
 * wrapped, so the whole cause chain is inspected.
 */
final class SendFailureClassifier {
  private static final Pattern RESPONSE_CODE = Pattern.compile("response-code=(\\d+)");
  private static final Pattern PROXY_ANSWER = Pattern.compile("response-code=\\d+\\](.*)");

  /** The broker's remark for IN_SYNC_REPLICAS_NOT_ENOUGH, which it answers before storing. */
  private static final Pattern REPLICAS_NOT_ENOUGH =
      Pattern.compile("in[- ]sync replicas not enough", Pattern.CASE_INSENSITIVE);

  private SendFailureClassifier() {}

  /** Classifies the failure of one send attempt. */
  static SendClassification classify(Throwable failure) {
    Throwable t = SendClassification.unwrap(failure);
    Integer code = responseCode(t);
    if (code != null) {
      if (code == 50001 && REPLICAS_NOT_ENOUGH.matcher(String.valueOf(t.getMessage())).find()) {
        // Refused before the write (controller mode, or the Steadfast broker plugin's guard).
        return notStored(code, "too few in-sync replicas, refused before storing");
      }
      if (code == 40100 || code == 40300) {
        // The proxy says why (a wrong signature, a missing or unknown user): pass it on.
        return permanent(
            code, "not authorised (" + proxyAnswer(t) + "); check the ACL credentials");
      }
      return byResponseCode(code);
    }
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof StatusRuntimeException || c instanceof StatusException) {
        return byGrpcStatus(Status.fromThrowable(c).getCode());
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
    }
    return new SendClassification(
        Outcome.MAYBE_STORED, true, "unrecognised failure, assuming the broker may have stored it");
  }

  /** The proxy's text after the code in {@code [request-id=..., response-code=N] text}. */
  private static String proxyAnswer(Throwable t) {
    String answer = inClientMessage(t, PROXY_ANSWER);
    return answer != null ? answer.trim() : "no reason given";
  }

  private static Integer responseCode(Throwable t) {
    String code = inClientMessage(t, RESPONSE_CODE);
    return code != null ? Integer.valueOf(code) : null;
  }

  /**
   * Group 1 of {@code pattern} in the first client exception message along the causes that has it.
   */
  private static String inClientMessage(Throwable t, Pattern pattern) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof ClientException && c.getMessage() != null) {
        Matcher m = pattern.matcher(c.getMessage());
        if (m.find()) {
          return m.group(1);
        }
      }
    }
    return null;
  }

  /** Codes of {@code apache.rocketmq.v2.Code}. */
  static SendClassification byResponseCode(int code) {
    return switch (code) {
      case 42900 -> notStored(code, "flow control (TOO_MANY_REQUESTS)");
      case 40016 -> notStored(code, "message corrupted in transit (MESSAGE_CORRUPTED)");
      case 40800 -> maybeStored(code, "proxy request timeout (REQUEST_TIMEOUT)");
      case 50400 -> maybeStored(code, "proxy timed out waiting for the broker (PROXY_TIMEOUT)");
      case 50401 -> maybeStored(code, "flush to disk timed out (MASTER_PERSISTENCE_TIMEOUT)");
      case 50402 -> maybeStored(code, "replication timed out (SLAVE_PERSISTENCE_TIMEOUT)");
      case 50000, 50001 -> maybeStored(code, "broker internal error (INTERNAL_ERROR)");
      case 50002 -> maybeStored(code, "replica not available (HA_NOT_AVAILABLE)");
      case 40402 -> permanent(code, "topic does not exist (TOPIC_NOT_FOUND)");
      case 40100, 40200, 40300 -> permanent(code, "not authorised; check the ACL credentials");
      case 41300, 41301 -> permanent(code, "message body too large");
      case 41302 -> permanent(code, "message body empty");
      case 43100, 43101 -> permanent(code, "message properties too large");
      default -> {
        if (code >= 40000 && code < 50000) {
          yield permanent(code, "request rejected as invalid");
        }
        if (code >= 50100 && code < 50600) {
          yield permanent(code, "not supported by the broker");
        }
        yield maybeStored(code, "unexpected response code");
      }
    };
  }

  static SendClassification byGrpcStatus(Status.Code code) {
    String reason =
        code == Status.Code.UNAVAILABLE
            ? "gRPC status UNAVAILABLE (no connection to the proxy, or it closed the connection;"
                + " a proxy that enforces TLS closes plain-text connections: is ClientSettings.tls"
                + " set as the proxy expects?)"
            : "gRPC status " + code;
    return switch (code) {
      case INVALID_ARGUMENT,
          NOT_FOUND,
          ALREADY_EXISTS,
          PERMISSION_DENIED,
          UNAUTHENTICATED,
          FAILED_PRECONDITION,
          OUT_OF_RANGE,
          UNIMPLEMENTED ->
          new SendClassification(Outcome.PERMANENT, false, reason);
      default -> new SendClassification(Outcome.MAYBE_STORED, true, reason);
    };
  }
}
