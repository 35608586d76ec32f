package io.steadfast.broker.rules;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A typed, validated view of a broker's effective configuration, built from a plain key → value map
 * (a {@code broker.conf} file, or the running broker's config objects). Keys the rules need but the
 * map lacks take RocketMQ 5.3.3's defaults, so a file and a running broker give the same answers.
 * This class and the rules use no RocketMQ types: the checker runs without RocketMQ jars.
 */
public final class BrokerSettings {

  /** Mode key: {@code enforce} refuses to start, {@code audit} only logs. */
  public static final String MODE = "steadfastMode";

  /**
   * The fewest replicas (master included) that must hold a message before it is acked: 2 to 16, or
   * 1 with {@link #ALLOW_SINGLE_COPY}.
   */
  public static final String MIN_IN_SYNC_REPLICAS = "steadfastMinInSyncReplicas";

  /**
   * The escape hatch that lets {@link #MIN_IN_SYNC_REPLICAS} be 1: writes acked with a single copy.
   * Logged as unsafe at every start and by every check.
   */
  public static final String ALLOW_SINGLE_COPY = "steadfastUnsafeAllowSingleCopy";

  /**
   * The smallest floor {@link #MIN_IN_SYNC_REPLICAS} may have without {@link #ALLOW_SINGLE_COPY}.
   */
  static final int SAFE_FLOOR = 2;

  /** The longest {@code syncFlushTimeout} / {@code slaveTimeout} accepted, in milliseconds. */
  public static final String MAX_TIMEOUT_MILLIS = "steadfastMaxTimeoutMillis";

  /** The shortest {@code syncFlushTimeout} / {@code slaveTimeout} accepted, in milliseconds. */
  public static final String MIN_TIMEOUT_MILLIS = "steadfastMinTimeoutMillis";

  static final String FLUSH_DISK_TYPE = "flushDiskType";
  static final String BROKER_ROLE = "brokerRole";
  static final String IN_SYNC_REPLICAS = "inSyncReplicas";
  static final String TOTAL_REPLICAS = "totalReplicas";
  static final String MIN_IN_SYNC_REPLICAS_ROCKETMQ = "minInSyncReplicas";
  static final String ALL_ACK_IN_SYNC_STATE_SET = "allAckInSyncStateSet";
  static final String ENABLE_CONTROLLER_MODE = "enableControllerMode";
  static final String ENABLE_DLEDGER = "enableDLegerCommitLog";
  static final String DLEDGER_PEERS = "dLegerPeers";
  static final String TRANSIENT_STORE_POOL_ENABLE = "transientStorePoolEnable";
  static final String DUPLICATION_ENABLE = "duplicationEnable";
  static final String TIMER_SKIP_UNKNOWN_ERROR = "timerSkipUnknownError";
  static final String SYNC_FLUSH_TIMEOUT = "syncFlushTimeout";
  static final String SLAVE_TIMEOUT = "slaveTimeout";
  static final String BROKER_NAME = "brokerName";
  static final String BROKER_CLUSTER_NAME = "brokerClusterName";
  static final String BROKER_ID = "brokerId";

  static final String SYNC_FLUSH = "SYNC_FLUSH";
  static final String SYNC_MASTER = "SYNC_MASTER";
  static final String ASYNC_MASTER = "ASYNC_MASTER";
  static final String SLAVE = "SLAVE";

  /** Prefix of Steadfast's own keys; RocketMQ's config objects drop them. */
  public static final String PREFIX = "steadfast";

  /**
   * Every key the rules read, with RocketMQ 5.3.3's defaults (MessageStoreConfig, BrokerConfig).
   */
  private static final Map<String, Setting> CATALOGUE = catalogue();

  private static Map<String, Setting> catalogue() {
    List<Setting> all =
        List.of(
            Setting.ofEnum(FLUSH_DISK_TYPE, "ASYNC_FLUSH", "ASYNC_FLUSH", SYNC_FLUSH),
            Setting.ofEnum(BROKER_ROLE, ASYNC_MASTER, ASYNC_MASTER, SYNC_MASTER, SLAVE),
            Setting.ofInt(IN_SYNC_REPLICAS, 1),
            Setting.ofInt(TOTAL_REPLICAS, 1),
            Setting.ofInt(MIN_IN_SYNC_REPLICAS_ROCKETMQ, 1),
            Setting.ofBoolean(ALL_ACK_IN_SYNC_STATE_SET, false),
            Setting.ofBoolean(ENABLE_CONTROLLER_MODE, false),
            Setting.ofBoolean(ENABLE_DLEDGER, false),
            Setting.ofString(DLEDGER_PEERS, null),
            Setting.ofBoolean(TRANSIENT_STORE_POOL_ENABLE, false),
            Setting.ofBoolean(DUPLICATION_ENABLE, false),
            Setting.ofBoolean(TIMER_SKIP_UNKNOWN_ERROR, false),
            Setting.ofInt(SYNC_FLUSH_TIMEOUT, 5000),
            Setting.ofInt(SLAVE_TIMEOUT, 3000),
            Setting.ofString(BROKER_NAME, defaultBrokerName()),
            Setting.ofString(BROKER_CLUSTER_NAME, "DefaultCluster"),
            Setting.ofLong(BROKER_ID, 0),
            Setting.ofEnum(MODE, "enforce", "enforce", "audit"),
            Setting.ofInt(MIN_IN_SYNC_REPLICAS, SAFE_FLOOR, 1, 16),
            Setting.ofBoolean(ALLOW_SINGLE_COPY, false),
            Setting.ofInt(MIN_TIMEOUT_MILLIS, 1000, 1, 600_000),
            Setting.ofInt(MAX_TIMEOUT_MILLIS, 10000, 1, 600_000));
    Map<String, Setting> byName = new LinkedHashMap<>();
    all.forEach(s -> byName.put(s.name(), s));
    return Collections.unmodifiableMap(byName);
  }

  /** RocketMQ's BrokerIdentity defaults the broker name to the local host name. */
  private static String defaultBrokerName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "DEFAULT_BROKER";
    }
  }

  /** How the broker replicates, which decides the replication rules that apply. */
  public enum ReplicationMode {
    /** Classic master/slave pairs (brokerRole decides). */
    MASTER_SLAVE,
    /** {@code enableControllerMode=true}: the controller manages the in-sync state set. */
    CONTROLLER,
    /** {@code enableDLegerCommitLog=true}: Raft-replicated commit log. */
    DLEDGER
  }

  private final Map<String, String> values;
  private final Map<String, String> explicit;

  private BrokerSettings(Map<String, String> values, Map<String, String> explicit) {
    this.values = values;
    this.explicit = explicit;
  }

  /**
   * Validates and wraps a raw configuration.
   *
   * @param raw key → value as read from a file or a running broker; other keys are ignored
   * @throws InvalidSettingsException listing every value RocketMQ would silently ignore, every
   *     number outside its range, and Steadfast settings that contradict each other
   */
  public static BrokerSettings of(Map<String, String> raw) {
    List<String> problems = new ArrayList<>();
    Map<String, String> values = new LinkedHashMap<>();
    Map<String, String> explicit = new LinkedHashMap<>();
    for (Setting setting : CATALOGUE.values()) {
      String value = raw.get(setting.name());
      if (value == null) {
        values.put(setting.name(), setting.defaultValue());
        continue;
      }
      String problem = setting.problemWith(value);
      String outOfRange = problem == null ? setting.rangeProblem(setting.normalize(value)) : null;
      if (problem != null) {
        problems.add(
            setting.name()
                + "=\""
                + value
                + "\" "
                + problem
                + "; RocketMQ would ignore it and use "
                + (setting.defaultValue() == null ? "no value" : setting.defaultValue()));
      } else if (outOfRange != null) {
        problems.add(setting.name() + "=\"" + value + "\" " + outOfRange);
      } else {
        values.put(setting.name(), setting.normalize(value));
        explicit.put(setting.name(), value);
      }
    }
    if (problems.isEmpty()) {
      problems.addAll(contradictions(values));
    }
    for (String key : raw.keySet()) {
      if (key.startsWith(PREFIX) && !CATALOGUE.containsKey(key)) {
        problems.add(
            key
                + " is not a Steadfast setting (known: "
                + String.join(", ", steadfastKeys())
                + ")");
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidSettingsException(problems);
    }
    return new BrokerSettings(values, explicit);
  }

  /** Steadfast settings that are each valid but cannot hold together. */
  private static List<String> contradictions(Map<String, String> values) {
    List<String> problems = new ArrayList<>();
    int floor = Integer.parseInt(values.get(MIN_IN_SYNC_REPLICAS));
    if (floor < SAFE_FLOOR && !Boolean.parseBoolean(values.get(ALLOW_SINGLE_COPY))) {
      problems.add(
          MIN_IN_SYNC_REPLICAS
              + "="
              + floor
              + " is below "
              + SAFE_FLOOR
              + ": a master could then ack writes held by a single copy, the loss this plugin"
              + " exists to prevent. Set it to "
              + SAFE_FLOOR
              + " or more, or set "
              + ALLOW_SINGLE_COPY
              + "=true to accept single-copy acks (reported as unsafe at every start)");
    }
    int minTimeout = Integer.parseInt(values.get(MIN_TIMEOUT_MILLIS));
    int maxTimeout = Integer.parseInt(values.get(MAX_TIMEOUT_MILLIS));
    if (minTimeout > maxTimeout) {
      problems.add(
          MIN_TIMEOUT_MILLIS
              + "="
              + minTimeout
              + " is above "
              + MAX_TIMEOUT_MILLIS
              + "="
              + maxTimeout
              + ": no timeout lies between them. Set "
              + MIN_TIMEOUT_MILLIS
              + " <= "
              + MAX_TIMEOUT_MILLIS);
    }
    return problems;
  }

  /**
   * Settings that are allowed but unsafe on purpose (the {@link #ALLOW_SINGLE_COPY} escape hatch),
   * one warning each, for the broker log at every start and for every check's report.
   */
  public List<String> unsafeSettings() {
    if (!getBoolean(ALLOW_SINGLE_COPY)) {
      return List.of();
    }
    return List.of(
        "UNSAFE: "
            + ALLOW_SINGLE_COPY
            + "=true lets "
            + MIN_IN_SYNC_REPLICAS
            + " go below "
            + SAFE_FLOOR
            + " (it is "
            + minInSyncReplicas()
            + "): at 1, writes are acked while a single copy exists, and one lost disk loses"
            + " them. Remove the key to restore the floor of "
            + SAFE_FLOOR
            + ".");
  }

  /** Steadfast's own keys ({@code steadfastMode}, thresholds), in a stable order. */
  public static List<String> steadfastKeys() {
    return CATALOGUE.keySet().stream().filter(k -> k.startsWith(PREFIX)).toList();
  }

  /** The effective value of a key the rules know ({@code null} if it has none). */
  public String get(String key) {
    if (!CATALOGUE.containsKey(key)) {
      throw new IllegalArgumentException("not a key the rules know: " + key);
    }
    return values.get(key);
  }

  /** Whether the key was set (not defaulted). */
  public boolean isExplicit(String key) {
    return explicit.containsKey(key);
  }

  /** A readable current value: the value, marked "(default)" when it was not set. */
  public String describe(String key) {
    String value = get(key);
    String shown = value == null ? "<unset>" : value;
    return isExplicit(key) ? shown : shown + " (default)";
  }

  int getInt(String key) {
    return Integer.parseInt(get(key));
  }

  boolean getBoolean(String key) {
    return Boolean.parseBoolean(get(key));
  }

  /** {@code true} in audit mode: violations are logged, nothing is refused. */
  public boolean isAuditMode() {
    return "audit".equals(get(MODE));
  }

  /** The configured minimum number of in-sync replicas (master included). */
  public int minInSyncReplicas() {
    return getInt(MIN_IN_SYNC_REPLICAS);
  }

  /** How this broker replicates. */
  public ReplicationMode replicationMode() {
    if (getBoolean(ENABLE_DLEDGER)) {
      return ReplicationMode.DLEDGER;
    }
    if (getBoolean(ENABLE_CONTROLLER_MODE)) {
      return ReplicationMode.CONTROLLER;
    }
    return ReplicationMode.MASTER_SLAVE;
  }

  /** {@code brokerRole} as RocketMQ uses it. */
  public String brokerRole() {
    return get(BROKER_ROLE);
  }

  /** {@code brokerName}. */
  public String brokerName() {
    return get(BROKER_NAME);
  }

  /** {@code brokerClusterName}. */
  public String clusterName() {
    return get(BROKER_CLUSTER_NAME);
  }

  /**
   * The shortest producer request timeout that can see the broker's real answer: a producer that
   * gives up earlier only ever sees a deadline, never FLUSH_DISK_TIMEOUT / FLUSH_SLAVE_TIMEOUT.
   */
  public int producerTimeoutFloorMillis() {
    return Math.max(getInt(SYNC_FLUSH_TIMEOUT), getInt(SLAVE_TIMEOUT));
  }
}
