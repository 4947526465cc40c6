package io.github.aicpulaunch.domain.fuzz;

import io.github.aicpulaunch.domain.fingerprint.Fingerprint;
import java.math.BigInteger;
import java.util.OptionalLong;

/**
 * A deliberately slow, literal transcription of PROTOCOL §5, the oracle of {@link
 * FingerprintFuzzTest}. It shares no code with {@code domain.fingerprint} or {@code domain.elf}:
 * every offset and sum is an unbounded {@link BigInteger}, so "lies inside the buffer" is the plain
 * mathematical statement and nothing can wrap, and every field is assembled from single bytes.
 *
 * <p>One detail the protocol's prose leaves implicit is taken from the C it describes: upstream
 * pads a note's 32-bit {@code n_namesz}/{@code n_descsz} with {@code (n + 3u) & ~3u} in 32-bit
 * arithmetic, so a size of {@code 0xFFFFFFFD} or more pads to 0. The device does exactly that, and
 * host and device must agree bit for bit, so the oracle does too ({@link #padded}).
 */
final class ReferenceFingerprint {
  private static final BigInteger TWELVE = BigInteger.valueOf(12);
  private static final BigInteger EIGHT = BigInteger.valueOf(8);

  private ReferenceFingerprint() {}

  static Fingerprint of(byte[] file) {
    OptionalLong id = buildIdWord(file);
    return id.isPresent()
        ? new Fingerprint(id.getAsLong(), Fingerprint.Source.BUILD_ID)
        : new Fingerprint(fnv1a64(file), Fingerprint.Source.FNV1A_64);
  }

  /** §5 step 4, byte by byte: h ^= byte; h *= prime (mod 2^64). */
  static long fnv1a64(byte[] file) {
    long h = 0xcbf29ce484222325L;
    for (byte b : file) {
      h ^= b & 0xFF;
      h *= 0x00000100000001b3L;
    }
    return h;
  }

  /** §5 steps 1-3. */
  private static OptionalLong buildIdWord(byte[] b) {
    BigInteger len = BigInteger.valueOf(b.length);
    // Step 1: the fallbacks.
    if (b.length < 64) {
      return OptionalLong.empty();
    }
    if ((b[0] & 0xFF) != 0x7F || b[1] != 'E' || b[2] != 'L' || b[3] != 'F' || b[4] != 2) {
      return OptionalLong.empty();
    }
    BigInteger phoff = unsigned(b, 32, 8);
    BigInteger phentsize = unsigned(b, 54, 2);
    BigInteger phnum = unsigned(b, 56, 2);
    if (phoff.signum() == 0 || phentsize.compareTo(BigInteger.valueOf(56)) < 0) {
      return OptionalLong.empty();
    }
    if (phoff.add(phnum.multiply(phentsize)).compareTo(len) > 0) {
      return OptionalLong.empty();
    }
    // Step 2: every PT_NOTE program header whose segment lies inside the buffer, in order.
    for (BigInteger i = BigInteger.ZERO; i.compareTo(phnum) < 0; i = i.add(BigInteger.ONE)) {
      int ph = phoff.add(i.multiply(phentsize)).intValueExact();
      if (!unsigned(b, ph, 4).equals(BigInteger.valueOf(4))) {
        continue;
      }
      BigInteger offset = unsigned(b, ph + 8, 8);
      BigInteger fileSize = unsigned(b, ph + 32, 8);
      BigInteger end = offset.add(fileSize);
      if (end.compareTo(len) > 0) {
        continue;
      }
      OptionalLong found = walkNotes(b, offset, end);
      if (found.isPresent()) {
        return found;
      }
    }
    return OptionalLong.empty();
  }

  /** Step 2's note walk and step 3's test, in one segment [start, end). */
  private static OptionalLong walkNotes(byte[] b, BigInteger start, BigInteger end) {
    BigInteger note = start;
    while (end.subtract(note).compareTo(TWELVE) >= 0) {
      int at = note.intValueExact();
      BigInteger nameSize = unsigned(b, at, 4);
      BigInteger descSize = unsigned(b, at + 4, 4);
      BigInteger type = unsigned(b, at + 8, 4);
      BigInteger name = note.add(TWELVE);
      BigInteger desc = name.add(padded(nameSize));
      BigInteger next = desc.add(padded(descSize));
      if (next.compareTo(end) > 0) {
        return OptionalLong.empty(); // the next note would run past the segment: stop
      }
      boolean gnuName =
          nameSize.equals(BigInteger.valueOf(4))
              && b[at + 12] == 'G'
              && b[at + 13] == 'N'
              && b[at + 14] == 'U'
              && b[at + 15] == 0;
      if (type.equals(BigInteger.valueOf(3))
          && gnuName
          && descSize.compareTo(EIGHT) >= 0
          && desc.add(EIGHT).compareTo(BigInteger.valueOf(b.length)) <= 0) {
        return OptionalLong.of(unsigned(b, desc.intValueExact(), 8).longValue());
      }
      note = next;
    }
    return OptionalLong.empty();
  }

  /** {@code (n + 3u) & ~3u} on a {@code uint32_t}. */
  private static BigInteger padded(BigInteger size) {
    long n = size.longValueExact();
    return BigInteger.valueOf(((n + 3) & 0xFFFF_FFFFL) & ~3L);
  }

  /** The little-endian unsigned integer of {@code width} bytes at {@code at}. */
  private static BigInteger unsigned(byte[] b, int at, int width) {
    BigInteger v = BigInteger.ZERO;
    for (int i = width - 1; i >= 0; i--) {
      v = v.shiftLeft(8).or(BigInteger.valueOf(b[at + i] & 0xFF));
    }
    return v;
  }
}
