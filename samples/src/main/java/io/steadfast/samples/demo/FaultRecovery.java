package io.steadfast.samples.demo;

import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.function.ToLongFunction;

/**
 * How long after a fault's end the application was back, read off the run's timeline: the first
 * acked send and the first payment after the end. The timeline is sampled once a second, so each
 * figure is late by up to a second.
 *
 * @param firstAckMillis from the fault's end to the first sample with more acked sends than at the
 *     end; empty if none followed
 * @param firstPaymentMillis the same for payments
 */
record FaultRecovery(OptionalLong firstAckMillis, OptionalLong firstPaymentMillis) {

  static FaultRecovery of(FaultRecord fault, List<Sample> timeline) {
    return new FaultRecovery(
        firstIncrease(fault.endMillis(), timeline, Sample::acked),
        firstIncrease(fault.endMillis(), timeline, Sample::paid));
  }

  /** "first acked send +2.0 s, first payment +3.0 s after the fault's end". */
  String describe() {
    return "first acked send "
        + seconds(firstAckMillis)
        + ", first payment "
        + seconds(firstPaymentMillis)
        + " after the fault's end";
  }

  private static OptionalLong firstIncrease(
      long endMillis, List<Sample> timeline, ToLongFunction<Sample> value) {
    long atEnd = 0;
    for (Sample s : timeline) {
      if (s.millis() <= endMillis) {
        atEnd = value.applyAsLong(s);
      } else if (value.applyAsLong(s) > atEnd) {
        return OptionalLong.of(s.millis() - endMillis);
      }
    }
    return OptionalLong.empty();
  }

  private static String seconds(OptionalLong millis) {
    return millis.isPresent()
        ? String.format(Locale.ROOT, "+%.1f s", millis.getAsLong() / 1000.0)
        : "none";
  }
}
