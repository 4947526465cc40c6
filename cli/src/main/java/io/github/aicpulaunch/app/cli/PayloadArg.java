package io.github.aicpulaunch.app.cli;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.function.ToLongFunction;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * One typed value of a launch payload ({@code --arg TYPE:VALUE}). Values are laid out like the
 * members of a C struct in the order given: each at the next offset aligned to its own alignment,
 * the whole padded to the largest alignment, padding zero, little-endian.
 *
 * @param text the argument as written, for messages and the layout report
 * @param type its type
 * @param literal the value's bits for a number (unused for {@code ptr}, {@code size}, {@code
 *     blocks})
 * @param buffer the buffer {@code ptr:} and {@code size:} name, else empty
 */
record PayloadArg(String text, Type type, long literal, String buffer) {
  /** The types an {@code --arg} can have. */
  enum Type {
    U32(4, 4),
    I32(4, 4),
    U64(8, 8),
    I64(8, 8),
    F32(4, 4),
    F64(8, 8),
    /** The device address of a buffer (u64). */
    PTR(8, 8),
    /** The size in bytes of a buffer (u64). */
    SIZE(8, 8),
    /**
     * The launch's block counter of aicpu_block.h: u32 next = 0, u32 count = the launch's blocks.
     */
    BLOCKS(8, 4);

    final int size;
    final int alignment;

    Type(int size, int alignment) {
      this.size = size;
      this.alignment = alignment;
    }

    String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  static final String SYNTAX =
      "u32:N, i32:N, u64:N, i64:N (decimal or 0x hex), f32:X, f64:X, ptr:BUFFER, size:BUFFER or"
          + " blocks";

  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");
  private static final BigInteger U64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

  /**
   * Parses {@code TYPE:VALUE}.
   *
   * @throws IllegalArgumentException naming the argument, the rule and the accepted forms
   */
  static PayloadArg parse(String text) {
    String t = text.strip();
    if (t.equalsIgnoreCase("blocks")) {
      return new PayloadArg(t, Type.BLOCKS, 0, "");
    }
    int colon = t.indexOf(':');
    if (colon < 0) {
      throw bad(text, "has no TYPE: prefix");
    }
    String typeName = t.substring(0, colon).toUpperCase(Locale.ROOT);
    String value = t.substring(colon + 1);
    Type type;
    try {
      type = Type.valueOf(typeName);
    } catch (IllegalArgumentException e) {
      throw bad(text, "has the unknown type '" + t.substring(0, colon) + "'");
    }
    return switch (type) {
      case U32 -> new PayloadArg(t, type, integer(text, value, false, 32), "");
      case I32 -> new PayloadArg(t, type, integer(text, value, true, 32), "");
      case U64 -> new PayloadArg(t, type, integer(text, value, false, 64), "");
      case I64 -> new PayloadArg(t, type, integer(text, value, true, 64), "");
      case F32 -> {
        double d = real(text, value);
        float f = (float) d;
        if (Float.isInfinite(f) && !Double.isInfinite(d)) {
          throw bad(text, "is outside the range of f32");
        }
        yield new PayloadArg(t, type, Float.floatToRawIntBits(f) & 0xFFFF_FFFFL, "");
      }
      case F64 -> new PayloadArg(t, type, Double.doubleToRawLongBits(real(text, value)), "");
      case PTR, SIZE -> {
        if (!NAME.matcher(value).matches()) {
          throw bad(text, "does not name a buffer (a name given to --in, --out or --buf)");
        }
        yield new PayloadArg(t, type, 0, value);
      }
      case BLOCKS -> throw bad(text, "takes no value: write just 'blocks'");
    };
  }

  private static IllegalArgumentException bad(String text, String why) {
    return new IllegalArgumentException(
        "--arg '" + text + "' " + why + "; an --arg is one of " + SYNTAX + ".");
  }

  private static long integer(String text, String value, boolean signed, int bits) {
    String v = value.strip().replace("_", "");
    BigInteger n;
    try {
      boolean negative = v.startsWith("-");
      String digits = negative ? v.substring(1) : v;
      n =
          digits.startsWith("0x") || digits.startsWith("0X")
              ? new BigInteger(digits.substring(2), 16)
              : new BigInteger(digits, 10);
      if (negative) {
        n = n.negate();
      }
    } catch (NumberFormatException e) {
      throw bad(text, "is not an integer");
    }
    BigInteger min = signed ? BigInteger.ONE.shiftLeft(bits - 1).negate() : BigInteger.ZERO;
    BigInteger max =
        signed
            ? BigInteger.ONE.shiftLeft(bits - 1).subtract(BigInteger.ONE)
            : (bits == 64 ? U64_MAX : BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE));
    if (n.compareTo(min) < 0 || n.compareTo(max) > 0) {
      throw bad(text, "is outside " + min + ".." + max);
    }
    return n.longValue();
  }

  private static double real(String text, String value) {
    String v = value.strip();
    if (v.isEmpty() || v.endsWith("f") || v.endsWith("F") || v.endsWith("d") || v.endsWith("D")) {
      throw bad(text, "is not a number");
    }
    try {
      return Double.parseDouble(v);
    } catch (NumberFormatException e) {
      throw bad(text, "is not a number");
    }
  }

  /** Writes this value at the buffer's position (already aligned), advancing it. */
  void put(ByteBuffer b, ToLongFunction<String> address, ToLongFunction<String> size, int blocks) {
    switch (type) {
      case U32, I32, F32 -> b.putInt((int) literal);
      case U64, I64, F64 -> b.putLong(literal);
      case PTR -> b.putLong(address.applyAsLong(buffer));
      case SIZE -> b.putLong(size.applyAsLong(buffer));
      case BLOCKS -> b.putInt(0).putInt(blocks);
    }
  }

  /** Converts {@code --arg} values at parse time, so a malformed one is a usage error. */
  static final class Converter implements ITypeConverter<PayloadArg> {
    @Override
    public PayloadArg convert(String value) {
      try {
        return parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }
}
