package io.github.aicpulaunch.domain.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.aicpulaunch.domain.elf.ElfImageBuilder;
import io.github.aicpulaunch.domain.fingerprint.ReadSo;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "Rebuild and rerun at will": whatever the cache remembers, a rebuilt file must be read again,
 * even when the rebuild keeps its size and puts its mtime back. Fingerprints by PROTOCOL §5 step 3:
 * Build-ID bytes 10 11 .. 17 give 1716151413121110, bytes 30 31 .. 37 give 3736353433323130.
 */
class ReadSoCacheTest {
  private static final String OLD = "1716151413121110";
  private static final String NEW = "3736353433323130";

  /** A short margin so the tests wait a fraction of a second, still far above a timestamp tick. */
  private static final Duration MARGIN = Duration.ofMillis(100);

  @TempDir Path dir;

  private static byte[] so(int firstIdByte) {
    return ElfImageBuilder.runtimeWithBuildId(firstIdByte);
  }

  private static void rewriteInPlaceKeepingMtime(Path file, byte[] bytes) throws Exception {
    FileTime mtime = Files.getLastModifiedTime(file);
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.write(bytes);
    }
    Files.setLastModifiedTime(file, mtime);
    assertThat(Files.size(file)).isEqualTo(bytes.length);
    assertThat(Files.getLastModifiedTime(file)).isEqualTo(mtime);
  }

  private static void waitPastTheMargin() throws InterruptedException {
    Thread.sleep(MARGIN.toMillis() * 3);
  }

  /** A cache with {@link #MARGIN} that remembers {@code file}, which it reads as {@link #OLD}. */
  private static ReadSoCache rememberingOld(Path file) throws Exception {
    ReadSoCache cache = new ReadSoCache(System::currentTimeMillis, MARGIN);
    waitPastTheMargin();
    ReadSo first = cache.read(file);
    assertThat(cache.read(file)).as("remembered").isSameAs(first);
    assertThat(first.fingerprint().hex()).isEqualTo(OLD);
    return cache;
  }

  @Test
  void aFileQuietForTheMarginIsRemembered() throws Exception {
    rememberingOld(Files.write(dir.resolve("lib.so"), so(0x10)));
  }

  @Test
  void aRacilyCleanFileIsReadAgainAndItsSameTickRebuildIsSeen() throws Exception {
    Path file = Files.write(dir.resolve("lib.so"), so(0x10));
    ReadSoCache cache = new ReadSoCache();
    ReadSo first = cache.read(file);
    assertThat(cache.read(file)).as("written under 2 s ago: not remembered").isNotSameAs(first);

    // Rewritten at once, possibly within the same timestamp tick: size, mtime, inode and maybe
    // ctime all as before. Only reading again can see it.
    rewriteInPlaceKeepingMtime(file, so(0x30));
    assertThat(cache.read(file).fingerprint().hex()).isEqualTo(NEW);
  }

  @Test
  void aRememberedFileRebuiltInPlaceWithSameSizeAndMtimeIsSeen() throws Exception {
    Path file = Files.write(dir.resolve("lib.so"), so(0x10));
    ReadSoCache cache = rememberingOld(file);

    rewriteInPlaceKeepingMtime(file, so(0x30));
    assertThat(cache.read(file).fingerprint().hex()).isEqualTo(NEW);
  }

  @Test
  void aRememberedFileReplacedByRenameIsSeen() throws Exception {
    Path file = Files.write(dir.resolve("lib.so"), so(0x10));
    ReadSoCache cache = rememberingOld(file);

    Path next = Files.write(dir.resolve("lib.so.tmp"), so(0x30));
    Files.setLastModifiedTime(next, Files.getLastModifiedTime(file));
    Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    assertThat(cache.read(file).fingerprint().hex()).isEqualTo(NEW);
  }

  @Test
  void aFileWhoseTimestampsAreNotOlderThanTheClockByTheMarginIsNeverRemembered() throws Exception {
    Path file = Files.write(dir.resolve("lib.so"), so(0x10));
    waitPastTheMargin();
    // A clock that says the file was written just now (a server clock ahead of ours, say).
    long stamped = Files.getLastModifiedTime(file).toMillis();
    ReadSoCache cache = new ReadSoCache(() -> stamped + MARGIN.toMillis() - 1, MARGIN);
    ReadSo first = cache.read(file);
    assertThat(cache.read(file)).isNotSameAs(first);
  }
}
