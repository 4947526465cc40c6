package io.github.aicpulaunch.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.aicpulaunch.app.TestSos;
import io.github.aicpulaunch.app.cann.StandinCann;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code doctor --backend cann --json} against the {@code json-107000} stand-in (a 9.0.1 CANN whose
 * rts JSON loader refuses every descriptor) writes what its probes found as a simulator profile;
 * that file, given to {@code --sim-profile}, makes the simulator behave like that CANN.
 */
class DoctorProfileStandinTest {
  @TempDir static Path dir;

  private static StandinCann standin;

  @BeforeAll
  static void extract() throws Exception {
    standin = StandinCann.extract("json-107000", dir);
  }

  private static final class Run {
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();
    final int code;

    Run(String... args) {
      CommandLine cl = AicpuLaunchCommand.commandLine();
      cl.setOut(new PrintWriter(out, true));
      cl.setErr(new PrintWriter(err, true));
      code = cl.execute(args);
    }

    JsonObject json() {
      return JsonParser.parseString(out.toString()).getAsJsonObject();
    }
  }

  /** {@code run} of the vector runtime's init entry on the simulator with {@code profile}. */
  private static Run runOnTheSimulator(String profile) throws Exception {
    Path so = TestSos.packaged(dir, TestSos.VECTOR);
    Path payload = Files.write(dir.resolve("payload.bin"), new byte[32]);
    return new Run(
        "run",
        so.toString(),
        "--entry",
        "simpler_aicpu_init",
        "--payload",
        payload.toString(),
        "--backend",
        "sim",
        "--sim-profile",
        profile,
        "--json");
  }

  @Test
  @DisplayName("the profile doctor --json writes on a CANN loads into the simulator and changes it")
  void aMeasuredProfileDrivesTheSimulator() throws Exception {
    Run doctor =
        new Run("doctor", "--backend", "cann", "--ascend-home", standin.home.toString(), "--json");
    assertThat(doctor.code).as("stderr: %s", doctor.err).isZero();
    JsonObject report = doctor.json();
    JsonObject loader =
        report.getAsJsonObject("selected").getAsJsonObject("probes").getAsJsonObject("jsonLoader");
    assertThat(loader.get("accepted").getAsBoolean()).isFalse();
    assertThat(loader.get("cannCode").getAsInt()).isEqualTo(107000);
    JsonObject profile = report.getAsJsonObject("profile");
    assertThat(profile.get("version").getAsString()).isEqualTo("9.0.1");
    assertThat(profile.getAsJsonObject("jsonLoader").get("accepted").getAsBoolean()).isFalse();
    Path file = Files.writeString(dir.resolve("card-profile.json"), doctor.out.toString());

    Run defaults = runOnTheSimulator("9.0.0");
    assertThat(defaults.code).as("stderr: %s", defaults.err).isZero();
    assertThat(defaults.json().get("launch").getAsString()).isEqualTo("rts-json");

    Run replay = runOnTheSimulator(file.toString());
    assertThat(replay.code).as("stderr: %s", replay.err).isZero();
    JsonObject o = replay.json();
    assertThat(o.get("launch").getAsString()).isEqualTo("direct-aicpu");
    assertThat(o.get("policyReason").getAsString())
        .contains("rts-json refused: the rts JSON loader answered 107000")
        .contains("on CANN 9.0.1 (sim)");

    // And the simulator, asked by doctor, reports the same profile back.
    Run again = new Run("doctor", "--backend", "sim", "--sim-profile", file.toString(), "--json");
    assertThat(again.code).as("stderr: %s", again.err).isZero();
    JsonObject echoed = again.json().getAsJsonObject("profile");
    assertThat(echoed.get("version")).isEqualTo(profile.get("version"));
    assertThat(echoed.get("socName")).isEqualTo(profile.get("socName"));
    assertThat(echoed.get("capabilities")).isEqualTo(profile.get("capabilities"));
    assertThat(echoed.get("jsonLoader")).isEqualTo(profile.get("jsonLoader"));
  }
}
