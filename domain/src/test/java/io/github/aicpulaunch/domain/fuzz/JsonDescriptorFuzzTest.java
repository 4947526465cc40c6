package io.github.aicpulaunch.domain.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.aicpulaunch.domain.descriptor.JsonDescriptor;
import io.github.aicpulaunch.domain.fingerprint.Fingerprint;
import io.github.aicpulaunch.ports.InvalidRequestException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Fuzzes the Mode B JSON descriptor (PROTOCOL §4).
 *
 * <p>{@link #renderThenParseRoundTrips}: input = 8 bytes of fingerprint (little-endian), then
 * NUL-separated UTF-8 strings: the {@code kernelSo} name, then the entry names. If every name obeys
 * the rules (checked here with regular expressions written from CANN's rules, not with {@code
 * SoNames}), the rendered descriptor parses back to exactly the declared opTypes and fields, in
 * order; otherwise rendering is refused with {@link InvalidRequestException}.
 *
 * <p>{@link #parseThrowsOnlyInvalidRequest}: any text either parses to opType → string fields or is
 * refused with {@link InvalidRequestException}; no Gson or JDK exception escapes.
 *
 * <p>Regression inputs: {@code src/test/resources/.../fuzz/JsonDescriptorFuzzTestInputs/}.
 */
class JsonDescriptorFuzzTest {
  /** A C identifier within CANN's AE_MAX_KERNEL_NAME (200). */
  private static final Pattern ENTRY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,199}");

  /** CANN's PATTERN_FOR_SO_NAME within AE_MAX_SO_NAME (100); "." and ".." name directories. */
  private static final Pattern SO_NAME = Pattern.compile("(?!\\.\\.?$)[A-Za-z0-9._-]{1,100}");

  @FuzzTest
  void renderThenParseRoundTrips(byte[] data) {
    if (data.length < Long.BYTES) {
      return;
    }
    Fingerprint fp =
        new Fingerprint(
            ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).getLong(0),
            Fingerprint.Source.BUILD_ID);
    List<String> parts = splitOnNul(data, Long.BYTES);
    String kernelSo = parts.get(0);
    List<String> entries = parts.subList(1, parts.size());

    boolean valid =
        SO_NAME.matcher(kernelSo).matches()
            && !entries.isEmpty()
            && entries.stream().allMatch(e -> ENTRY.matcher(e).matches())
            && new HashSet<>(entries).size() == entries.size();
    if (!valid) {
      assertThatThrownBy(() -> JsonDescriptor.render(entries, fp, kernelSo))
          .isInstanceOf(InvalidRequestException.class);
      return;
    }
    String json = JsonDescriptor.render(entries, fp, kernelSo);
    assertThat(json).endsWith("}\n").doesNotContain("\r");

    Map<String, Map<String, String>> expected = new LinkedHashMap<>();
    for (String entry : entries) {
      Map<String, String> fields = new LinkedHashMap<>();
      fields.put("functionName", entry);
      fields.put("kernelSo", kernelSo);
      fields.put("opKernelLib", "AICPUKernel");
      fields.put("computeCost", "100");
      fields.put("engine", "DNN_VM_AICPU");
      fields.put("flagAsync", "False");
      fields.put("flagPartial", "False");
      fields.put("userDefined", "False");
      expected.put(entry + "_" + String.format("%016x", fp.value()), fields);
    }
    Map<String, Map<String, String>> parsed = JsonDescriptor.parse(json);
    assertThat(parsed).containsExactlyEntriesOf(expected);
    parsed.forEach((op, fields) -> assertThat(fields).containsExactlyEntriesOf(expected.get(op)));
  }

  @FuzzTest
  void parseThrowsOnlyInvalidRequest(byte[] data) {
    String text = new String(data, StandardCharsets.UTF_8);
    Map<String, Map<String, String>> parsed;
    try {
      parsed = JsonDescriptor.parse(text);
    } catch (InvalidRequestException refused) {
      assertThat(refused.getMessage()).startsWith("Not a JSON descriptor");
      return;
    }
    parsed.forEach(
        (op, fields) -> {
          assertThat(op).isNotNull();
          fields.forEach(
              (key, value) -> {
                assertThat(key).isNotNull();
                assertThat(value).isNotNull();
              });
        });
  }

  private static List<String> splitOnNul(byte[] data, int from) {
    List<String> parts = new ArrayList<>();
    int start = from;
    for (int i = from; i <= data.length; i++) {
      if (i == data.length || data[i] == 0) {
        parts.add(new String(data, start, i - start, StandardCharsets.UTF_8));
        start = i + 1;
      }
    }
    return parts;
  }
}
