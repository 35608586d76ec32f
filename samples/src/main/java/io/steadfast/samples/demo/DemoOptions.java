package io.steadfast.samples.demo;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The demo's options, parsed from the command line.
 *
 * @param orders orders to place
 * @param faults names of the faults to inject (see {@link #FAULTS})
 * @param store where the dedup records live
 * @param redisUri Redis for {@link StoreKind#REDIS} (and the unsafe run's SET NX guard)
 * @param jdbcUrl PostgreSQL URL for {@link StoreKind#POSTGRES}
 * @param jdbcUser database user
 * @param jdbcPassword database password
 * @param dataDir where the cluster, the H2 database and the log go (null: a new temp dir)
 * @param report HTML report file (null: none)
 * @param unsafe also run the hand-written unsafe pattern and compare
 * @param rate orders sent per second
 * @param pluginMode the broker plugin's {@code steadfastMode}: enforce or audit
 * @param transport how the Steadfast clients reach the cluster
 * @param help print usage and exit
 */
public record DemoOptions(
    int orders,
    Set<String> faults,
    StoreKind store,
    String redisUri,
    String jdbcUrl,
    String jdbcUser,
    String jdbcPassword,
    Path dataDir,
    Path report,
    boolean unsafe,
    int rate,
    String pluginMode,
    Transport transport,
    boolean help) {

  /** Every fault the demo can inject, in schedule order. */
  public static final List<String> FAULTS =
      List.of(
          "handler-failure",
          "producer-retry",
          "producer-crash",
          "consumer-kill",
          "slave-outage",
          "broker-kill");

  public static final String USAGE =
      """
      Usage: java -jar samples/target/steadfast-demo.jar [options]

      Runs an order service (annotated @ReliableProducer) and a billing service (annotated
      @IdempotentConsumer, payments in the same DB transaction as the dedup record) on an
      embedded RocketMQ cluster (SYNC_FLUSH, SYNC_MASTER + SLAVE, Steadfast broker plugin),
      injects faults, and checks that no acked order is lost and none is paid twice.

      Options:
        --orders N          orders to place (default 10000)
        --faults all|none|LIST
                            faults to inject (default all); LIST is comma-separated from:
                              handler-failure  every 37th order's handler throws after writing
                                               the payment, on its first delivery
                              producer-retry   the first 1% of orders are sent again, same key
                              producer-crash   an order service JVM commits 0.2% more orders
                                               (at least 5) and is killed (SIGKILL) before
                                               sending them: Steadfast's outbox relay sends
                                               them; the unsafe service loses them
                              consumer-kill    a billing worker JVM is killed (SIGKILL) inside
                                               a handler, and a new one started
                              slave-outage     the slave broker JVM is stopped for 8 s
                              broker-kill      the master broker JVM (with its proxy) is
                                               killed (SIGKILL) and restarted
        --store h2|redis|postgres
                            dedup store (default h2: an H2 file database in the data dir)
        --redis URI         Redis for --store redis and for the --unsafe guard
                            (default redis://127.0.0.1:6379)
        --jdbc URL          PostgreSQL for --store postgres, e.g. jdbc:postgresql://127.0.0.1:5432/test
        --jdbc-user USER    database user (default postgres)
        --jdbc-password PW  database password (default empty)
        --rate N            orders sent per second (default 500)
        --plugin-mode enforce|audit
                            the broker plugin's mode (default enforce): enforce refuses
                            producers' writes while the slave is out of sync, before storing
                            them; audit stores them, and the broker answers with a
                            replication timeout (the sender then re-sends: consumers dedup)
        --transport grpc|remoting
                            how Steadfast's producers and consumers reach the cluster
                            (default grpc): grpc is rocketmq-client-java through the proxy,
                            remoting the classic rocketmq-client through the NameServer
        --data DIR          where the cluster, the database and demo.log go (default: a new
                            temporary directory)
        --report FILE       also write a one-page HTML report with a throughput timeline
        --unsafe            afterwards run the same scenario with the plain client and the
                            hand-written "SET NX, DEL on failure" consumer, and compare
        --help              this text

      Exit code: 0 when the Steadfast run lost no acked order and applied no payment twice,
      1 otherwise, 2 for invalid options.
      """;

  /**
   * Parses {@code args}.
   *
   * @throws UsageException with a message naming the bad option
   */
  public static DemoOptions parse(List<String> args) throws UsageException {
    int orders = 10_000;
    Set<String> faults = Set.copyOf(FAULTS);
    StoreKind store = StoreKind.H2;
    String redisUri = "redis://127.0.0.1:6379";
    String jdbcUrl = null;
    String jdbcUser = "postgres";
    String jdbcPassword = "";
    Path dataDir = null;
    Path report = null;
    boolean unsafe = false;
    int rate = 500;
    String pluginMode = "enforce";
    Transport transport = Transport.GRPC;
    boolean help = false;
    for (int i = 0; i < args.size() && !help; i++) {
      String option = args.get(i);
      switch (option) {
        case "--help", "-h" -> help = true;
        case "--unsafe" -> unsafe = true;
        case "--orders" -> orders = positive(option, value(args, ++i, option), 1_000_000);
        case "--rate" -> rate = positive(option, value(args, ++i, option), 100_000);
        case "--faults" -> {
          faults = faults(value(args, ++i, option));
        }
        case "--store" -> {
          String v = value(args, ++i, option);
          store =
              switch (v) {
                case "h2" -> StoreKind.H2;
                case "redis" -> StoreKind.REDIS;
                case "postgres" -> StoreKind.POSTGRES;
                default ->
                    throw new UsageException(
                        "--store must be h2, redis or postgres, got \"" + v + "\"");
              };
        }
        case "--redis" -> {
          redisUri = value(args, ++i, option);
          if (!redisUri.startsWith("redis://") && !redisUri.startsWith("rediss://")) {
            throw new UsageException("--redis must be a redis:// URI, got \"" + redisUri + "\"");
          }
        }
        case "--jdbc" -> {
          jdbcUrl = value(args, ++i, option);
          if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new UsageException(
                "--jdbc must be a jdbc:postgresql: URL, got \"" + jdbcUrl + "\"");
          }
        }
        case "--plugin-mode" -> {
          pluginMode = value(args, ++i, option);
          if (!pluginMode.equals("enforce") && !pluginMode.equals("audit")) {
            throw new UsageException(
                "--plugin-mode must be enforce or audit, got \"" + pluginMode + "\"");
          }
        }
        case "--transport" -> transport = Transport.parse(value(args, ++i, option));
        case "--jdbc-user" -> jdbcUser = value(args, ++i, option);
        case "--jdbc-password" -> jdbcPassword = value(args, ++i, option);
        case "--data" -> dataDir = Path.of(value(args, ++i, option));
        case "--report" -> report = Path.of(value(args, ++i, option));
        default -> throw new UsageException("unknown option \"" + option + "\" (see --help)");
      }
    }
    if (!help && store == StoreKind.POSTGRES && jdbcUrl == null) {
      throw new UsageException("--store postgres needs --jdbc jdbc:postgresql://host:port/db");
    }
    return new DemoOptions(
        orders,
        faults,
        store,
        redisUri,
        jdbcUrl,
        jdbcUser,
        jdbcPassword,
        dataDir,
        report,
        unsafe,
        rate,
        pluginMode,
        transport,
        help);
  }

  /** Whether {@code fault} is injected. */
  public boolean injects(String fault) {
    return faults.contains(fault);
  }

  private static Set<String> faults(String value) throws UsageException {
    if (value.equals("all")) {
      return Set.copyOf(FAULTS);
    }
    if (value.equals("none")) {
      return Set.of();
    }
    Set<String> chosen = new LinkedHashSet<>();
    for (String name : Arrays.asList(value.split(","))) {
      if (!FAULTS.contains(name)) {
        throw new UsageException(
            "--faults: unknown fault \""
                + name
                + "\"; use all, none or a comma-separated list of "
                + FAULTS);
      }
      chosen.add(name);
    }
    return Set.copyOf(chosen);
  }

  private static String value(List<String> args, int i, String option) throws UsageException {
    if (i >= args.size() || args.get(i).startsWith("--")) {
      throw new UsageException(option + " needs a value (see --help)");
    }
    return args.get(i);
  }

  private static int positive(String option, String value, int max) throws UsageException {
    try {
      int n = Integer.parseInt(value);
      if (n >= 1 && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new UsageException(
        option + " must be a whole number from 1 to " + max + ", got \"" + value + "\"");
  }
}
