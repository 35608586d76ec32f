package io.steadfast.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Wall time and CPU time between two points of a hand-run harness: the CPU of this JVM (the client,
 * and a store that runs inside it such as H2) and of the whole machine (every process: brokers,
 * Redis, PostgreSQL), so a line reports what each message cost and whether the machine had CPU to
 * spare. Machine figures come from {@code /proc/stat} (Linux, 10 ms ticks).
 */
public final class CpuWindow {
  private static final Path PROC_STAT = Path.of("/proc/stat");
  private static final double MICROS_PER_TICK = 10_000;

  private final long startNanos;
  private final long startProcessNanos;
  private final long[] startMachine;

  private CpuWindow() {
    startNanos = System.nanoTime();
    startProcessNanos = processCpuNanos();
    startMachine = machineTicks();
  }

  /** Starts measuring now. */
  public static CpuWindow open() {
    return new CpuWindow();
  }

  /** Times {@code run}, which handles {@code messages}. */
  public static Sample of(int messages, Throughput.Run run) throws Exception {
    CpuWindow window = open();
    run.run();
    return window.close(messages);
  }

  /** What the {@code messages} handled since {@link #open} cost. */
  public Sample close(int messages) {
    double seconds = (System.nanoTime() - startNanos) / 1e9;
    double processMicros = (processCpuNanos() - startProcessNanos) / 1e3;
    long[] end = machineTicks();
    long busy = end[0] - startMachine[0];
    long all = end[1] - startMachine[1];
    return new Sample(
        messages / seconds,
        processMicros / messages,
        busy * MICROS_PER_TICK / messages,
        all == 0 ? 0 : (double) busy / all);
  }

  /**
   * One measured line.
   *
   * @param rate messages per second
   * @param processMicros CPU of this JVM per message, in microseconds
   * @param machineMicros CPU of the whole machine per message, in microseconds
   * @param machineBusy share of the machine's CPU time that was busy (not idle, I/O wait or stolen)
   */
  public record Sample(
      double rate, double processMicros, double machineMicros, double machineBusy) {}

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /**
   * {busy ticks, all ticks} of all CPUs since boot: user nice system idle iowait irq softirq steal.
   */
  private static long[] machineTicks() {
    try {
      String[] fields = Files.readAllLines(PROC_STAT).get(0).trim().split("\\s+");
      long user = Long.parseLong(fields[1]);
      long nice = Long.parseLong(fields[2]);
      long system = Long.parseLong(fields[3]);
      long idle = Long.parseLong(fields[4]);
      long iowait = Long.parseLong(fields[5]);
      long irq = Long.parseLong(fields[6]);
      long softirq = Long.parseLong(fields[7]);
      long steal = Long.parseLong(fields[8]);
      long busy = user + nice + system + irq + softirq;
      return new long[] {busy, busy + idle + iowait + steal};
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + PROC_STAT + " (the harness needs Linux)", e);
    }
  }
}
