package io.github.aicpulaunch.reliability;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * What a run can leave behind on the machine (issue 17): processes (by process group: each AICPU OS
 * leads its own, and whatever device code forks joins it), shared-memory segments and temporary
 * directories of a given owner, and the host's simulator threads. Read from {@code /proc}, {@code
 * /dev/shm} and the temporary directory, independently of the code that cleans them up.
 */
record Residue(int processes, Set<String> shm, Set<String> tempDirs, int simThreads) {
  /** The names the simulator and the library give their temporary files and directories. */
  static final List<String> PREFIXES = List.of("aicpu-sim-", "aicpu-launch-");

  /**
   * What is left of the process groups {@code groups}, the files of {@code owner} (a pid, as the
   * files name it) in {@code /dev/shm} and {@code tmp}, and the live {@code aicpu-sim-} threads of
   * this JVM.
   */
  static Residue of(Set<Long> groups, long owner, Path tmp) throws IOException {
    return new Residue(
        groupMembers(groups),
        owned(Path.of("/dev/shm"), owner),
        owned(tmp, owner),
        liveSimThreads());
  }

  /**
   * {@code now} once it equals {@code expected}, or after ten seconds (a liveness bound): threads
   * and processes that were told to end may take a moment. What a leak raises never falls by
   * itself, so the wait adds no slack.
   */
  static <T> T settled(T expected, IoSupplier<T> now) throws Exception {
    T r = now.get();
    for (int i = 0; i < 200 && !r.equals(expected); i++) {
      Thread.sleep(50);
      r = now.get();
    }
    return r;
  }

  /** {@code now} once two readings 50 ms apart agree (or after ten seconds): a baseline. */
  static <T> T stable(IoSupplier<T> now) throws Exception {
    T last = now.get();
    for (int i = 0; i < 200; i++) {
      Thread.sleep(50);
      T r = now.get();
      if (r.equals(last)) {
        return r;
      }
      last = r;
    }
    return last;
  }

  /** A {@link Supplier} that may throw. */
  interface IoSupplier<T> {
    T get() throws IOException;
  }

  /** Live (not zombie) processes whose process group is one of {@code groups}. */
  static int groupMembers(Set<Long> groups) throws IOException {
    int n = 0;
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      for (Path p : (Iterable<Path>) procs::iterator) {
        if (!p.getFileName().toString().matches("\\d+")) {
          continue;
        }
        String stat;
        try {
          stat = Files.readString(p.resolve("stat"), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
          continue; // exited meanwhile
        }
        // pid (comm) state ppid pgrp ...: comm may hold spaces and parentheses
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        if (!f[0].equals("Z") && groups.contains(Long.parseLong(f[2]))) {
          n++;
        }
      }
    }
    return n;
  }

  /** Entries of {@code dir} named by one of {@link #PREFIXES} and holding {@code -<owner>-}. */
  static Set<String> owned(Path dir, long owner) throws IOException {
    Set<String> names = new TreeSet<>();
    if (!Files.isDirectory(dir)) {
      return names;
    }
    try (Stream<Path> entries = Files.list(dir)) {
      entries
          .map(p -> p.getFileName().toString())
          .filter(n -> PREFIXES.stream().anyMatch(n::startsWith))
          .filter(n -> n.contains("-" + owner + "-"))
          .forEach(names::add);
    }
    return names;
  }

  /** Live threads of this JVM that the simulator started (named {@code aicpu-sim-...}). */
  static int liveSimThreads() {
    return (int)
        Thread.getAllStackTraces().keySet().stream()
            .filter(t -> t.getName().startsWith("aicpu-sim-"))
            .count();
  }
}
