package io.github.aicpulaunch.app.cann;

import io.github.aicpulaunch.app.AicpuLaunch;
import io.github.aicpulaunch.app.TestSos;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A test class over one stand-in variant: the variant and the aarch64 vector runtime copied out
 * once per class, a fresh facade and an empty record per test.
 *
 * <p>The bootstrap registry is process-wide (one upload per fingerprint and physical device); each
 * test's facade resets the devices it used when it closes, which makes the registry forget them,
 * and a test that asserts a bootstrap uses a logical device of its own all the same. The stand-in
 * maps logical n to physical 2n, which also shows that names and DeviceArgs carry the physical id
 * (F3b).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class StandinSessions {
  private final String variant;

  StandinCann standin;
  Path so;
  byte[] soBytes;
  byte[] dispatcher;
  String fp;
  AicpuLaunch aicpu;

  StandinSessions(String variant) {
    this.variant = variant;
  }

  @BeforeAll
  void extract(@TempDir Path dir) throws Exception {
    if (!TestSos.aarch64SosPackaged()) {
      return; // each test reports the skip (openFacade)
    }
    standin = StandinCann.extract(variant, dir);
    so = CannRecord.aarch64(dir, TestSos.VECTOR);
    soBytes = Files.readAllBytes(so);
    dispatcher = CannRecord.aarch64Bytes("libaicpu_dispatcher.so");
    fp = TestSos.fingerprint(so);
  }

  @BeforeEach
  void openFacade() {
    TestSos.assumeAarch64Sos();
    aicpu = standin.open();
    // ACL is initialised once per process, at its first device call: make that call here, so
    // every test's record starts at its own first call whatever ran before it.
    aicpu.component().ports().devices().deviceCount();
    standin.reset();
  }

  @AfterEach
  void closeFacade() {
    if (aicpu != null) { // null when the test was skipped
      aicpu.close();
    }
  }
}
