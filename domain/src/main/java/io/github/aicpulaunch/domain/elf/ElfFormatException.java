package io.github.aicpulaunch.domain.elf;

import io.github.aicpulaunch.ports.InvalidRequestException;

/**
 * The bytes handed in as a shared object are not a well-formed ELF64 image of a kind this library
 * can upload: the message names what is wrong and the byte offset where it was found.
 */
public final class ElfFormatException extends InvalidRequestException {
  private static final long serialVersionUID = 1L;

  static final String DEFAULT_HINT =
      "Pass the runtime SO itself, a complete 64-bit little-endian ELF shared object built for the"
          + " device; rebuild it if it was truncated or corrupted on the way.";

  private final String problem;
  private final long offset;
  private final String source;

  /**
   * @param problem what is wrong, as a sentence fragment without the offset
   * @param offset the byte offset in the image where the problem was found
   * @param source what the image was read from ("" for a buffer)
   * @param hint the way out
   */
  ElfFormatException(String problem, long offset, String source, String hint) {
    super(describe(problem, offset, source), hint);
    this.problem = problem;
    this.offset = offset;
    this.source = source;
  }

  ElfFormatException(String problem, long offset) {
    this(problem, offset, "", DEFAULT_HINT);
  }

  ElfFormatException(String problem, long offset, String hint) {
    this(problem, offset, "", hint);
  }

  /** The byte offset in the image where the problem was found. */
  public long offset() {
    return offset;
  }

  /** What is wrong, without the offset or the source. */
  public String problem() {
    return problem;
  }

  /** The same error, naming the file the image came from. */
  ElfFormatException from(String newSource) {
    return new ElfFormatException(problem, offset, newSource, hint());
  }

  private static String describe(String problem, long offset, String source) {
    String where = source.isEmpty() ? "" : " in " + source;
    return String.format(
        "Malformed ELF%s at offset %s (0x%x): %s.",
        where, Long.toUnsignedString(offset), offset, problem);
  }
}
