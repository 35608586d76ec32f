package io.steadfast.internal.produce;

import static org.assertj.core.api.Assertions.assertThat;

import io.steadfast.produce.SendFailedException.Outcome;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import org.apache.rocketmq.client.apis.ClientException;
import org.apache.rocketmq.client.java.exception.BadRequestException;
import org.apache.rocketmq.client.java.exception.ForbiddenException;
import org.apache.rocketmq.client.java.exception.InternalErrorException;
import org.apache.rocketmq.client.java.exception.NotFoundException;
import org.apache.rocketmq.client.java.exception.PayloadTooLargeException;
import org.apache.rocketmq.client.java.exception.ProxyTimeoutException;
import org.apache.rocketmq.client.java.exception.TooManyRequestsException;
import org.apache.rocketmq.shaded.io.grpc.Status;
import org.junit.jupiter.api.Test;

class SendFailureClassifierTest {

  @Test
  void persistenceTimeoutsMayHaveStoredTheMessage() {
    assertMaybeStored(new ProxyTimeoutException(50401, "r1", "flush timeout"));
    assertMaybeStored(new ProxyTimeoutException(50402, "r2", "slave timeout"));
    assertMaybeStored(new ProxyTimeoutException(50400, "r3", "proxy timeout"));
    assertMaybeStored(new InternalErrorException(50001, "r4", "broker busy"));
  }

  @Test
  void inSyncReplicaShortageIsRefusedBeforeStoring() {
    // What the broker plugin's guard (and controller mode) answers during a slave outage.
    var refusal =
        new InternalErrorException(
            50001,
            "r5",
            "send message failed, sendStatus=IN_SYNC_REPLICAS_NOT_ENOUGH, in-sync replicas not enough");
    assertThat(SendFailureClassifier.classify(new CompletionException(refusal)).outcome())
        .isEqualTo(Outcome.NOT_STORED);
  }

  @Test
  void uncheckedGrpcDeadlineIsMaybeStoredWhereverItIsWrapped() {
    var deadline = Status.DEADLINE_EXCEEDED.withDescription("deadline").asRuntimeException();
    assertMaybeStored(deadline);
    assertMaybeStored(new CompletionException(deadline));
    assertMaybeStored(new ClientException(deadline));
    assertMaybeStored(Status.UNAVAILABLE.asRuntimeException());
    assertMaybeStored(new CompletionException(new TimeoutException()));
  }

  @Test
  void flowControlIsNotStoredAndRetryable() {
    SendClassification c =
        SendFailureClassifier.classify(new TooManyRequestsException(42900, "r", "busy"));

    assertThat(c.outcome()).isEqualTo(Outcome.NOT_STORED);
    assertThat(c.retryable()).isTrue();
  }

  @Test
  void configurationAndContentErrorsArePermanent() {
    assertPermanent(new NotFoundException(40402, "r", "topic not found"));
    assertPermanent(new PayloadTooLargeException(41301, "r", "too large"));
    assertPermanent(new BadRequestException(40004, "r", "illegal tag"));
    assertPermanent(new ForbiddenException(40300, "r", "forbidden"));
    assertPermanent(Status.UNAUTHENTICATED.asRuntimeException());
  }

  @Test
  void unknownFailuresAreAssumedMaybeStored() {
    assertMaybeStored(new IllegalStateException("something odd"));
  }

  private static void assertMaybeStored(Throwable t) {
    SendClassification c = SendFailureClassifier.classify(t);
    assertThat(c.outcome()).as(t.toString()).isEqualTo(Outcome.MAYBE_STORED);
    assertThat(c.retryable()).as(t.toString()).isTrue();
  }

  private static void assertPermanent(Throwable t) {
    SendClassification c = SendFailureClassifier.classify(t);
    assertThat(c.outcome()).as(t.toString()).isEqualTo(Outcome.PERMANENT);
    assertThat(c.retryable()).as(t.toString()).isFalse();
  }
}
