package io.github.aicpulaunch.reliability;

import io.github.aicpulaunch.adapter.sim.DeviceLogLine;
import io.github.aicpulaunch.adapter.sim.SimConfig;
import io.github.aicpulaunch.app.AicpuLaunch;
import io.github.aicpulaunch.ports.in.OpenSessionCommand;
import io.github.aicpulaunch.ports.in.Session;
import io.github.aicpulaunch.ports.in.TimeoutChain;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * One host process of {@link BootstrapTortureTest}: a JVM of its own, as each host process on a
 * card has its own CANN context, sharing chip 0's preinstall directory with the other workers.
 *
 * <p>Every round starts a fresh simulator (hence a fresh bootstrap registry and AICPU OS), then
 * both dies of the paired chip, one thread each, open a {@code dispatcher-upload} session for every
 * runtime SO of the round, in an order of their own, and launch it once with checked results. Each
 * open is one dispatcher upload (a bootstrap). The round's device log must show exactly one
 * dispatcher publish ("wrote" or "kept identical") per open.
 *
 * <p>Arguments: {@code <shared dir> <variants dir> <rounds> <SOs per round> <seed> <result file>
 * <barrier dir> <processes>}. Variants are {@code <variants dir>/r<round>_<k>.so}. Before its
 * opens, each round waits (simulator started) until every worker has reached the same round, so
 * that the publishes of a round really race. The result file gets {@code key=value} lines and one
 * {@code failure=} line per failure; the exit status is 0 when nothing failed.
 */
public final class BootstrapTortureWorker {
  private BootstrapTortureWorker() {}

  public static void main(String[] args) throws Exception {
    Path shared = Path.of(args[0]);
    Path variants = Path.of(args[1]);
    int rounds = Integer.parseInt(args[2]);
    int perRound = Integer.parseInt(args[3]);
    Random random = new Random(Long.parseLong(args[4]));
    Path result = Path.of(args[5]);
    Path barrier = Path.of(args[6]);
    int processes = Integer.parseInt(args[7]);

    AtomicInteger bootstraps = new AtomicInteger();
    AtomicInteger launches = new AtomicInteger();
    int wrote = 0;
    int kept = 0;
    ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    long started = System.nanoTime();
    ExecutorService dies = Executors.newFixedThreadPool(2);
    try {
      for (int round = 0; round < rounds; round++) {
        List<List<Path>> orders = new ArrayList<>();
        for (int die = 0; die < 2; die++) {
          List<Path> sos = new ArrayList<>();
          for (int k = 0; k < perRound; k++) {
            sos.add(variants.resolve("r" + round + "_" + k + ".so"));
          }
          Collections.shuffle(sos, random);
          orders.add(sos);
        }
        SimConfig config = SimConfig.builder().chips(2).preinstallDir(0, shared).build();
        try (AicpuLaunch aicpu = AicpuLaunch.simulator(config)) {
          awaitAll(barrier, round, processes, random.nextInt());
          CyclicBarrier start = new CyclicBarrier(2);
          List<Future<?>> done = new ArrayList<>();
          for (int die = 0; die < 2; die++) {
            int device = die;
            int r = round;
            done.add(
                dies.submit(
                    () -> {
                      start.await();
                      for (Path so : orders.get(device)) {
                        try (Session s = aicpu.open(command(device, so))) {
                          bootstraps.incrementAndGet();
                          RuntimeCopies.addAndCheck(s, 256, 2, r);
                          launches.incrementAndGet();
                        } catch (RuntimeException e) {
                          failures.add("round " + r + " die " + device + " " + so + ": " + e);
                        }
                      }
                      return null;
                    }));
          }
          for (Future<?> f : done) {
            f.get(5, TimeUnit.MINUTES);
          }
          int roundWrote = 0;
          int roundKept = 0;
          for (DeviceLogLine line : aicpu.simInspector().orElseThrow().deviceLog()) {
            roundWrote += line.text().contains("Init: wrote") ? 1 : 0;
            roundKept += line.text().contains("Init: kept identical") ? 1 : 0;
          }
          if (roundWrote + roundKept != 2 * perRound) {
            failures.add(
                "round "
                    + round
                    + ": "
                    + (roundWrote + roundKept)
                    + " dispatcher publishes for "
                    + 2 * perRound
                    + " opens");
          }
          wrote += roundWrote;
          kept += roundKept;
        } catch (RuntimeException e) {
          failures.add("round " + round + ": " + e);
        }
      }
    } finally {
      dies.shutdownNow();
    }
    List<String> lines = new ArrayList<>();
    lines.add("bootstraps=" + bootstraps.get());
    lines.add("launches=" + launches.get());
    lines.add("wrote=" + wrote);
    lines.add("kept=" + kept);
    lines.add("millis=" + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    for (String f : failures) {
      lines.add("failure=" + f.replace('\n', ' '));
    }
    write(result, lines);
    System.exit(failures.isEmpty() ? 0 : 1);
  }

  /**
   * A barrier across processes: creates {@code r<round>.<token>} and waits until {@code processes}
   * such files exist.
   *
   * @throws IllegalStateException when the others do not arrive within 5 minutes
   */
  private static void awaitAll(Path barrier, int round, int processes, int token)
      throws IOException {
    String prefix = "r" + round + ".";
    Files.createFile(barrier.resolve(prefix + ProcessHandle.current().pid() + "." + token));
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
    while (true) {
      long arrived;
      try (var files = Files.list(barrier)) {
        arrived = files.filter(p -> p.getFileName().toString().startsWith(prefix)).count();
      }
      if (arrived >= processes) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "round " + round + ": " + arrived + " of " + processes + " workers arrived");
      }
      LockSupport.parkNanos(500_000);
    }
  }

  private static OpenSessionCommand command(int device, Path so) {
    return new OpenSessionCommand(
        device,
        so,
        OpenSessionCommand.DEFAULT_ENTRIES,
        "dispatcher-upload",
        null,
        TimeoutChain.DEFAULT);
  }

  private static void write(Path result, List<String> lines) throws IOException {
    Path tmp = result.resolveSibling(result.getFileName() + ".tmp");
    Files.write(tmp, lines, StandardCharsets.UTF_8);
    Files.move(tmp, result);
  }
}
