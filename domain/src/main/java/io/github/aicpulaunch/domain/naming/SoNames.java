package io.github.aicpulaunch.domain.naming;

import io.github.aicpulaunch.ports.InvalidRequestException;

/**
 * CANN's rules for the names it looks up on the device: SO names must match its {@code
 * PATTERN_FOR_SO_NAME} ({@code [a-zA-Z0-9-_.]}) and fit {@code AE_MAX_SO_NAME} (100); kernel entry
 * names are C identifiers within {@code AE_MAX_KERNEL_NAME} (200). "." and ".." are refused too:
 * they name directories, not files.
 */
public final class SoNames {
  /** CANN's {@code AE_MAX_SO_NAME}. */
  public static final int MAX_SO_NAME = 100;

  /** CANN's {@code AE_MAX_KERNEL_NAME}. */
  public static final int MAX_KERNEL_NAME = 200;

  private static final String SO_HINT =
      "Use only ASCII letters, digits, '.', '_' and '-', at most 100 characters: CANN's SO manager"
          + " refuses anything else.";
  private static final String ENTRY_HINT =
      "Name the entry by its exported C symbol: ASCII letters, digits and '_', not starting with a"
          + " digit, at most 200 characters.";

  private SoNames() {}

  /** Whether CANN's SO manager would accept {@code name}. */
  public static boolean isValidSoName(String name) {
    return soNameProblem(name) == null;
  }

  /**
   * Returns {@code name} if CANN's SO manager would accept it.
   *
   * @throws InvalidRequestException naming the name, the rule it breaks and the way out
   */
  public static String requireValidSoName(String name) {
    String problem = soNameProblem(name);
    if (problem != null) {
      throw new InvalidRequestException(
          "SO name \"" + escape(name) + "\" is refused: " + problem + ".", SO_HINT);
    }
    return name;
  }

  /**
   * Returns {@code entry} if it can be a kernel entry: a C identifier of at most 200 characters.
   *
   * @throws InvalidRequestException naming the entry, the rule it breaks and the way out
   */
  public static String requireValidEntryName(String entry) {
    String problem = null;
    if (entry.isEmpty()) {
      problem = "it is empty";
    } else if (entry.length() > MAX_KERNEL_NAME) {
      problem = "it has " + entry.length() + " characters, more than " + MAX_KERNEL_NAME;
    } else if (isDigit(entry.charAt(0))) {
      problem = "it starts with a digit";
    } else {
      int bad = firstNotIn(entry, "_");
      if (bad >= 0) {
        problem = characterProblem(entry, bad, "letters, digits and '_'");
      }
    }
    if (problem != null) {
      throw new InvalidRequestException(
          "Kernel entry name \"" + escape(entry) + "\" is refused: " + problem + ".", ENTRY_HINT);
    }
    return entry;
  }

  private static String soNameProblem(String name) {
    if (name.isEmpty()) {
      return "it is empty";
    }
    if (name.equals(".") || name.equals("..")) {
      return "it names a directory";
    }
    if (name.length() > MAX_SO_NAME) {
      return "it has " + name.length() + " characters, more than CANN's " + MAX_SO_NAME;
    }
    int bad = firstNotIn(name, "._-");
    return bad < 0 ? null : characterProblem(name, bad, "[A-Za-z0-9._-]");
  }

  // Plain loops rather than Guava's CharMatcher: its classes and first run cost a new process about
  // a millisecond of its first open (docs/PERFORMANCE.md, issue 18).

  /**
   * The index of the first character of {@code text} that is not an ASCII letter, digit or one of
   * {@code extra}; -1 if none.
   */
  private static int firstNotIn(String text, String extra) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (!isAsciiLetterOrDigit(c) && extra.indexOf(c) < 0) {
        return i;
      }
    }
    return -1;
  }

  private static boolean isAsciiLetterOrDigit(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || isDigit(c);
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static String characterProblem(String name, int index, String allowed) {
    return "character "
        + index
        + " ('"
        + escape(name.substring(index, name.offsetByCodePoints(index, 1)))
        + "') is not one of "
        + allowed;
  }

  /** Printable ASCII as is, everything else as {@code \\uXXXX}, so a message never hides it. */
  static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c >= 0x20 && c < 0x7f) {
        out.append(c);
      } else {
        out.append(String.format("\\u%04x", (int) c));
      }
    }
    return out.toString();
  }
}
