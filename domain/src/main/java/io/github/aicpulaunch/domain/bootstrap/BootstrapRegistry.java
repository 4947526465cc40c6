package io.github.aicpulaunch.domain.bootstrap;

import io.github.aicpulaunch.domain.spi.KfcLatch;
import io.github.aicpulaunch.domain.spi.RuntimeResidence;
import io.github.aicpulaunch.ports.InvalidRequestException;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import javax.inject.Inject;
import javax.inject.Singleton;

/**
 * Which runtime SOs this process has deployed on which physical device, and which SO each device's
 * KFC library has latched (F1).
 *
 * <p>One instance per process (the application binds it once); tests construct their own. Keyed by
 * (fingerprint, physical device): the first caller for a key runs the upload; concurrent callers
 * for the same key wait for that one upload and share its outcome; a failed upload is forgotten, so
 * the next caller tries again. A deployed key stays deployed for the life of the process, like the
 * preinstall file and CANN's dlopen cache it stands for, unless a force reset of its device makes
 * the registry forget it ({@link #forgetDevice}).
 *
 * <p>It also records which runtimes ran their {@code simpler_aicpu_init} entry on which device
 * ({@link #ensureInitialized}), so InitArgs are launched once per device and loaded copy of the
 * runtime, not once per session (PROTOCOL §2.4: upstream launches it once per device at init). The
 * same single-flight rules apply; in addition {@link #forgetInitialization} drops a device's init
 * records when a session on it is abandoned after a device failure.
 *
 * <p>And it keeps what the registration probe found on each device ({@link
 * #ensureJsonLoaderProbed}): CANN's rts JSON loader is probed once per process and device, and the
 * launch policy decides from that verdict.
 *
 * <p>The warm path (key already deployed) makes no device call and allocates nothing beyond the
 * key. Thread-safe.
 */
@Singleton
public final class BootstrapRegistry {
  /**
   * A deployment key.
   *
   * @param fingerprint the runtime SO's fingerprint
   * @param physicalDevice the device id that names the SO on the device (physical when known, F3b)
   */
  public record Key(long fingerprint, int physicalDevice) {
    public Key {
      if (physicalDevice < 0) {
        throw new IllegalArgumentException("device id must be >= 0, was " + physicalDevice);
      }
    }

    String describe() {
      return String.format("runtime SO %016x on physical device %d", fingerprint, physicalDevice);
    }

    // equals and hashCode are written out: a record's own are linked through invokedynamic
    // (ObjectMethods) on first use, which costs a new process about 10-20 ms each on its first open
    // (docs/PERFORMANCE.md, issue 18). Same meaning as the generated ones.
    @Override
    public boolean equals(Object other) {
      return other instanceof Key k
          && k.fingerprint == fingerprint
          && k.physicalDevice == physicalDevice;
    }

    @Override
    public int hashCode() {
      return 31 * Long.hashCode(fingerprint) + physicalDevice;
    }
  }

  private record Entry(CompletableFuture<Void> done, RuntimeResidence residence) {
    boolean deployedAs(RuntimeResidence wanted) {
      return residence == wanted && done.isDone() && !done.isCompletedExceptionally();
    }
  }

  /**
   * An init key: a deployment key plus the loaded copy of the runtime the launches reach (see
   * {@link io.github.aicpulaunch.domain.spi.LaunchStrategy#initScope}).
   */
  private record InitKey(Key key, String scope) {
    // Written out, as Key's are (above).
    @Override
    public boolean equals(Object other) {
      return other instanceof InitKey k && k.key.equals(key) && k.scope.equals(scope);
    }

    @Override
    public int hashCode() {
      return 31 * key.hashCode() + scope.hashCode();
    }
  }

  private final ConcurrentHashMap<Key, Entry> entries = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<Integer, KfcLatch> latches = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<InitKey, CompletableFuture<Void>> inits =
      new ConcurrentHashMap<>();
  private final ConcurrentHashMap<Integer, CompletableFuture<JsonLoaderVerdict>> loaderProbes =
      new ConcurrentHashMap<>();

  @Inject
  public BootstrapRegistry() {}

  /**
   * Makes sure the key is deployed, running {@code upload} only if no earlier or concurrent call
   * did it already.
   *
   * @param residence where the deployment leaves the SO; a key deployed with another residence is
   *     refused, since the SO would not be where this session looks for it
   * @param latch the SO the deployment makes the device's KFC library latch, if any; checked and
   *     recorded before {@code upload} runs
   * @param upload the device work; runs on the calling thread
   * @return true if this call ran the upload, false if the key was already deployed
   * @throws InvalidRequestException when the latch or residence conflicts with earlier deployments
   * @throws RuntimeException whatever the upload threw, also to the callers that waited for it
   */
  public boolean ensureDeployed(
      Key key, RuntimeResidence residence, Optional<KfcLatch> latch, Runnable upload) {
    Entry existing = entries.get(key);
    if (existing != null && existing.deployedAs(residence)) {
      return false;
    }
    Entry mine = new Entry(new CompletableFuture<>(), residence);
    Entry prior = entries.putIfAbsent(key, mine);
    if (prior != null) {
      requireResidence(key, prior.residence(), residence);
      awaitOutcome(prior.done());
      return false;
    }
    try {
      latch.ifPresent(l -> reserveLatch(key.physicalDevice(), l));
      upload.run();
      mine.done().complete(null);
      return true;
    } catch (RuntimeException | Error e) {
      entries.remove(key, mine);
      mine.done().completeExceptionally(e);
      throw e;
    }
  }

  /**
   * Makes sure the runtime's init entry ran on the device for {@code scope}, running {@code init}
   * only if no earlier or concurrent call did. Like {@link #ensureDeployed}: concurrent callers for
   * the same key and scope wait for the one launch in flight and share its outcome; a failed init
   * is not recorded, so the next caller launches it again.
   *
   * <p>The first successful init wins: a later session's InitArgs (for example another scheduler
   * timeout) are not sent, just as upstream latches them at init (F34).
   *
   * @param scope which loaded copy of the runtime SO the launches reach ({@link
   *     io.github.aicpulaunch.domain.spi.LaunchStrategy#initScope}); copies in different scopes
   *     keep separate device-side state and are initialised separately
   * @param init the launch and its synchronisation; runs on the calling thread
   * @return true if this call ran {@code init}, false if it had run already
   * @throws RuntimeException whatever {@code init} threw, also to the callers that waited for it
   */
  public boolean ensureInitialized(Key key, String scope, Runnable init) {
    InitKey initKey = new InitKey(key, scope);
    CompletableFuture<Void> existing = inits.get(initKey);
    if (existing != null && existing.isDone() && !existing.isCompletedExceptionally()) {
      return false;
    }
    CompletableFuture<Void> mine = new CompletableFuture<>();
    CompletableFuture<Void> prior = inits.putIfAbsent(initKey, mine);
    if (prior != null) {
      awaitOutcome(prior);
      return false;
    }
    try {
      init.run();
      mine.complete(null);
      return true;
    } catch (RuntimeException | Error e) {
      inits.remove(initKey, mine);
      mine.completeExceptionally(e);
      throw e;
    }
  }

  /** Whether the runtime's init entry ran successfully on the device for {@code scope}. */
  public boolean isInitialized(Key key, String scope) {
    CompletableFuture<Void> done = inits.get(new InitKey(key, scope));
    return done != null && done.isDone() && !done.isCompletedExceptionally();
  }

  /**
   * Forgets which runtimes were initialised on a device. Called when a session on the device is
   * abandoned after a device failure: the device then needs a force reset (F17), which restarts its
   * AICPU processes and so drops every runtime's latched init state; the next session on the
   * recovered device launches InitArgs again.
   *
   * <p>Deployments and the KFC latch are kept on purpose. The preinstall file and the dispatcher's
   * upload are idempotent, so keeping a deployment costs nothing if the file survived; and whether
   * the reset also cleared CANN's KFC latch is not known, so a kept latch errs towards a refusal
   * rather than the silent skip of F1. An init launch still in flight completes as usual; its
   * outcome is simply not recorded any more.
   */
  public void forgetInitialization(int physicalDevice) {
    inits.keySet().removeIf(k -> k.key().physicalDevice() == physicalDevice);
  }

  /**
   * The verdict of the device's registration probe, running {@code probe} only if no earlier or
   * concurrent call did in this process. As with uploads, concurrent callers wait for the one probe
   * in flight, and a probe that threw (a device failure, not a refusal of the descriptor) is
   * forgotten, so the next caller probes again.
   *
   * @param probe the probe; runs on the calling thread, which is attached to the device
   */
  public JsonLoaderVerdict ensureJsonLoaderProbed(
      int physicalDevice, Supplier<JsonLoaderVerdict> probe) {
    CompletableFuture<JsonLoaderVerdict> existing = loaderProbes.get(physicalDevice);
    if (existing != null && existing.isDone() && !existing.isCompletedExceptionally()) {
      return existing.join();
    }
    CompletableFuture<JsonLoaderVerdict> mine = new CompletableFuture<>();
    CompletableFuture<JsonLoaderVerdict> prior = loaderProbes.putIfAbsent(physicalDevice, mine);
    if (prior != null) {
      awaitOutcome(prior);
      return prior.join();
    }
    try {
      JsonLoaderVerdict verdict = probe.get();
      mine.complete(verdict);
      return verdict;
    } catch (RuntimeException | Error e) {
      loaderProbes.remove(physicalDevice, mine);
      mine.completeExceptionally(e);
      throw e;
    }
  }

  /** What the device's registration probe found in this process, if it ran. */
  public Optional<JsonLoaderVerdict> jsonLoaderVerdict(int physicalDevice) {
    CompletableFuture<JsonLoaderVerdict> done = loaderProbes.get(physicalDevice);
    return done != null && done.isDone() && !done.isCompletedExceptionally()
        ? Optional.of(done.join())
        : Optional.empty();
  }

  /**
   * Why a deployment that latches {@code latch} cannot run on this device in this process, or empty
   * when it can. Makes no device call; the policy asks before anything touches the device.
   */
  public Optional<String> latchRefusal(int physicalDevice, KfcLatch latch) {
    KfcLatch held = latches.get(physicalDevice);
    if (held == null || held.sameSoAs(latch)) {
      return Optional.empty();
    }
    return Optional.of(
        "CANN's KFC library on physical device "
            + physicalDevice
            + " has already latched "
            + held.description()
            + " in this process and would silently skip "
            + latch.description()
            + " (F1)");
  }

  /** The SO the device's KFC library holds in this process, if any deployment latched one. */
  public Optional<KfcLatch> latch(int physicalDevice) {
    return Optional.ofNullable(latches.get(physicalDevice));
  }

  /**
   * How many distinct runtime SOs other than {@code fingerprint} this process has deployed (or is
   * deploying) on the device.
   */
  public int otherRuntimesOn(int physicalDevice, long fingerprint) {
    Set<Long> others = new HashSet<>();
    for (Key k : entries.keySet()) {
      if (k.physicalDevice() == physicalDevice && k.fingerprint() != fingerprint) {
        others.add(k.fingerprint());
      }
    }
    return others.size();
  }

  /**
   * Forgets every deployment and the KFC latch of a physical device, after a force reset restarted
   * its AICPU OS: the restarted OS has an empty dlopen cache, a KFC library that latched nothing
   * and a dispatcher that holds no runtime, so the next session must deploy (and init) again (F17).
   * Makes no device call. An upload in flight for the device when this runs is forgotten too;
   * callers reset a device only once its sessions are closed or abandoned.
   *
   * @return how many deployments were forgotten
   */
  public int forgetDevice(int physicalDevice) {
    int forgotten = 0;
    for (Key k : entries.keySet()) {
      if (k.physicalDevice() == physicalDevice && entries.remove(k) != null) {
        forgotten++;
      }
    }
    latches.remove(physicalDevice);
    // The restarted OS also lost every runtime's init state.
    forgetInitialization(physicalDevice);
    return forgotten;
  }

  /** Whether the key was deployed successfully in this process. */
  public boolean isDeployed(Key key) {
    Entry e = entries.get(key);
    return e != null && e.done().isDone() && !e.done().isCompletedExceptionally();
  }

  private void reserveLatch(int physicalDevice, KfcLatch latch) {
    // The latch is recorded before the upload and kept even if the upload fails: CANN may have
    // latched the SO before the failure surfaced, and a false refusal is cheaper than the silent
    // skip (and hang) of F1.
    KfcLatch held = latches.putIfAbsent(physicalDevice, latch);
    if (held != null && !held.sameSoAs(latch)) {
      throw latchConflict(physicalDevice, latch);
    }
  }

  /**
   * The exception for a latch conflict, with the way out that works for what is latched: when the
   * dispatcher holds the latch, deploying through it lets any number of runtimes share the device;
   * when a runtime SO itself holds it (legacy-kfc), CANN never lets go of it in this process.
   */
  public InvalidRequestException latchConflict(int physicalDevice, KfcLatch latch) {
    KfcLatch held = latches.get(physicalDevice);
    String hint =
        held != null && held.kind() == KfcLatch.Kind.RUNTIME_SO
            ? "Open this runtime in another process: the KFC library keeps the latched runtime SO"
                + " for this process's life, and dispatch-through cannot help while the dispatcher"
                + " is not the latched SO."
            : "Deploy this runtime with dispatcher-upload and launch it with dispatch-through (the"
                + " dispatcher stays the only latched SO, so any number of runtimes can share the"
                + " device), or open it in another process.";
    return new InvalidRequestException(
        latchRefusal(physicalDevice, latch).orElse("KFC latch conflict (F1)") + ".", hint);
  }

  private static void requireResidence(Key key, RuntimeResidence held, RuntimeResidence wanted) {
    if (held != wanted) {
      throw new InvalidRequestException(
          key.describe()
              + " is already deployed by this process into "
              + held
              + ", but this session's deployment puts it into "
              + wanted
              + ", where its launches would not find it.",
          "Use the same deployment for every session of one runtime SO in a process, or open this"
              + " session in another process.");
    }
  }

  private static void awaitOutcome(CompletableFuture<?> done) {
    try {
      done.join();
    } catch (CompletionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException re) {
        throw re;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw e;
    }
  }
}
