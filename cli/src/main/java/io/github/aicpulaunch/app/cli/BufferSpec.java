package io.github.aicpulaunch.app.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * A device buffer of a run: {@code --in NAME=FILE} (allocated at the file's size, filled from it),
 * {@code --out NAME=FILE[:SIZE]} (allocated, zeroed, written to FILE after the last launch) or
 * {@code --buf NAME=SIZE} (scratch, zeroed).
 *
 * @param kind which option declared it
 * @param name the name {@code --arg ptr:NAME}, {@code size:NAME} and {@code --expect} use
 * @param file the file read ({@code in}) or written ({@code out}); null for {@code buf}
 * @param size the size given on the command line, or -1 when the file ({@code in}) or the {@code
 *     --expect} golden file ({@code out}) decides it
 */
record BufferSpec(Kind kind, String name, @Nullable Path file, long size) {
  /** The option that declared a buffer. */
  enum Kind {
    IN,
    OUT,
    BUF;

    String option() {
      return "--" + name().toLowerCase(Locale.ROOT);
    }
  }

  static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");

  static BufferSpec parse(Kind kind, String text) {
    int eq = text.indexOf('=');
    if (eq < 0) {
      throw bad(kind, text, "has no '='");
    }
    String name = text.substring(0, eq).strip();
    String value = text.substring(eq + 1);
    if (!NAME.matcher(name).matches()) {
      throw bad(
          kind,
          text,
          "names the buffer '"
              + name
              + "', which is not a C identifier of 1..64 characters (letters, digits, '_')");
    }
    return switch (kind) {
      case IN -> {
        if (value.isEmpty()) {
          throw bad(kind, text, "names no file");
        }
        yield new BufferSpec(kind, name, Path.of(value), -1);
      }
      case OUT -> {
        // FILE[:SIZE]: a suffix after the last ':' that reads as a size is the size.
        int colon = value.lastIndexOf(':');
        long size = colon < 0 ? -1 : ByteSizes.parse(value.substring(colon + 1));
        String file = size < 0 ? value : value.substring(0, colon);
        if (colon >= 0 && size == 0) {
          throw bad(kind, text, "asks for 0 bytes; a buffer has at least 1");
        }
        if (file.isEmpty()) {
          throw bad(kind, text, "names no file");
        }
        yield new BufferSpec(kind, name, Path.of(file), size);
      }
      case BUF -> {
        long size = ByteSizes.parse(value);
        if (size < 1) {
          throw bad(kind, text, "does not give a size of at least 1 byte (e.g. 4096, 64K, 1M)");
        }
        yield new BufferSpec(kind, name, null, size);
      }
    };
  }

  private static IllegalArgumentException bad(Kind kind, String text, String why) {
    String form =
        switch (kind) {
          case IN -> "NAME=FILE";
          case OUT -> "NAME=FILE[:SIZE]";
          case BUF -> "NAME=SIZE";
        };
    return new IllegalArgumentException(
        kind.option() + " '" + text + "' " + why + "; write " + kind.option() + " " + form + ".");
  }

  /** Converts {@code --in} values. */
  static final class In implements ITypeConverter<BufferSpec> {
    @Override
    public BufferSpec convert(String value) {
      return convertAs(Kind.IN, value);
    }
  }

  /** Converts {@code --out} values. */
  static final class Out implements ITypeConverter<BufferSpec> {
    @Override
    public BufferSpec convert(String value) {
      return convertAs(Kind.OUT, value);
    }
  }

  /** Converts {@code --buf} values. */
  static final class Buf implements ITypeConverter<BufferSpec> {
    @Override
    public BufferSpec convert(String value) {
      return convertAs(Kind.BUF, value);
    }
  }

  private static BufferSpec convertAs(Kind kind, String value) {
    try {
      return parse(kind, value);
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException(e.getMessage());
    }
  }
}
