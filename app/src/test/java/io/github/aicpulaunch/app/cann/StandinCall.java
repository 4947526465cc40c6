package io.github.aicpulaunch.app.cann;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One line of the stand-in's call record, {@code <function> tid=<n> key=value ... [-> OUT] rc=<rc>
 * [reason=<text>]}, split into its fields. Hex fields ({@code data}, {@code args}, ...) are the
 * bytes the stand-in was handed.
 *
 * @param function the C function called
 * @param fields every {@code key=value} in order, {@code tid} left out
 * @param out what the call returned through an out-pointer ({@code M1}, {@code S1}, {@code B1},
 *     {@code F1}), or null
 * @param line the line as recorded
 */
public record StandinCall(
    String function, Map<String, String> fields, @Nullable String out, String line) {
  static StandinCall parse(String line) {
    String[] tokens = line.split(" ");
    Map<String, String> fields = new LinkedHashMap<>();
    String out = null;
    for (int i = 1; i < tokens.length; i++) {
      String t = tokens[i];
      if (t.equals("->") && i + 1 < tokens.length) {
        out = tokens[++i];
      } else if (t.startsWith("reason=")) {
        fields.put("reason", line.substring(line.indexOf(" reason=") + 8));
        break;
      } else if (t.contains("=") && !t.startsWith("tid=")) {
        fields.put(t.substring(0, t.indexOf('=')), t.substring(t.indexOf('=') + 1));
      }
    }
    return new StandinCall(tokens[0], Map.copyOf(fields), out, line);
  }

  /** The line without the thread number. */
  public String text() {
    return line.replaceFirst(" tid=\\d+", "");
  }

  public String get(String key) {
    String v = fields.get(key);
    if (v == null) {
      throw new AssertionError("no " + key + "= in: " + abbreviated());
    }
    return v;
  }

  int rc() {
    return Integer.parseInt(get("rc"));
  }

  /** A hex field as little-endian bytes. */
  ByteBuffer bytes(String key) {
    return ByteBuffer.wrap(HexFormat.of().parseHex(get(key))).order(ByteOrder.LITTLE_ENDIAN);
  }

  /** The line with hex fields cut short, for failure messages. */
  String abbreviated() {
    return line.replaceAll("=([0-9a-f]{32})[0-9a-f]+", "=$1...");
  }

  @Override
  public String toString() {
    return abbreviated();
  }
}
