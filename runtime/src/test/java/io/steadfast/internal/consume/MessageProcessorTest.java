package io.steadfast.internal.consume;

import static io.steadfast.internal.consume.LeaseKeeper.InvisibilityExtender.NONE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.steadfast.MessageProperties;
import io.steadfast.config.ClientSettings;
import io.steadfast.consume.ConsumerConfig;
import io.steadfast.consume.ConsumerDefinition;
import io.steadfast.consume.HandlerBinding;
import io.steadfast.consume.MessageHandler;
import io.steadfast.metrics.CountingMetrics;
import io.steadfast.store.ClaimStatus;
import io.steadfast.store.memory.InMemoryIdempotencyStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The engine core against the in-memory store, messages fed directly. */
class MessageProcessorTest {
  private static final String GROUP = "billing";
  private static final ClientSettings CLIENT = ClientSettings.builder("127.0.0.1:1").build();

  public record Order(String id, int amount) {}

  private final CountingStore store = new CountingStore();
  private final List<String> effects = new CopyOnWriteArrayList<>();
  private final CountingMetrics metrics = new CountingMetrics();

  private ConsumerConfig.Builder config() {
    return ConsumerConfig.builder(CLIENT, store)
        .metrics(metrics)
        .maxDeliveryAttempts(3)
        .lease(Duration.ofSeconds(30))
        .invisibleDuration(Duration.ofSeconds(30));
  }

  private MessageProcessor processor(MessageHandler<Order> handler, Function<Order, String> keys) {
    return processor(handler, keys, config().build());
  }

  private MessageProcessor processor(
      MessageHandler<Order> handler, Function<Order, String> keys, ConsumerConfig config) {
    HandlerBinding.Builder<Order> binding =
        HandlerBinding.builder("orders", "created", Order.class);
    if (keys != null) {
      binding.key(keys);
    }
    MessageProcessor processor =
        new MessageProcessor(ConsumerDefinition.of(GROUP, binding.handler(handler)), config);
    started.add(processor);
    return processor;
  }

  private final List<MessageProcessor> started = new ArrayList<>();

  @AfterEach
  void closeProcessors() {
    started.forEach(p -> p.finishClose(true));
  }

  private static List<MessageProcessor.Delivery> batch(int n) {
    List<MessageProcessor.Delivery> batch = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      batch.add(new MessageProcessor.Delivery(order("m" + i, "o-" + i), NONE));
    }
    return batch;
  }

  private static IncomingMessage message(String id, String key, String json, int attempt) {
    return new IncomingMessage(
        id,
        "orders",
        "created",
        key == null ? List.of() : List.of(key),
        Map.of(
            MessageProperties.STEADFAST_ID,
            "sf-" + id,
            MessageProperties.CONTENT_TYPE,
            "application/json"),
        json.getBytes(StandardCharsets.UTF_8),
        attempt);
  }

  private static IncomingMessage order(String id, String key) {
    return message(id, key, "{\"id\":\"" + key + "\",\"amount\":1}", 1);
  }

  private static CompletableFuture<?> extended(AtomicInteger extensions) {
    extensions.incrementAndGet();
    return CompletableFuture.completedFuture(null);
  }

  private final MessageHandler<Order> recordEffect = (order, ctx, tx) -> effects.add(order.id());

  @Test
  void handledMessageIsAckedAndItsCopyIsSuppressed() {
    MessageProcessor p = processor(recordEffect, null);

    assertThat(p.process(order("m1", "o-1"), NONE)).isEqualTo(Disposition.ACK);
    assertThat(p.process(order("m2", "o-1"), NONE)).isEqualTo(Disposition.ACK);

    assertThat(effects).containsExactly("o-1");
    assertThat(metrics.processedCount()).isEqualTo(1);
    assertThat(metrics.duplicatesSuppressedCount()).isEqualTo(1);
  }

  @Test
  void failedHandlerReleasesItsClaimSoTheRedeliveryIsProcessed() {
    AtomicInteger calls = new AtomicInteger();
    MessageProcessor p =
        processor(
            (order, ctx, tx) -> {
              if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("first attempt fails");
              }
              effects.add(order.id());
            },
            null);

    assertThat(p.process(order("m1", "o-1"), NONE)).isEqualTo(Disposition.REDELIVER);
    assertThat(p.process(message("m1", "o-1", "{\"id\":\"o-1\"}", 2), NONE))
        .isEqualTo(Disposition.ACK);

    assertThat(effects).containsExactly("o-1");
    assertThat(metrics.releasedCount()).isEqualTo(1);
  }

  @Test
  void copyOfAMessageInProgressIsNeitherHandledNorAcked() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch finish = new CountDownLatch(1);
    MessageProcessor p =
        processor(
            (order, ctx, tx) -> {
              started.countDown();
              finish.await(30, TimeUnit.SECONDS);
              effects.add(order.id());
            },
            null);
    CompletableFuture<Disposition> first =
        CompletableFuture.supplyAsync(() -> p.process(order("m1", "o-1"), NONE));
    assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();

    assertThat(p.process(order("m1-copy", "o-1"), NONE)).isEqualTo(Disposition.REDELIVER);
    finish.countDown();

    assertThat(first.get(30, TimeUnit.SECONDS)).isEqualTo(Disposition.ACK);
    assertThat(effects).containsExactly("o-1");
    assertThat(metrics.inProgressSkippedCount()).isEqualTo(1);
  }

  @Test
  void defaultKeyIsProducerKeyThenSteadfastIdThenMessageId() {
    assertThat(MessagePreparation.defaultKey(order("m1", "o-1"))).isEqualTo("o-1");
    assertThat(MessagePreparation.defaultKey(order("m1", null))).isEqualTo("sf-m1");
    IncomingMessage bare =
        new IncomingMessage("m9", "orders", null, List.of(), Map.of(), new byte[0], 1);
    assertThat(MessagePreparation.defaultKey(bare)).isEqualTo("m9");
  }

  @Test
  void keyExtractorChoosesTheKeyAndMissingKeyIsBadInput() {
    MessageProcessor p = processor(recordEffect, Order::id);

    assertThat(p.process(message("m1", "k1", "{\"id\":\"a\"}", 1), NONE))
        .isEqualTo(Disposition.ACK);
    assertThat(p.process(message("m2", "k2", "{\"id\":\"a\"}", 1), NONE))
        .isEqualTo(Disposition.ACK);
    assertThat(p.process(message("m3", "k3", "{\"amount\":3}", 1), NONE))
        .isEqualTo(Disposition.REDELIVER);

    assertThat(effects).containsExactly("a");
  }

  @Test
  void undecodableBodyIsNotAckedAndIsReportedDeadLetterBoundOnTheLastAttempt() {
    MessageProcessor p = processor(recordEffect, null);

    assertThat(p.process(message("m1", "k", "{broken", 1), NONE)).isEqualTo(Disposition.REDELIVER);
    assertThat(metrics.deadLetterBoundCount()).isEqualTo(0);
    assertThat(p.process(message("m1", "k", "{broken", 3), NONE)).isEqualTo(Disposition.REDELIVER);
    assertThat(metrics.deadLetterBoundCount()).isEqualTo(1);
    assertThat(p.process(order("m2", "o-2"), NONE)).isEqualTo(Disposition.ACK);
    assertThat(effects).containsExactly("o-2");
  }

  @Test
  void storeOutageFailsClosedByDefault() {
    MessageProcessor p = processor(recordEffect, null);
    store.down = true;

    assertThat(p.process(order("m1", "o-1"), NONE)).isEqualTo(Disposition.REDELIVER);
    assertThat(effects).isEmpty();

    store.down = false;
    assertThat(p.process(order("m1", "o-1"), NONE)).isEqualTo(Disposition.ACK);
    assertThat(effects).containsExactly("o-1");
  }

  @Test
  void failOpenRunsHandlersWithoutTheStore() {
    MessageProcessor p = processor(recordEffect, null, config().failOpen(true).build());
    store.down = true;

    assertThat(p.process(order("m1", "o-1"), NONE)).isEqualTo(Disposition.ACK);
    assertThat(effects).containsExactly("o-1");
  }

  @Test
  void batchClaimsInOneRoundTripAndAFailureAffectsOnlyItsMessage() {
    AtomicInteger calls = new AtomicInteger();
    MessageProcessor p =
        processor(
            (order, ctx, tx) -> {
              if (order.id().equals("o-3") && calls.incrementAndGet() == 1) {
                throw new IllegalStateException("boom");
              }
              effects.add(order.id());
            },
            null);
    List<Disposition> result = p.processBatch(batch(10));

    assertThat(result).filteredOn(d -> d == Disposition.ACK).hasSize(9);
    assertThat(result.get(3)).isEqualTo(Disposition.REDELIVER);
    // claimAll + one release for the failed message + the completions: one call, or two when
    // logging the failure took longer than the completion linger
    assertThat(store.roundTrips.get()).isBetween(3, 4);
    assertThat(effects).hasSize(9).doesNotContain("o-3");
  }

  @Test
  void longHandlerRenewsLeaseAndInvisibility() throws Exception {
    AtomicInteger extensions = new AtomicInteger();
    CountDownLatch finish = new CountDownLatch(1);
    MessageProcessor p =
        processor(
            (order, ctx, tx) -> {
              finish.await(30, TimeUnit.SECONDS);
              effects.add(order.id());
            },
            null,
            config()
                .lease(Duration.ofMillis(600))
                .invisibleDuration(Duration.ofMillis(600))
                .build());
    CompletableFuture<Disposition> running =
        CompletableFuture.supplyAsync(
            () -> p.process(order("m1", "o-1"), d -> extended(extensions)));

    // Well past the 600 ms lease the key is still held, because the keeper renewed it.
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> store.renewals.get() >= 6 && extensions.get() >= 6);
    assertThat(store.delegate.claim(GROUP, "orders:created:o-1", Duration.ofSeconds(1)).status())
        .isEqualTo(ClaimStatus.IN_PROGRESS);
    finish.countDown();

    assertThat(running.get(30, TimeUnit.SECONDS)).isEqualTo(Disposition.ACK);
    assertThat(effects).containsExactly("o-1");
  }

  @Test
  void leaseShorterThanInvisibleDurationIsRejected() {
    assertThatThrownBy(
            () ->
                config()
                    .lease(Duration.ofSeconds(5))
                    .invisibleDuration(Duration.ofSeconds(10))
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("shorter than invisibleDuration");
  }

  @Test
  void shuttingDownLeavesNewMessagesForRedelivery() {
    MessageProcessor p = processor(recordEffect, null);
    p.beginClose();

    assertThat(p.process(order("m1", "o-1"), NONE)).isEqualTo(Disposition.REDELIVER);
    assertThat(effects).isEmpty();
  }

  @Test
  void closeNeverReleasesTheClaimOfAHandlerThatIsStillRunning() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch finish = new CountDownLatch(1);
    MessageProcessor p =
        processor(
            (order, ctx, tx) -> {
              started.countDown();
              finish.await(30, TimeUnit.SECONDS);
              effects.add(order.id());
            },
            null);
    CompletableFuture<Disposition> running =
        CompletableFuture.supplyAsync(() -> p.process(order("m1", "o-1"), NONE));
    assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();

    p.beginClose();
    assertThat(p.awaitIdle(Duration.ofMillis(200))).isFalse();
    p.finishClose(false);

    // A copy redelivered to another consumer must not run beside the handler that may still write.
    assertThat(store.delegate.claim(GROUP, "orders:created:o-1", Duration.ofSeconds(1)).status())
        .isEqualTo(ClaimStatus.IN_PROGRESS);
    finish.countDown();
    assertThat(running.get(30, TimeUnit.SECONDS)).isEqualTo(Disposition.ACK);
    assertThat(store.delegate.claim(GROUP, "orders:created:o-1", Duration.ofSeconds(1)).status())
        .isEqualTo(ClaimStatus.DUPLICATE);
    assertThat(effects).containsExactly("o-1");
  }

  @Test
  void closeDuringABatchCompletesWhatRanAndReleasesWhatNeverStarted() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch finish = new CountDownLatch(1);
    MessageProcessor p =
        processor(
            (order, ctx, tx) -> {
              started.countDown();
              finish.await(30, TimeUnit.SECONDS);
              effects.add(order.id());
            },
            null);
    CompletableFuture<List<Disposition>> running =
        CompletableFuture.supplyAsync(() -> p.processBatch(batch(3)));
    assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
    p.beginClose();
    finish.countDown();

    assertThat(running.get(30, TimeUnit.SECONDS))
        .containsExactly(Disposition.ACK, Disposition.REDELIVER, Disposition.REDELIVER);
    assertThat(effects).containsExactly("o-0");
    assertThat(
            store.delegate.claimAll(
                GROUP, List.of("orders:created:o-0", "orders:created:o-1"), Duration.ofSeconds(1)))
        .extracting(r -> r.status())
        .containsExactly(ClaimStatus.DUPLICATE, ClaimStatus.ACQUIRED);
  }

  @Test
  void errorThrownByAHandlerIsAFailureLikeAnyOther() {
    AtomicInteger calls = new AtomicInteger();
    MessageProcessor p =
        processor(
            (order, ctx, tx) -> {
              if (calls.incrementAndGet() == 1) {
                throw new AssertionError("first attempt throws an Error");
              }
              effects.add(order.id());
            },
            null);

    assertThat(p.process(order("m1", "o-1"), NONE)).isEqualTo(Disposition.REDELIVER);
    assertThat(p.process(message("m1", "o-1", "{\"id\":\"o-1\"}", 2), NONE))
        .isEqualTo(Disposition.ACK);
    assertThat(effects).containsExactly("o-1");
  }

  @Test
  void batchRecordsEachEffectWhileItsLaterHandlersStillRun() throws Exception {
    CountDownLatch lastStarted = new CountDownLatch(1);
    CountDownLatch finish = new CountDownLatch(1);
    MessageProcessor p =
        processor(
            (order, ctx, tx) -> {
              if (order.id().equals("o-3")) {
                lastStarted.countDown();
                finish.await(30, TimeUnit.SECONDS);
              }
              effects.add(order.id());
            },
            null);
    CompletableFuture<List<Disposition>> running =
        CompletableFuture.supplyAsync(() -> p.processBatch(batch(4)));
    assertThat(lastStarted.await(30, TimeUnit.SECONDS)).isTrue();

    // A crash now must not re-apply o-0..o-2: their DONE records are written already.
    List<String> earlier =
        List.of("orders:created:o-0", "orders:created:o-1", "orders:created:o-2");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                store.delegate.claimAll(GROUP, earlier, Duration.ofSeconds(1)).stream()
                    .allMatch(r -> r.status() == ClaimStatus.DUPLICATE));
    finish.countDown();
    assertThat(running.get(30, TimeUnit.SECONDS)).containsOnly(Disposition.ACK);
  }

  @Test
  void batchOfFastHandlersStillCompletesInOneRoundTrip() {
    MessageProcessor p = processor(recordEffect, null);

    // Warm up, then measure: 32 no-op handlers take far less than the completion linger, so one
    // claimAll and one completeAll (a loaded machine may once pause a batch past the linger).
    p.processBatch(batch(32));
    store.roundTrips.set(0);
    List<MessageProcessor.Delivery> fresh = new ArrayList<>();
    for (int i = 0; i < 32; i++) {
      fresh.add(new MessageProcessor.Delivery(order("n" + i, "fresh-" + i), NONE));
    }

    assertThat(p.processBatch(fresh)).containsOnly(Disposition.ACK);
    assertThat(store.roundTrips.get()).isBetween(2, 3);
  }

  @Test
  void aBatchFollowedByAnotherCompletesWithItsClaimInOneRoundTrip() {
    MessageProcessor p = processor(recordEffect, null);
    List<List<Disposition>> settled = new ArrayList<>();

    PlainProcessing.Carried first = p.processBatch(batch(32, "a"), null, () -> true, settled::add);
    assertThat(first).as("the next batch is waiting: completions carried").isNotNull();
    assertThat(settled).isEmpty();
    PlainProcessing.Carried second =
        p.processBatch(batch(32, "b"), first, () -> true, settled::add);
    assertThat(settled).as("the first batch, settled by the second's claim").hasSize(1);
    PlainProcessing.Carried third =
        p.processBatch(batch(32, "c"), second, () -> false, settled::add);

    assertThat(third).as("nothing waits: written at once").isNull();
    assertThat(settled).hasSize(3).allSatisfy(d -> assertThat(d).containsOnly(Disposition.ACK));
    assertThat(store.roundTrips.get())
        .as("claim; complete+claim; complete+claim; complete")
        .isEqualTo(4);
    assertThat(effects).hasSize(96).doesNotHaveDuplicates();
  }

  @Test
  void carriedCompletionsAreWrittenOnTheirOwnWhenTheNextClaimFails() throws Exception {
    MessageProcessor p = processor(recordEffect, null);
    List<List<Disposition>> settled = new CopyOnWriteArrayList<>();
    PlainProcessing.Carried first = p.processBatch(batch(4, "a"), null, () -> true, settled::add);

    store.down = true;
    int callsBefore = store.roundTrips.get();
    CompletableFuture<PlainProcessing.Carried> second =
        CompletableFuture.supplyAsync(
            () -> p.processBatch(batch(4, "b"), first, () -> true, settled::add));
    // The combined call failed, then the carried completions failed alone at least once.
    await().atMost(Duration.ofSeconds(10)).until(() -> store.roundTrips.get() >= callsBefore + 2);
    assertThat(settled).isEmpty();
    store.down = false;

    assertThat(second.get(30, TimeUnit.SECONDS)).isNull();
    assertThat(settled.get(0)).as("first batch: completed alone").containsOnly(Disposition.ACK);
    assertThat(settled.get(1))
        .as("second batch: its claim failed, left for redelivery")
        .containsOnly(Disposition.REDELIVER);
    assertThat(effects).containsExactlyInAnyOrder("a-0", "a-1", "a-2", "a-3");
    assertThat(
            store.delegate.claimAll(
                GROUP, List.of("orders:created:a-0", "orders:created:b-0"), Duration.ofSeconds(1)))
        .extracting(r -> r.status())
        .containsExactly(ClaimStatus.DUPLICATE, ClaimStatus.ACQUIRED);
  }

  private static List<MessageProcessor.Delivery> batch(int n, String prefix) {
    List<MessageProcessor.Delivery> batch = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      batch.add(new MessageProcessor.Delivery(order(prefix + i, prefix + "-" + i), NONE));
    }
    return batch;
  }

  @Test
  void lapsedClaimThatNobodyTookIsCompletedAndItsCopySuppressed() {
    MutableClock clock = new MutableClock();
    CountingStore timed = new CountingStore(new InMemoryIdempotencyStore(clock));
    MessageProcessor p =
        processor(
            (order, ctx, tx) -> {
              clock.advance(Duration.ofMinutes(2)); // the handler outlives its 30 s lease
              effects.add(order.id());
            },
            null,
            ConsumerConfig.builder(CLIENT, timed).metrics(metrics).build());

    assertThat(p.process(order("m1", "o-1"), NONE)).isEqualTo(Disposition.ACK);
    assertThat(p.process(order("m1-copy", "o-1"), NONE)).isEqualTo(Disposition.ACK);
    assertThat(effects).containsExactly("o-1");
    assertThat(metrics.leasesLostCount()).isZero();
  }

  @Test
  void completionRefusedAfterATakeoverIsNeitherAckedNorSilent() {
    MutableClock clock = new MutableClock();
    CountingStore timed = new CountingStore(new InMemoryIdempotencyStore(clock));
    MessageProcessor p =
        processor(
            (order, ctx, tx) -> {
              clock.advance(Duration.ofMinutes(2));
              // Another consumer took the lapsed key over and is still running.
              assertThat(
                      timed.delegate.claim(GROUP, ctx.dedupKey(), Duration.ofMinutes(5)).status())
                  .isEqualTo(ClaimStatus.ACQUIRED);
              effects.add(order.id());
            },
            null,
            ConsumerConfig.builder(CLIENT, timed).metrics(metrics).build());

    assertThat(p.process(order("m1", "o-1"), NONE)).isEqualTo(Disposition.REDELIVER);
    assertThat(metrics.leasesLostCount()).isEqualTo(1);
    assertThat(metrics.processedCount()).isZero();
  }

  @Test
  void renewalsOfEveryHeldClaimTravelInOneStoreCallPerTick() throws Exception {
    CountDownLatch finish = new CountDownLatch(1);
    MessageProcessor p =
        processor(
            (order, ctx, tx) -> {
              if (order.id().equals("o-0")) {
                finish.await(30, TimeUnit.SECONDS);
              }
            },
            null,
            config()
                .lease(Duration.ofMillis(600))
                .invisibleDuration(Duration.ofMillis(600))
                .build());
    CompletableFuture<List<Disposition>> running =
        CompletableFuture.supplyAsync(() -> p.processBatch(batch(5)));

    // The four messages waiting behind the slow one are held too, all renewed together.
    await().atMost(Duration.ofSeconds(30)).until(() -> store.renewalBatches.size() >= 3);
    finish.countDown();
    assertThat(running.get(30, TimeUnit.SECONDS)).containsOnly(Disposition.ACK);
    assertThat(store.renewalBatches.subList(0, 3)).containsOnly(5);
  }

  @Test
  void aBrokerThatNeverAnswersAnInvisibilityChangeDoesNotStopLeaseRenewals() throws Exception {
    CountDownLatch finish = new CountDownLatch(1);
    AtomicInteger extensions = new AtomicInteger();
    MessageProcessor p =
        processor(
            (order, ctx, tx) -> finish.await(30, TimeUnit.SECONDS),
            null,
            config()
                .lease(Duration.ofMillis(600))
                .invisibleDuration(Duration.ofMillis(600))
                .build());
    CompletableFuture<Disposition> running =
        CompletableFuture.supplyAsync(
            () ->
                p.process(
                    order("m1", "o-1"),
                    d -> {
                      extensions.incrementAndGet();
                      return new CompletableFuture<>(); // a hung proxy
                    }));

    await().atMost(Duration.ofSeconds(30)).until(() -> store.renewals.get() >= 5);
    finish.countDown();
    assertThat(running.get(30, TimeUnit.SECONDS)).isEqualTo(Disposition.ACK);
    assertThat(extensions.get()).isGreaterThanOrEqualTo(1);
  }

  @Test
  void storeOutageAtCompletionIsWaitedOutWithTheMessageKeptInvisible() throws Exception {
    AtomicInteger extensions = new AtomicInteger();
    MessageProcessor p =
        processor(
            (order, ctx, tx) -> {
              effects.add(order.id());
              store.down = true; // the store goes away right after the effect
            },
            null,
            config()
                .lease(Duration.ofMillis(600))
                .invisibleDuration(Duration.ofMillis(600))
                .build());
    CompletableFuture<Disposition> running =
        CompletableFuture.supplyAsync(
            () -> p.process(order("m1", "o-1"), d -> extended(extensions)));

    // Well past lease and invisible duration, the completion is still retried, the message hidden.
    await().atMost(Duration.ofSeconds(30)).until(() -> extensions.get() >= 4);
    assertThat(running).isNotDone();
    store.down = false;

    assertThat(running.get(30, TimeUnit.SECONDS)).isEqualTo(Disposition.ACK);
    assertThat(p.process(order("m1-copy", "o-1"), NONE)).isEqualTo(Disposition.ACK);
    assertThat(effects).containsExactly("o-1");
  }

  @Test
  void aDefinitionWhoseBindingsOverlapIsRefusedWhateverImplementsIt() {
    MessageHandler<Order> h = (order, ctx, tx) -> {};
    List<HandlerBinding<?>> overlapping =
        List.of(
            HandlerBinding.builder("orders", "*", Order.class).handler(h),
            HandlerBinding.builder("orders", "created", Order.class).handler(h));
    ConsumerDefinition handWritten =
        new ConsumerDefinition() {
          @Override
          public String group() {
            return GROUP;
          }

          @Override
          public List<HandlerBinding<?>> handlers() {
            return overlapping;
          }
        };

    assertThatThrownBy(() -> new MessageProcessor(handWritten, config().build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("would both receive topic \"orders\" tag \"created\"");
    assertThatThrownBy(() -> HandlerBinding.builder("orders", "a||b", Order.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("contains '||', '*' or whitespace");
  }

  @Test
  void tagsContainingTheSeparatorGetDistinctScopes() {
    MessageHandler<Order> h = (order, ctx, tx) -> {};
    HandlerBinding<Order> colonTag =
        HandlerBinding.builder("orders", "a:b", Order.class).handler(h);
    HandlerBinding<Order> plainTag = HandlerBinding.builder("orders", "a", Order.class).handler(h);

    assertThat(MessagePreparation.scope(colonTag, "c"))
        .isNotEqualTo(MessagePreparation.scope(plainTag, "b:c"));
    assertThat(MessagePreparation.scope(plainTag, "o-1")).isEqualTo("orders:a:o-1");
  }

  @Test
  void aSqlSessionHandlerOnAStoreWithoutTransactionsIsRefusedNamingItsMethod() {
    HandlerBinding<Order> binding =
        HandlerBinding.builder("orders", "created", Order.class)
            .source("Billing.onCreated(com.acme.Order, org.apache.ibatis.session.SqlSession)")
            .transactional()
            .handler((order, ctx, tx) -> {});

    assertThatThrownBy(
            () -> new MessageProcessor(ConsumerDefinition.of(GROUP, binding), config().build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(
            "Billing.onCreated(com.acme.Order, org.apache.ibatis.session.SqlSession) (topic"
                + " orders, tag created) takes a SqlSession or Connection")
        .hasMessageContaining("build the consumer with a MyBatis (JDBC) store")
        .hasMessageContaining("or drop the parameter");
  }

  @Test
  void transactionsForEveryHandlerOnAStoreWithoutTransactionsAreRefused() {
    HandlerBinding<Order> binding =
        HandlerBinding.builder("orders", "created", Order.class).handler((order, ctx, tx) -> {});

    assertThatThrownBy(
            () ->
                new MessageProcessor(
                    ConsumerDefinition.of(GROUP, binding),
                    config()
                        .transactions(
                            () -> {
                              throw new AssertionError("never begun");
                            })
                        .build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ConsumerConfig.transactions(...) runs every handler")
        .hasMessageContaining("is not transactional");
  }
}
