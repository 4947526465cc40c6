package io.github.aicpulaunch.domain.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.aicpulaunch.domain.spi.KfcLatch;
import io.github.aicpulaunch.domain.spi.RuntimeResidence;
import io.github.aicpulaunch.ports.CannCallException;
import io.github.aicpulaunch.ports.InvalidRequestException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class BootstrapRegistryTest {
  private static final RuntimeResidence PRE = RuntimeResidence.PREINSTALL_DIRECTORY;
  private static final KfcLatch DISPATCHER =
      new KfcLatch(KfcLatch.Kind.DISPATCHER, "dispatcher", "the aicpu-launch dispatcher SO");
  private static final KfcLatch RUNTIME_A =
      new KfcLatch(KfcLatch.Kind.RUNTIME_SO, "aaaa", "runtime SO simpler_inner_aaaa_0.so");

  private final BootstrapRegistry registry = new BootstrapRegistry();
  private final AtomicInteger uploads = new AtomicInteger();

  @Test
  @DisplayName("P7/F3: eight concurrent openers of one key share exactly one upload")
  void singleFlight() throws Exception {
    BootstrapRegistry.Key key = new BootstrapRegistry.Key(0x1234L, 0);
    CyclicBarrier start = new CyclicBarrier(8);
    CountDownLatch uploadMayFinish = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        results.add(
            pool.submit(
                () -> {
                  start.await();
                  return registry.ensureDeployed(
                      key,
                      PRE,
                      Optional.of(DISPATCHER),
                      () -> {
                        uploads.incrementAndGet();
                        awaitQuietly(uploadMayFinish);
                      });
                }));
      }
      uploadMayFinish.countDown();
      int ranUpload = 0;
      for (Future<Boolean> f : results) {
        if (f.get(30, TimeUnit.SECONDS)) {
          ranUpload++;
        }
      }
      assertThat(uploads).hasValue(1);
      assertThat(ranUpload).isEqualTo(1);
      assertThat(registry.isDeployed(key)).isTrue();
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void warmPathRunsNoUpload() {
    BootstrapRegistry.Key key = new BootstrapRegistry.Key(7, 3);
    assertThat(registry.ensureDeployed(key, PRE, Optional.empty(), uploads::incrementAndGet))
        .isTrue();
    assertThat(
            registry.ensureDeployed(
                new BootstrapRegistry.Key(7, 3), PRE, Optional.empty(), uploads::incrementAndGet))
        .isFalse();
    assertThat(uploads).hasValue(1);
  }

  @Test
  @DisplayName("F3: the same fingerprint on two physical devices is uploaded twice")
  void keyIncludesThePhysicalDevice() {
    registry.ensureDeployed(
        new BootstrapRegistry.Key(7, 8), PRE, Optional.empty(), uploads::incrementAndGet);
    registry.ensureDeployed(
        new BootstrapRegistry.Key(7, 9), PRE, Optional.empty(), uploads::incrementAndGet);
    assertThat(uploads).hasValue(2);
  }

  @Test
  void aFailedUploadIsNotCachedAndTheNextCallerRetries() {
    BootstrapRegistry.Key key = new BootstrapRegistry.Key(7, 0);
    CannCallException failure = CannCallException.of(207001, "aclrtMalloc");
    assertThatThrownBy(
            () ->
                registry.ensureDeployed(
                    key,
                    PRE,
                    Optional.empty(),
                    () -> {
                      uploads.incrementAndGet();
                      throw failure;
                    }))
        .isSameAs(failure);
    assertThat(registry.isDeployed(key)).isFalse();
    assertThat(registry.ensureDeployed(key, PRE, Optional.empty(), uploads::incrementAndGet))
        .isTrue();
    assertThat(uploads).hasValue(2);
  }

  @Test
  void waitersShareTheFailureOfTheUploadTheyWaitedFor() throws Exception {
    BootstrapRegistry.Key key = new BootstrapRegistry.Key(7, 0);
    CountDownLatch uploading = new CountDownLatch(1);
    CountDownLatch fail = new CountDownLatch(1);
    CannCallException failure = CannCallException.of(507018, "aclrtSynchronizeStream");
    AtomicReference<Throwable> waiterSaw = new AtomicReference<>();
    Thread uploader =
        new Thread(
            () -> {
              try {
                registry.ensureDeployed(
                    key,
                    PRE,
                    Optional.empty(),
                    () -> {
                      uploads.incrementAndGet();
                      uploading.countDown();
                      awaitQuietly(fail);
                      throw failure;
                    });
              } catch (CannCallException expected) {
                // the uploader's own failure
              }
            });
    uploader.start();
    uploading.await();
    Thread waiter =
        new Thread(
            () -> {
              try {
                registry.ensureDeployed(key, PRE, Optional.empty(), uploads::incrementAndGet);
              } catch (RuntimeException e) {
                waiterSaw.set(e);
              }
            });
    waiter.start();
    while (waiter.getState() != Thread.State.WAITING && waiter.isAlive()) {
      Thread.onSpinWait();
    }
    fail.countDown();
    uploader.join();
    waiter.join();
    assertThat(waiterSaw.get()).isSameAs(failure);
    assertThat(uploads).hasValue(1);
  }

  @Test
  @DisplayName("F1: a second, different SO for a latched KFC library is refused before upload")
  void latchConflictIsRefusedWithTheLatchAndTheWayOut() {
    registry.ensureDeployed(
        new BootstrapRegistry.Key(1, 0), PRE, Optional.of(DISPATCHER), uploads::incrementAndGet);
    assertThat(registry.latch(0)).contains(DISPATCHER);
    assertThatThrownBy(
            () ->
                registry.ensureDeployed(
                    new BootstrapRegistry.Key(2, 0),
                    RuntimeResidence.KFC_LIBRARY,
                    Optional.of(RUNTIME_A),
                    uploads::incrementAndGet))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("physical device 0")
        .hasMessageContaining("the aicpu-launch dispatcher SO")
        .hasMessageContaining("F1")
        .hasMessageContaining("dispatch-through")
        .hasMessageContaining("another process");
    assertThat(uploads).hasValue(1);
    assertThat(registry.latchRefusal(1, RUNTIME_A)).isEmpty();
  }

  @Test
  @DisplayName("F1: with a runtime SO latched (legacy-kfc) the only way out is another process")
  void legacyLatchPointsToAnotherProcessOnly() {
    registry.ensureDeployed(
        new BootstrapRegistry.Key(0xaaaaL, 0),
        RuntimeResidence.KFC_LIBRARY,
        Optional.of(RUNTIME_A),
        uploads::incrementAndGet);
    InvalidRequestException refused = registry.latchConflict(0, DISPATCHER);
    assertThat(refused.getMessage())
        .contains("already latched runtime SO simpler_inner_aaaa_0.so", "F1");
    assertThat(refused.hint())
        .startsWith("Open this runtime in another process")
        .contains("dispatch-through cannot help");
  }

  @Test
  @DisplayName("F1: any number of runtimes share one device when all latch the dispatcher")
  void sameLatchIsCompatible() {
    for (long fp = 1; fp <= 3; fp++) {
      registry.ensureDeployed(
          new BootstrapRegistry.Key(fp, 0), PRE, Optional.of(DISPATCHER), uploads::incrementAndGet);
    }
    assertThat(uploads).hasValue(3);
    assertThat(registry.otherRuntimesOn(0, 1)).isEqualTo(2);
    assertThat(registry.otherRuntimesOn(0, 99)).isEqualTo(3);
    assertThat(registry.otherRuntimesOn(1, 1)).isZero();
  }

  @Test
  void aKeyDeployedElsewhereIsRefusedForAnotherResidence() {
    BootstrapRegistry.Key key = new BootstrapRegistry.Key(5, 0);
    registry.ensureDeployed(key, PRE, Optional.empty(), uploads::incrementAndGet);
    assertThatThrownBy(
            () ->
                registry.ensureDeployed(
                    key, RuntimeResidence.KFC_LIBRARY, Optional.empty(), uploads::incrementAndGet))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("already deployed");
    assertThat(uploads).hasValue(1);
  }

  @Test
  @DisplayName("P12: concurrent sessions of one runtime on one device share one init launch")
  void initIsSingleFlight() throws Exception {
    BootstrapRegistry.Key key = new BootstrapRegistry.Key(0x1234L, 0);
    CyclicBarrier start = new CyclicBarrier(4);
    CountDownLatch initMayFinish = new CountDownLatch(1);
    AtomicInteger inits = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        results.add(
            pool.submit(
                () -> {
                  start.await();
                  return registry.ensureInitialized(
                      key,
                      "PREINSTALL_DIRECTORY",
                      () -> {
                        inits.incrementAndGet();
                        awaitQuietly(initMayFinish);
                      });
                }));
      }
      initMayFinish.countDown();
      int ran = 0;
      for (Future<Boolean> f : results) {
        ran += f.get(30, TimeUnit.SECONDS) ? 1 : 0;
      }
      assertThat(inits).hasValue(1);
      assertThat(ran).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void initIsKeptPerDeviceAndScope() {
    AtomicInteger inits = new AtomicInteger();
    registry.ensureInitialized(new BootstrapRegistry.Key(7, 0), "A", inits::incrementAndGet);
    registry.ensureInitialized(new BootstrapRegistry.Key(7, 0), "A", inits::incrementAndGet);
    registry.ensureInitialized(new BootstrapRegistry.Key(7, 1), "A", inits::incrementAndGet);
    registry.ensureInitialized(new BootstrapRegistry.Key(8, 0), "A", inits::incrementAndGet);
    registry.ensureInitialized(new BootstrapRegistry.Key(7, 0), "B", inits::incrementAndGet);
    assertThat(inits).hasValue(4);
  }

  @Test
  @DisplayName("F17: forgetting a device's inits makes the next session re-init; others stay")
  void forgetInitializationIsPerDevice() {
    AtomicInteger inits = new AtomicInteger();
    BootstrapRegistry.Key dev0 = new BootstrapRegistry.Key(7, 0);
    BootstrapRegistry.Key dev1 = new BootstrapRegistry.Key(7, 1);
    registry.ensureDeployed(dev0, PRE, Optional.of(DISPATCHER), uploads::incrementAndGet);
    registry.ensureInitialized(dev0, "A", inits::incrementAndGet);
    registry.ensureInitialized(dev1, "A", inits::incrementAndGet);
    registry.forgetInitialization(0);
    assertThat(registry.isInitialized(dev0, "A")).isFalse();
    assertThat(registry.isInitialized(dev1, "A")).isTrue();
    assertThat(registry.isDeployed(dev0)).as("deployment kept").isTrue();
    assertThat(registry.latch(0)).as("latch kept").contains(DISPATCHER);
    assertThat(registry.ensureInitialized(dev0, "A", inits::incrementAndGet)).isTrue();
    assertThat(inits).hasValue(3);
  }

  @Test
  void aFailedInitIsNotRecorded() {
    BootstrapRegistry.Key key = new BootstrapRegistry.Key(7, 0);
    CannCallException failure = CannCallException.of(107000, "rtsLaunchCpuKernel");
    assertThatThrownBy(
            () ->
                registry.ensureInitialized(
                    key,
                    "A",
                    () -> {
                      throw failure;
                    }))
        .isSameAs(failure);
    assertThat(registry.isInitialized(key, "A")).isFalse();
    assertThat(registry.ensureInitialized(key, "A", () -> {})).isTrue();
  }

  @Test
  @DisplayName(
      "F17: after a force reset the device's deployments and latch are forgotten, others kept")
  void forgetDeviceAfterForceReset() {
    KfcLatch runtimeB =
        new KfcLatch(KfcLatch.Kind.RUNTIME_SO, "bbbb", "runtime SO simpler_inner_bbbb_0.so");
    BootstrapRegistry.Key a0 = new BootstrapRegistry.Key(0xaaaaL, 0);
    BootstrapRegistry.Key b0 = new BootstrapRegistry.Key(0xbbbbL, 0);
    BootstrapRegistry.Key a1 = new BootstrapRegistry.Key(0xaaaaL, 1);
    registry.ensureDeployed(a0, PRE, Optional.of(RUNTIME_A), uploads::incrementAndGet);
    registry.ensureDeployed(b0, PRE, Optional.empty(), uploads::incrementAndGet);
    registry.ensureDeployed(a1, PRE, Optional.of(RUNTIME_A), uploads::incrementAndGet);
    assertThat(registry.latchRefusal(0, runtimeB)).isPresent();

    assertThat(registry.forgetDevice(0)).isEqualTo(2);

    assertThat(registry.isDeployed(a0)).isFalse();
    assertThat(registry.isDeployed(b0)).isFalse();
    assertThat(registry.isDeployed(a1)).isTrue();
    assertThat(registry.latch(0)).isEmpty();
    assertThat(registry.latch(1)).contains(RUNTIME_A);
    assertThat(registry.otherRuntimesOn(0, 0xaaaaL)).isZero();
    // the restarted AICPU OS latched nothing, so another runtime may now be the device's latch
    assertThat(registry.latchRefusal(0, runtimeB)).isEmpty();
    assertThat(registry.ensureDeployed(a0, PRE, Optional.of(RUNTIME_A), uploads::incrementAndGet))
        .as("the next session deploys again")
        .isTrue();
    assertThat(uploads).hasValue(4);
    assertThat(registry.forgetDevice(7)).as("a device with nothing deployed").isZero();
  }

  @Test
  @DisplayName("the registration probe runs once per device and process; a thrown probe is retried")
  void theLoaderIsProbedOncePerDevice() {
    AtomicInteger probes = new AtomicInteger();
    CannCallException poisoned = CannCallException.of(507899, "rtsBinaryLoadFromFile");
    assertThatThrownBy(
            () ->
                registry.ensureJsonLoaderProbed(
                    0,
                    () -> {
                      probes.incrementAndGet();
                      throw poisoned;
                    }))
        .isSameAs(poisoned);
    assertThat(registry.jsonLoaderVerdict(0)).isEmpty();

    JsonLoaderVerdict refused =
        JsonLoaderVerdict.refused(0, 107000, "rtsBinaryLoadFromFile", "ACL_ERROR_RT_PARAM_INVALID");
    Supplier<JsonLoaderVerdict> probe =
        () -> {
          probes.incrementAndGet();
          return refused;
        };
    assertThat(registry.ensureJsonLoaderProbed(0, probe)).isEqualTo(refused);
    assertThat(registry.ensureJsonLoaderProbed(0, probe)).isEqualTo(refused);
    assertThat(registry.jsonLoaderVerdict(0)).contains(refused);
    assertThat(registry.jsonLoaderVerdict(1)).as("per device").isEmpty();
    assertThat(probes).hasValue(2);
    assertThatThrownBy(() -> JsonLoaderVerdict.refused(0, 0, "f", "n"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
