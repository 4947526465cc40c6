package io.github.aicpulaunch.domain.naming;

import com.google.common.base.CharMatcher;
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

  private static final CharMatcher ALNUM =
      CharMatcher.inRange('a', 'z')
          .or(CharMatcher.inRange('A', 'Z'))
          .or(CharMatcher.inRange('0', '9'));
  private static final CharMatcher SO_NAME_CHARS = ALNUM.or(CharMatcher.anyOf("._-"));
  private static final CharMatcher IDENTIFIER_CHARS = ALNUM.or(CharMatcher.is('_'));
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
    } else if (CharMatcher.inRange('0', '9').matches(entry.charAt(0))) {
      problem = "it starts with a digit";
    } else {
      int bad = IDENTIFIER_CHARS.negate().indexIn(entry);
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
    int bad = SO_NAME_CHARS.negate().indexIn(name);
    return bad < 0 ? null : characterProblem(name, bad, "[A-Za-z0-9._-]");
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
