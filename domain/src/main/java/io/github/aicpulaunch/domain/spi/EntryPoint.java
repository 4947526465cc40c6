package io.github.aicpulaunch.domain.spi;

import java.util.regex.Pattern;

/**
 * One declared entry of a runtime SO and the name CANN registers it under.
 *
 * @param symbol the exported C symbol, e.g. {@code simpler_aicpu_exec}
 * @param opType the JSON descriptor key for it, {@code <symbol>_<fingerprint hex>} (PROTOCOL §4;
 *     F6)
 */
public record EntryPoint(String symbol, String opType) {
  private static final Pattern C_IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  public EntryPoint {
    if (!C_IDENTIFIER.matcher(symbol).matches()) {
      throw new IllegalArgumentException("entry symbol '" + symbol + "' is not a C identifier");
    }
    if (!opType.startsWith(symbol + "_")) {
      throw new IllegalArgumentException(
          "opType '" + opType + "' must be the symbol '" + symbol + "' followed by '_<fp>'");
    }
  }
}
