package io.github.aicpulaunch.ports;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class DispatcherCodeTest {
  /** The C definitions the dispatcher is built from: name -> value. */
  private static Map<String, Long> fromHeader() throws IOException {
    String testdata = System.getProperty("aicpu.testdata");
    assertThat(testdata).as("aicpu.testdata (run through Maven)").isNotNull();
    Path header =
        Path.of(testdata).resolveSibling("dispatcher-c/src/main/c/include/aicpu_dispatcher.h");
    String text = Files.readString(header);
    Matcher m =
        Pattern.compile("(AICPU_E_[A-Z0-9_]+) = AICPU_DISPATCH_CODE_BASE \\+ 0x([0-9a-f]+)")
            .matcher(text);
    Map<String, Long> codes = new TreeMap<>();
    while (m.find()) {
      codes.put(m.group(1), 0x4453_0000L + Long.parseLong(m.group(2), 16));
    }
    return codes;
  }

  @Test
  @DisplayName("every dispatcher code, by name and value, is the C header's (aicpu_dispatcher.h)")
  void matchesTheHeader() throws IOException {
    Map<String, Long> header = fromHeader();
    Map<String, Long> java = new TreeMap<>();
    for (DispatcherCode c : DispatcherCode.values()) {
      java.put(c.cName(), c.value());
    }
    assertThat(header).hasSizeGreaterThan(20);
    assertThat(java).isEqualTo(header);
  }

  @Test
  @DisplayName("P5: a code prints by name, e.g. 1146290195 is AICPU_E_RUNTIME_OPEN")
  void byName() {
    assertThat(DispatcherCode.of(1146290195L)).contains(DispatcherCode.RUNTIME_OPEN);
    assertThat(DispatcherCode.RUNTIME_OPEN.describe())
        .startsWith("AICPU_E_RUNTIME_OPEN (0x44530013): ");
    assertThat(DispatcherCode.of(42)).isEmpty();
  }
}
