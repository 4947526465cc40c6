package io.github.aicpulaunch.domain.session;

import io.github.aicpulaunch.domain.fingerprint.ReadSo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Remembers what {@link ReadSo#of} found in a runtime SO while the file provably has not changed
 * since, so that a warm open costs one {@code stat} instead of an open, reads and a close. Users
 * rebuild and rerun at will, so "provably" is the whole contract:
 *
 * <ul>
 *   <li><b>Identity.</b> A file is unchanged when one {@code stat} gives the same device, inode,
 *       size, modification time and status-change time (ctime), all to the nanosecond the
 *       filesystem keeps. Replacing the file (a linker writing a new file, {@code rsync}, {@code
 *       mv}) changes the inode; rewriting it in place sets its ctime to the current time, and no
 *       user tool can set a ctime (restoring the mtime with {@code touch -d} or {@code cp -p} sets
 *       it too).
 *   <li><b>Racily clean files are never remembered</b> (the rule of git's index). Timestamps
 *       advance in ticks (a few milliseconds on ext4, XFS and Btrfs; 2 s on FAT), and a write in
 *       the same tick as the one that stamped the file leaves mtime and ctime as they were. So an
 *       entry is stored only if the file's mtime and ctime are at least {@link #SAFE_MARGIN} older
 *       than the wall-clock time taken before it was read: any later write stamps a ctime in a
 *       later tick, which differs from the stored one. A file rebuilt less than 2 s ago is read on
 *       every open until it has been quiet for 2 s.
 *   <li><b>The read is bracketed.</b> The entry stores the identity of a {@code stat} taken before
 *       the read and is stored only if a second {@code stat} after the read gives the same
 *       identity, so a write racing with the read is never stored either.
 * </ul>
 *
 * <p>The bound: this is correct where the file's timestamps come from a clock within {@link
 * #SAFE_MARGIN} of this JVM's wall clock and the filesystem's timestamp granularity is finer than
 * the margin: every local filesystem Linux uses for builds; a network filesystem whose server clock
 * is more than 2 s behind this machine's is outside it. Even there, an upload cannot send other
 * bytes than the ones named, because {@link ReadSo#stream} fingerprints the uploaded bytes again.
 * Where the {@code unix} attribute view is missing nothing is remembered.
 *
 * <p>Thread-safe. Holds at most {@link #MAX_ENTRIES} files and forgets them all when full.
 */
public final class ReadSoCache {
  /** How much older than the read a file's timestamps must be for the read to be remembered. */
  public static final Duration SAFE_MARGIN = Duration.ofSeconds(2);

  public static final int MAX_ENTRIES = 64;

  private static final String IDENTITY = "unix:dev,ino,size,lastModifiedTime,ctime";

  /** One {@code stat} of a file: what must not change for a remembered read to stay valid. */
  private record Identity(long dev, long ino, long size, long mtimeNanos, long ctimeNanos) {
    // Written out, as BootstrapRegistry.Key's: a record's generated equals and hashCode are linked
    // through invokedynamic on first use, which a new process pays (docs/PERFORMANCE.md, issue 18).
    @Override
    public boolean equals(Object other) {
      return other instanceof Identity i
          && i.dev == dev
          && i.ino == ino
          && i.size == size
          && i.mtimeNanos == mtimeNanos
          && i.ctimeNanos == ctimeNanos;
    }

    @Override
    public int hashCode() {
      long h = dev;
      h = 31 * h + ino;
      h = 31 * h + size;
      h = 31 * h + mtimeNanos;
      h = 31 * h + ctimeNanos;
      return Long.hashCode(h);
    }
  }

  private record Entry(Identity identity, ReadSo read) {}

  private final Map<Path, Entry> entries = new ConcurrentHashMap<>();
  private final LongSupplier wallClockMillis;
  private final long marginNanos;

  /** A cache on the system's wall clock with the {@link #SAFE_MARGIN}. */
  public ReadSoCache() {
    this(System::currentTimeMillis, SAFE_MARGIN);
  }

  /** For tests: another clock or margin. */
  ReadSoCache(LongSupplier wallClockMillis, Duration margin) {
    this.wallClockMillis = wallClockMillis;
    this.marginNanos = margin.toNanos();
  }

  /**
   * What {@link ReadSo#of} gives for {@code path} now: a remembered read if the file has provably
   * not changed since, else a fresh one.
   *
   * @throws io.github.aicpulaunch.domain.elf.SoFileException as {@link ReadSo#of}
   * @throws io.github.aicpulaunch.domain.elf.ElfFormatException as {@link ReadSo#of}
   */
  public ReadSo read(Path path) {
    long now = TimeUnit.MILLISECONDS.toNanos(wallClockMillis.getAsLong());
    Identity before = identity(path);
    Entry known = entries.get(path);
    if (known != null) {
      if (known.identity().equals(before)) {
        return known.read();
      }
      entries.remove(path, known);
    }
    ReadSo read = ReadSo.of(path);
    if (before == null || !quietSince(before, now) || !before.equals(identity(path))) {
      return read;
    }
    if (entries.size() >= MAX_ENTRIES) {
      entries.clear();
    }
    entries.put(path, new Entry(before, read));
    return read;
  }

  private boolean quietSince(Identity identity, long nowNanos) {
    long limit = nowNanos - marginNanos;
    return identity.mtimeNanos() <= limit && identity.ctimeNanos() <= limit;
  }

  /** The file's identity, or null when it cannot be had (ReadSo.of then reports why). */
  private static @Nullable Identity identity(Path path) {
    Map<String, Object> attributes;
    try {
      attributes = Files.readAttributes(path, IDENTITY);
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return null;
    }
    if (!(attributes.get("dev") instanceof Long dev)
        || !(attributes.get("ino") instanceof Long ino)
        || !(attributes.get("size") instanceof Long size)
        || !(attributes.get("lastModifiedTime") instanceof FileTime mtime)
        || !(attributes.get("ctime") instanceof FileTime ctime)) {
      return null;
    }
    return new Identity(
        dev, ino, size, mtime.to(TimeUnit.NANOSECONDS), ctime.to(TimeUnit.NANOSECONDS));
  }
}
