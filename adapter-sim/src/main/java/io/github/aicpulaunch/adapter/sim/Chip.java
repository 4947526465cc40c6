package io.github.aicpulaunch.adapter.sim;

import io.github.aicpulaunch.ports.CannError;
import io.github.aicpulaunch.ports.out.HostBytes;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One simulated chip: its AICPU OS process, its device memory (a shared file mapped here and in the
 * process at the same addresses) and its dies. The preinstall directory and the AICPU OS are shared
 * by the dies (P8). When the process dies (crash, or killed by the watchdog) the chip is faulted:
 * every task in flight fails and both dies are poisoned until a force reset restarts it.
 */
final class Chip implements AicpuOsProcess.Listener, OpExecuteWatchdog.Watched {
  private static final Logger LOG = LoggerFactory.getLogger(Chip.class);
  private static final String MEMORY_FILE_PREFIX = "aicpu-sim-";

  /** Copies from this size up go to device memory through the file, not the mapping. */
  static final int LARGE_WRITE = 64 * 1024;

  /** Where device log lines go, with the chip and physical id. */
  interface LogSink {
    void deviceLog(Chip chip, int physicalDevice, int moduleId, int level, String text);
  }

  private final int index;
  private final SimConfig config;
  private final Path preinstallDir;
  private final Path kernelRoot;
  private final Path privateDir;
  private final Path memoryFile;
  private final MappedByteBuffer memory;

  private final List<SimDevice> dies = new ArrayList<>();
  private final InflightTasks inflight = new InflightTasks();
  private final OpExecuteWatchdog watchdog;
  private final LogSink logSink;
  private final Object lifecycle = new Object();

  private volatile @Nullable AicpuOsProcess os;
  private volatile long base;
  private volatile boolean faulted;

  /** Where an AICPU OS faulted, from its last fault report; null without one. */
  private volatile @Nullable Fault fault;

  /** A fault report and the process (of which generation of this chip) that wrote it. */
  private record Fault(AicpuOsProcess process, String where) {}

  private volatile long reapedTask = -1;
  private volatile int faultFlags;
  private volatile int slowFirstLaunchMillis;

  Chip(
      int index,
      SimConfig config,
      Path preinstallDir,
      Path kernelRoot,
      Path privateDir,
      OpExecuteWatchdog watchdog,
      LogSink logSink) {
    this.index = index;
    this.config = config;
    this.preinstallDir = preinstallDir;
    this.kernelRoot = kernelRoot;
    this.privateDir = privateDir;
    this.watchdog = watchdog;
    this.logSink = logSink;
    int dieCount = config.diesPerChip().get(index);
    long size = dieCount * config.memoryBudgetBytes();
    try {
      Path shm = Path.of("/dev/shm");
      Path dir = Files.isDirectory(shm) && Files.isWritable(shm) ? shm : privateDir;
      deleteOrphanedMemoryFiles(dir);
      memoryFile =
          OwnedTempFiles.create(
              dir, OwnedTempFiles.prefix(MEMORY_FILE_PREFIX) + "chip" + index + "-", ".mem", false);
      try (RandomAccessFile f = new RandomAccessFile(memoryFile.toFile(), "rw")) {
        f.setLength(size);
        memory = f.getChannel().map(FileChannel.MapMode.READ_WRITE, 0, size);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create chip " + index + "'s device memory", e);
    }
  }

  /**
   * Deletes {@code aicpu-sim-<pid>-chip*.mem} files of JVMs that are gone. Their AICPU OS deletes
   * them when the JVM dies, unless it was already dead itself (a crashed chip never restarted).
   */
  private static void deleteOrphanedMemoryFiles(Path dir) {
    OwnedTempFiles.sweep(dir, MEMORY_FILE_PREFIX, MEMORY_FILE_PREFIX + "*-chip*.mem");
  }

  void addDie(SimDevice device) {
    dies.add(device);
  }

  int index() {
    return index;
  }

  List<SimDevice> dies() {
    return List.copyOf(dies);
  }

  Path preinstallDir() {
    return preinstallDir;
  }

  Path kernelRoot() {
    return kernelRoot;
  }

  /** Starts (or restarts) the AICPU OS; the new process maps device memory at the old base. */
  void start() {
    synchronized (lifecycle) {
      List<String> cmd = new ArrayList<>();
      Path exe = NativeFiles.directory().resolve(NativeFiles.OS_EXECUTABLE);
      cmd.add(exe.toString());
      cmd.add("--shm");
      cmd.add(memoryFile.toString());
      cmd.add("--size");
      cmd.add(Long.toString(memory.capacity()));
      if (base != 0) {
        cmd.add("--base-hint");
        cmd.add("0x" + Long.toHexString(base));
      }
      cmd.add("--preinstall");
      cmd.add(preinstallDir.toString());
      cmd.add("--private");
      cmd.add(privateDir.toString());
      cmd.add("--kernel-root");
      cmd.add(kernelRoot.toString());
      cmd.add("--host-pid");
      cmd.add(Long.toString(ProcessHandle.current().pid()));
      cmd.add("--reinvoke-init");
      cmd.add(config.reinvokeInitWhileLatched() ? "1" : "0");
      cmd.add("--cust-noncoherent");
      cmd.add(config.customSchedulerNonCoherent() ? "1" : "0");
      for (SimDevice d : dies) {
        cmd.add("--die");
        cmd.add(d.physicalId() + ":" + d.customDir());
        for (String hal : HalInfo.entries(d, config)) {
          cmd.add("--hal");
          cmd.add(hal);
        }
      }
      fault = null;
      AicpuOsProcess p = AicpuOsProcess.start(cmd, this, "aicpu-sim-chip" + index);
      if (base != 0 && p.base() != base) {
        LOG.warn(
            "chip {}: the restarted AICPU OS mapped device memory at 0x{} instead of 0x{}",
            index,
            Long.toHexString(p.base()),
            Long.toHexString(base));
      }
      base = p.base();
      faulted = false;
      reapedTask = -1;
      os = p;
      for (SimDevice d : dies) {
        d.setLatchedKfcSo(null);
      }
      if (SimFault.deviceSide(faultFlags) != 0 || slowFirstLaunchMillis != 0) {
        p.setFaults(SimFault.deviceSide(faultFlags), slowFirstLaunchMillis);
      }
    }
  }

  /** Force reset of one die: restarts a faulted chip, else forgets the die's device-side state. */
  void forceReset(SimDevice die) {
    synchronized (lifecycle) {
      AicpuOsProcess p = os;
      if (p == null || faulted || !p.isAlive()) {
        start();
      } else {
        p.resetDie(die.die());
        die.setLatchedKfcSo(null);
      }
    }
  }

  boolean faulted() {
    return faulted;
  }

  /** The AICPU OS whose events a waiter may read itself, or null while the chip is faulted. */
  @Nullable AicpuOsProcess eventSource() {
    AicpuOsProcess p = os;
    return faulted ? null : p;
  }

  long osPid() {
    AicpuOsProcess p = os;
    return p == null ? -1 : p.pid();
  }

  long base() {
    return base;
  }

  void setFaults(int flags, int slowMillis) {
    synchronized (lifecycle) {
      faultFlags = flags;
      slowFirstLaunchMillis = slowMillis;
      AicpuOsProcess p = os;
      if (p != null && p.isAlive()) {
        p.setFaults(SimFault.deviceSide(flags), slowMillis);
      }
    }
  }

  int faultFlags() {
    return faultFlags;
  }

  boolean hasFault(SimFault fault) {
    return (faultFlags & fault.bit()) != 0;
  }

  int slowFirstLaunchMillis() {
    return slowFirstLaunchMillis;
  }

  /**
   * Sends a task to the AICPU OS and starts its op-execute clock. Called with the task's stream
   * locked; the completion comes back on the thread that holds the process's reading token, its
   * reader thread or a waiting caller ({@link #taskDone}).
   */
  void submit(SimTask task) {
    AicpuOsProcess p = os;
    if (faulted || p == null) {
      task.stream()
          .completed(task, CannError.DRV_INTERNAL_ERROR.code(), "chip " + index + " is faulted");
      return;
    }
    long deadline = task.startClock(System.nanoTime());
    inflight.add(task);
    watchdog.armed(deadline);
    try {
      p.launch(
          task.id(),
          task.device().die(),
          task.kernelType(),
          task.numBlocks(),
          task.soName(),
          task.kernelName(),
          task.args());
    } catch (IllegalStateException e) {
      // the process died under us; exited() fails the task
      LOG.debug("chip {}: launch after the AICPU OS died: {}", index, e.getMessage());
    }
  }

  /**
   * The watchdog's scan: the task in flight with the earliest deadline is reaped once that deadline
   * has passed. One reap per chip generation: killing the AICPU OS fails every task in flight
   * ({@link #exited}), with the reaped one reporting the watchdog's code.
   */
  @Override
  public long reapOverdue(long nowNanos) {
    if (reapedTask >= 0 || os == null) {
      return OpExecuteWatchdog.NONE; // the chip is going down; exited() fails what is in flight
    }
    SimTask first = inflight.earliestDeadline();
    if (first == null) {
      return OpExecuteWatchdog.NONE;
    }
    if (first.deadlineNanos() - nowNanos > 0) {
      return first.deadlineNanos();
    }
    reap(first);
    return OpExecuteWatchdog.NONE;
  }

  /** The op-execute watchdog fired: kill the chip's AICPU OS (STARS reaps the op). */
  private void reap(SimTask task) {
    if (!inflight.contains(task)) {
      return;
    }
    AicpuOsProcess p = os;
    if (p == null) {
      return;
    }
    reapedTask = task.id();
    logSink.deviceLog(
        this,
        task.device().physicalId(),
        3,
        3,
        "op-execute timeout: task "
            + task.id()
            + " ("
            + task.soName()
            + "/"
            + task.kernelName()
            + ") exceeded "
            + task.timeoutMicros()
            + " us; the AICPU OS is reaped");
    p.kill();
  }

  @Override
  public void taskDone(long taskId, int deviceErrorCode, @Nullable String message) {
    SimTask task = inflight.remove(taskId);
    if (task == null) {
      return;
    }
    int code = deviceErrorCode == 0 ? 0 : CannError.AICPU_EXCEPTION.code();
    task.stream().completed(task, code, message);
  }

  @Override
  public void log(int physicalDevice, int moduleId, int level, String text) {
    logSink.deviceLog(this, physicalDevice, moduleId, level, text);
  }

  @Override
  public void output(AicpuOsProcess process, String line) {
    if (line.startsWith(FAULT_PREFIX)) {
      // aicpu_sim_fault.c's report, just before the process dies of the fault: the exit's report
      // says it, as where the fault was; a late line of an earlier process is not this one's.
      String where = describeFault(line.substring(FAULT_PREFIX.length()));
      fault = where == null ? null : new Fault(process, where);
      return;
    }
    logSink.deviceLog(this, -1, DeviceLogLine.OUTPUT_MODULE, DeviceLogLine.OUTPUT_LEVEL, line);
  }

  /** The line aicpu_sim_fault.c writes on a fault, before its fields. */
  static final String FAULT_PREFIX = "aicpu_sim_os: fault: ";

  /**
   * {@code signal=11 addr=0x0 pc=0x7f... off=0x11a9 so=/dir/x.so} as {@code a fault at address 0x0
   * by the instruction at x.so+0x11a9}: the pc alone when no file holds it, no address where the
   * report gives none (SIGFPE, SIGILL), {@code a stack overflow: } first with {@code
   * stack=overflow}; {@code signal=11 from=42} as {@code the signal sent by process 42}; null when
   * the line says none of these. {@code so} runs to the line's end (a path may hold blanks).
   */
  static @Nullable String describeFault(String fields) {
    String line = fields.strip();
    String so = null;
    int at = line.indexOf(" so=");
    if (at >= 0) {
      so = line.substring(at + " so=".length());
      if (so.endsWith(" (deleted)")) {
        so = so.substring(0, so.length() - " (deleted)".length());
      }
      line = line.substring(0, at);
    }
    Map<String, String> f = new HashMap<>();
    for (String field : line.split(" +")) {
      int eq = field.indexOf('=');
      if (eq > 0) {
        f.put(field.substring(0, eq), field.substring(eq + 1));
      }
    }
    if (f.containsKey("from")) {
      return "the signal sent by process " + f.get("from");
    }
    if (f.containsKey("raised")) {
      return "the signal the AICPU OS raised itself";
    }
    String where =
        so != null && f.containsKey("off")
            ? so.substring(so.lastIndexOf('/') + 1) + "+" + f.get("off")
            : f.get("pc");
    if (where == null) {
      return null;
    }
    String addr = f.get("addr");
    return ("overflow".equals(f.get("stack")) ? "a stack overflow: " : "")
        + (addr == null ? "a fault" : "a fault at address " + addr)
        + " by the instruction at "
        + where;
  }

  @Override
  public void latched(int die, String path) {
    if (die >= 0 && die < dies.size()) {
      dies.get(die).setLatchedKfcSo(path);
    }
  }

  @Override
  public void exited(AicpuOsProcess process, int exitCode) {
    if (process != os) {
      return; // an older generation
    }
    boolean wasReap = reapedTask >= 0;
    faulted = true;
    Fault f = fault;
    String where = f != null && f.process() == process ? f.where() : null;
    String cause =
        wasReap
            ? "the op-execute watchdog reaped a task"
            : "the AICPU OS exited with status "
                + exitCode
                + describeSignal(exitCode)
                + (where == null ? "" : ", " + where);
    if (!wasReap) {
      // One report: the device log line, which the library logs at ERROR (the device logger) and
      // the CLI prints itself; a warning here said the same again.
      logSink.deviceLog(this, -1, 3, 3, "chip fault: " + cause);
    }
    for (SimDevice d : dies) {
      d.poison(cause);
    }
    int watchdogCode = config.effectiveWatchdogError().code();
    for (SimTask t : inflight.removeAll()) {
      // Each task's failure names what it ran, so the hint can name the entry (issue 17).
      String failure =
          t.id() == reapedTask
              ? "the op-execute watchdog reaped "
                  + running(t)
                  + " after "
                  + t.timeoutMicros()
                  + " us"
              : cause + " while running " + running(t);
      int code = t.id() == reapedTask ? watchdogCode : CannError.AICPU_EXCEPTION.code();
      t.stream().completed(t, code, "chip " + index + ": " + failure);
    }
  }

  /** {@code ENTRY of SO}, or {@code task N} for a task that names neither. */
  private static String running(SimTask t) {
    return t.kernelName() == null
        ? "task " + t.id()
        : t.kernelName() + " of " + (t.soName() == null ? "(no SO name)" : t.soName());
  }

  private static String describeSignal(int exitCode) {
    return exitCode > 128 ? " (signal " + (exitCode - 128) + ")" : "";
  }

  /**
   * Copies host bytes into device memory at a chip offset. A large copy from a direct buffer goes
   * through {@code pwrite} on the memory file, which puts the bytes into the file's pages as the
   * kernel allocates them; through the mapping, each fresh page would cost a page fault first (8
   * times slower for 256 MiB on a VM, where a fault also exits to the host). Both reach the same
   * pages, which the mappings here and in the AICPU OS then see.
   */
  void write(long chipOffset, ByteBuffer src) {
    if (src.isDirect() && src.remaining() >= LARGE_WRITE) {
      uninterrupted(
          () -> {
            try (FileChannel out = FileChannel.open(memoryFile, StandardOpenOption.WRITE)) {
              ByteBuffer rest = src.duplicate();
              while (rest.hasRemaining()) {
                out.write(rest, chipOffset + rest.position() - src.position());
              }
            } catch (IOException e) {
              throw new UncheckedIOException("cannot write chip " + index + "'s device memory", e);
            }
          });
      return;
    }
    memory.put((int) chipOffset, src, src.position(), src.remaining());
  }

  /**
   * Copies a large {@code src} into device memory at a chip offset, the caller having checked the
   * range: its owner writes it into the memory file ({@link HostBytes#writeTo}), which for an SO
   * read from a file is one copy in the kernel, with no host buffer in between and no Java loop
   * over chunks (which a new JVM runs interpreted).
   */
  void writeFrom(long chipOffset, HostBytes src) {
    uninterrupted(() -> src.writeTo(memoryFile, chipOffset));
  }

  /**
   * Runs a write to the memory file with the calling thread's interrupt status set aside and then
   * restored. A card's {@code aclrtMemcpy} is not stopped by {@code Thread.interrupt}, while a file
   * channel written by an interrupted thread is closed under it ({@code
   * ClosedByInterruptException}): a copy made by a thread that was interrupted earlier completes
   * here as on a card. Each write opens a descriptor of its own, so an interrupt that still lands
   * during one fails only that copy.
   */
  private static void uninterrupted(Runnable write) {
    boolean interrupted = Thread.interrupted();
    try {
      write.run();
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  void read(long chipOffset, ByteBuffer dst) {
    int n = dst.remaining();
    byte[] tmp = new byte[n];
    memory.get((int) chipOffset, tmp, 0, n);
    dst.duplicate().put(tmp);
  }

  /** Every task in flight has finished (for tests and teardown). */
  boolean quiet() {
    return inflight.isEmpty();
  }

  /**
   * Stops the AICPU OS with its process group and deletes the device memory. A task still in flight
   * (the JVM is shutting down under a launch) fails as on a chip that died, so its caller returns.
   */
  void close() {
    synchronized (lifecycle) {
      AicpuOsProcess p = os;
      os = null;
      faulted = true;
      if (p != null) {
        p.close();
      }
      for (SimTask t : inflight.removeAll()) {
        t.stream()
            .completed(t, CannError.DRV_INTERNAL_ERROR.code(), "chip " + index + " was closed");
      }
      try {
        Files.deleteIfExists(memoryFile);
      } catch (IOException e) {
        LOG.debug("cannot delete {}: {}", memoryFile, e.toString());
      }
    }
  }
}
