package io.steadfast.testkit;

import java.time.Duration;

/** The faults a {@link FaultyLink} applies right now; immutable, replaced as a whole. */
record LinkFaults(Duration latency, boolean blackhole, boolean dropReplies, boolean refuseNew) {
  static final LinkFaults NONE = new LinkFaults(Duration.ZERO, false, false, false);

  LinkFaults withLatency(Duration value) {
    return new LinkFaults(value, blackhole, dropReplies, refuseNew);
  }

  LinkFaults withBlackhole() {
    return new LinkFaults(latency, true, dropReplies, refuseNew);
  }

  LinkFaults withDropReplies() {
    return new LinkFaults(latency, blackhole, true, refuseNew);
  }

  LinkFaults withRefuseNew(boolean value) {
    return new LinkFaults(latency, blackhole, dropReplies, value);
  }
}
