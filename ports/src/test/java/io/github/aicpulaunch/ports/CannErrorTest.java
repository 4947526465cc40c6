package io.github.aicpulaunch.ports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CannErrorTest {

  /**
   * Codes and names as CANN's rt_error_codes.h defines them (PROTOCOL §7.8 plus 107002), typed here
   * from the header, not from the enum.
   */
  private static final Map<Integer, String> CANN_HEADER =
      Map.ofEntries(
          Map.entry(107000, "ACL_ERROR_RT_PARAM_INVALID"),
          Map.entry(107001, "ACL_ERROR_RT_INVALID_DEVICEID"),
          Map.entry(107002, "ACL_ERROR_RT_CONTEXT_NULL"),
          Map.entry(107017, "ACL_ERROR_RT_INVALID_HANDLE"),
          Map.entry(107022, "ACL_ERROR_RT_DEVICE_TASK_ABORT"),
          Map.entry(207000, "ACL_ERROR_RT_FEATURE_NOT_SUPPORT"),
          Map.entry(207001, "ACL_ERROR_RT_MEMORY_ALLOCATION"),
          Map.entry(207004, "ACL_ERROR_RT_NO_DEVICE"),
          Map.entry(207006, "ACL_ERROR_RT_NO_PERMISSION"),
          Map.entry(507000, "ACL_ERROR_RT_INTERNAL_ERROR"),
          Map.entry(507007, "ACL_ERROR_RT_CONTEXT_RELEASE_ERROR"),
          Map.entry(507015, "ACL_ERROR_RT_AICORE_EXCEPTION"),
          Map.entry(507017, "ACL_ERROR_RT_AICPU_TIMEOUT"),
          Map.entry(507018, "ACL_ERROR_RT_AICPU_EXCEPTION"),
          Map.entry(507046, "ACL_ERROR_RT_STREAM_SYNC_TIMEOUT"),
          Map.entry(507899, "ACL_ERROR_RT_DRV_INTERNAL_ERROR"),
          Map.entry(507900, "ACL_ERROR_RT_AICPU_INTERNAL_ERROR"),
          Map.entry(507901, "ACL_ERROR_RT_SOCKET_CLOSE"),
          Map.entry(507915, "ACL_ERROR_RT_SYMBOL_NOT_FOUND"),
          Map.entry(100001, "ACL_ERROR_UNINITIALIZE"),
          Map.entry(100002, "ACL_ERROR_REPEAT_INITIALIZE"));

  @Test
  @DisplayName("F24: every code of PROTOCOL §7.8 (and 107002) is in the table with CANN's name")
  void tableMatchesCannHeader() {
    Map<Integer, String> table =
        Arrays.stream(CannError.values())
            .collect(Collectors.toMap(CannError::code, CannError::cannName));
    assertThat(table).containsExactlyInAnyOrderEntriesOf(CANN_HEADER);
  }

  @Test
  void everyEntryHasAMeaningAndAHint() {
    for (CannError e : CannError.values()) {
      assertThat(e.meaning()).as(e.name()).isNotBlank();
      assertThat(e.hint()).as(e.name()).isNotBlank().endsWith(".");
      assertThat(e.cliHint()).as(e.name()).isNotBlank().endsWith(".");
    }
  }

  @Test
  @DisplayName("library hints name no command-line option, command-line hints no API method")
  void hintsSpeakToTheirAudience() {
    for (CannError e : CannError.values()) {
      assertThat(e.hint()).as(e.name()).doesNotContain("--").doesNotContain("`aicpu-launch");
      assertThat(e.cliHint())
          .as(e.name())
          .doesNotContain("OpenSessionCommand", "setDevice", "AicpuLaunch.", "RuntimeInfo");
    }
    // the two that differ most: 107000 names --launch direct-aicpu on the command line only,
    // 107002 tells a library caller to attach its threads and a CLI user to report a bug
    assertThat(CannError.PARAM_INVALID.cliHint()).contains("--launch direct-aicpu");
    assertThat(CannError.PARAM_INVALID.hint()).contains("\"direct-aicpu\" (OpenSessionCommand)");
    assertThat(CannError.CONTEXT_NULL.hint()).contains("setDevice");
    assertThat(CannError.CONTEXT_NULL.cliHint()).contains("report it").doesNotContain("setDevice");
  }

  @Test
  @DisplayName("the first phase named sticks and leads the message; the hint is the library's")
  void phaseLeadsTheMessage() {
    CannCallException e = CannCallException.of(507018, "aclrtSynchronizeStreamWithTimeout");
    assertThat(e.phase()).isEmpty();
    assertThat(e.during(Phase.INIT_LAUNCH)).isSameAs(e);
    e.during(Phase.EXEC, "ignored: the init launch was named first");
    assertThat(e.phase()).contains(Phase.INIT_LAUNCH);
    assertThat(e.context()).isEmpty();
    assertThat(e.detail())
        .startsWith("Init launch failed: aclrtSynchronizeStreamWithTimeout returned 507018");
    assertThat(e.getMessage()).isEqualTo(e.detail() + " Hint: " + e.hint());
    InvalidRequestException r =
        new InvalidRequestException("Entry 'x' was not declared.", "Declare it.", "--declare it.");
    r.during(Phase.EXEC, "launching x");
    assertThat(r.detail()).isEqualTo("Exec failed (launching x): Entry 'x' was not declared.");
    assertThat(r.cliHint()).isEqualTo("--declare it.");
  }

  @Test
  void codesAreUnique() {
    assertThat(Arrays.stream(CannError.values()).map(CannError::code).distinct().count())
        .isEqualTo(CannError.values().length);
  }

  @ParameterizedTest
  @CsvSource({
    "507046, Timeout",
    "507018, DeviceFailure",
    "507000, DeviceFailure",
    "507899, DevicePoisoned",
    "507901, DevicePoisoned",
    "207001, ResourceExhausted",
    "107000, InvalidArgument",
    "107002, CannCallException",
  })
  void codesMapToTypedExceptions(int code, String simpleName) {
    CannCallException e = CannCallException.of(code, "aclrtSynchronizeStream", null);
    assertThat(e.getClass().getSimpleName()).isEqualTo(simpleName);
    assertThat(e.code()).isEqualTo(code);
    assertThat(e.function()).isEqualTo("aclrtSynchronizeStream");
    assertThat(e.cannName()).isEqualTo(CANN_HEADER.get(code));
    assertThat(e.getMessage())
        .contains("aclrtSynchronizeStream", Integer.toString(code), CANN_HEADER.get(code))
        .contains("Hint: ");
  }

  @Test
  void unknownCodeKeepsItsNumber() {
    CannCallException e = CannCallException.of(123456, "rtSetDevice", "device busy ");
    assertThat(e.error()).isEmpty();
    assertThat(e.code()).isEqualTo(123456);
    assertThat(e.cannName()).isEqualTo("UNKNOWN(123456)");
    // CANN's words end a sentence, so the hint does not run on from them.
    assertThat(e.getMessage())
        .contains("rtSetDevice returned 123456", "CANN says: device busy. Hint: ");
    assertThat(CannCallException.of(123456, "rtSetDevice", "device busy (2).").getMessage())
        .contains("CANN says: device busy (2). Hint: ");
    assertThat(e.hint()).contains("rt_error_codes.h");
    assertThat(e.recentErrorMessage()).contains("device busy ");
  }

  @Test
  void successIsNotAnError() {
    assertThatThrownBy(() -> CannCallException.of(0, "rtSetDevice"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("rtSetDevice");
  }

  @Test
  void lookupOfKnownAndUnknownCodes() {
    assertThat(CannError.of(507018)).contains(CannError.AICPU_EXCEPTION);
    assertThat(CannError.of(42)).isEmpty();
  }
}
