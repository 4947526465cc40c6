package io.github.aicpulaunch.app.cli;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Locale;

/**
 * Compares an output with its golden file element by element ({@code --expect}), fed in chunks of
 * whole elements. Exact by default (the elements' bits are equal); with a tolerance (floats only)
 * {@code |actual - expected| <= atol + rtol * |expected|}, as numpy's {@code allclose} checks it, a
 * NaN matching a NaN. Not thread-safe.
 */
final class Comparison {
  /** The element type of a comparison ({@code --dtype}). */
  enum Dtype {
    F32(4, true),
    F64(8, true),
    I32(4, false),
    U32(4, false),
    I64(8, false),
    U64(8, false),
    U8(1, false);

    final int size;
    final boolean floating;

    Dtype(int size, boolean floating) {
      this.size = size;
      this.floating = floating;
    }

    String label() {
      return name().toLowerCase(Locale.ROOT);
    }

    String format(ByteBuffer b, int at) {
      return switch (this) {
        case F32 -> Float.toString(b.getFloat(at));
        case F64 -> Double.toString(b.getDouble(at));
        case I32 -> Integer.toString(b.getInt(at));
        case U32 -> Integer.toUnsignedString(b.getInt(at));
        case I64 -> Long.toString(b.getLong(at));
        case U64 -> Long.toUnsignedString(b.getLong(at));
        case U8 -> Integer.toString(Byte.toUnsignedInt(b.get(at)));
      };
    }
  }

  private final Dtype dtype;
  private final double rtol;
  private final double atol;
  private final boolean tolerant;
  private long index;
  private long mismatches;
  private long firstIndex = -1;
  private String firstActual = "";
  private String firstExpected = "";

  /** An exact comparison when both tolerances are 0. */
  Comparison(Dtype dtype, double rtol, double atol) {
    this.dtype = dtype;
    this.rtol = rtol;
    this.atol = atol;
    this.tolerant = rtol != 0 || atol != 0;
  }

  /** Compares the next chunk: both buffers from position to limit, the same whole elements. */
  void feed(ByteBuffer actual, ByteBuffer expected) {
    ByteBuffer a = actual.slice().order(ByteOrder.LITTLE_ENDIAN);
    ByteBuffer e = expected.slice().order(ByteOrder.LITTLE_ENDIAN);
    int n = a.remaining() / dtype.size;
    for (int i = 0; i < n; i++, index++) {
      int at = i * dtype.size;
      if (!equal(a, e, at)) {
        if (mismatches++ == 0) {
          firstIndex = index;
          firstActual = dtype.format(a, at);
          firstExpected = dtype.format(e, at);
        }
      }
    }
  }

  private boolean equal(ByteBuffer a, ByteBuffer e, int at) {
    if (!tolerant) {
      return switch (dtype.size) {
        case 1 -> a.get(at) == e.get(at);
        case 4 -> a.getInt(at) == e.getInt(at);
        default -> a.getLong(at) == e.getLong(at);
      };
    }
    double x = dtype == Dtype.F32 ? a.getFloat(at) : a.getDouble(at);
    double y = dtype == Dtype.F32 ? e.getFloat(at) : e.getDouble(at);
    if (Double.isNaN(x) || Double.isNaN(y)) {
      return Double.isNaN(x) && Double.isNaN(y);
    }
    if (Double.isInfinite(x) || Double.isInfinite(y)) {
      return x == y;
    }
    return Math.abs(x - y) <= atol + rtol * Math.abs(y);
  }

  boolean matched() {
    return mismatches == 0;
  }

  long mismatches() {
    return mismatches;
  }

  long elements() {
    return index;
  }

  /** The first differing element's index, or -1. */
  long firstIndex() {
    return firstIndex;
  }

  String firstActual() {
    return firstActual;
  }

  String firstExpected() {
    return firstExpected;
  }

  /** {@code exact} or {@code rtol=.., atol=..}. */
  String rule() {
    return tolerant ? String.format(Locale.ROOT, "rtol=%s, atol=%s", rtol, atol) : "exact";
  }

  Dtype dtype() {
    return dtype;
  }
}
