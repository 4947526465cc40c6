package io.github.aicpulaunch.domain.spi;

import io.github.aicpulaunch.ports.out.RuntimeInfo;
import java.util.List;
import java.util.Optional;

/**
 * How an entry of a deployed runtime SO is invoked. A strategy is a factory: {@link #prepare}
 * registers what the strategy needs for one session and returns the {@link TaskLauncher} that
 * session launches through.
 *
 * <p>Built-in names: {@code rts-json} (the default where CANN's rts JSON loader works), {@code
 * direct-aicpu}, {@code dispatch-through}, {@code custom-kernel} (explicit opt-in only).
 * Implementations are stateless or thread-safe: one instance serves every session of the process.
 */
public interface LaunchStrategy {
  /** The name users pick it by, lower-case with dashes, e.g. {@code rts-json}. */
  String name();

  /**
   * Whether the policy may pick this strategy on its own. A strategy with a known hazard answers
   * {@code true} and is used only when the user names it.
   */
  default boolean explicitOnly() {
    return false;
  }

  /**
   * Whether this strategy registers its entries through CANN's rts JSON loader ({@code
   * rtsBinaryLoadFromFile}). The policy picks such a strategy on its own only where the device's
   * loader passed the registration probe, and states the known risk when a user names it where the
   * loader refused.
   */
  default boolean needsJsonLoader() {
    return false;
  }

  /**
   * The only entries this strategy can launch, in the order a session declares them, when it cannot
   * launch just any export of the runtime SO ({@code legacy-kfc} reaches one server entry); empty
   * when it can. The policy names them in the way out of a refusal.
   */
  default List<String> onlyEntries() {
    return List.of();
  }

  /**
   * Why this strategy cannot work with this runtime and deployment, or empty when it can. Called by
   * the policy before anything touches the device; must not call any port.
   *
   * @return one sentence naming what is missing, e.g. "CANN 8.5.0's rts JSON loader answers 107000
   *     to every descriptor"
   */
  Optional<String> refusal(RuntimeInfo runtime, Deployment deployment);

  /**
   * As {@link #refusal(RuntimeInfo, Deployment)}, and also why this strategy cannot launch the
   * entries {@code image} declares. The policy calls this one, before anything touches the device;
   * must not call any port.
   *
   * @return by default the two-argument answer: most strategies can launch any exported entry
   */
  default Optional<String> refusal(RuntimeInfo runtime, Deployment deployment, RuntimeImage image) {
    return refusal(runtime, deployment);
  }

  /**
   * Which loaded copy of the runtime SO this strategy's launches reach when paired with {@code
   * deployment}. Sessions of one runtime on one device whose strategies answer the same value reach
   * the same copy, share its device-side state and so launch its InitArgs once between them; a
   * strategy whose launches run in another AICPU process (the custom scheduler) answers a value of
   * its own. Must not call any port.
   *
   * @return by default the deployment's {@linkplain Deployment#residence() residence}, since every
   *     launch into one residence reaches the copy the scheduler (or the KFC library) holds open
   */
  default String initScope(Deployment deployment) {
    return deployment.residence().name();
  }

  /**
   * Registers whatever the launches of one session need (descriptors, handles, name bytes) and
   * returns the launcher. Every declared entry of {@code context.image()} must be launchable
   * afterwards; an entry that cannot be resolved fails this call, naming the entry, after undoing
   * everything the call registered (F9).
   *
   * @throws io.github.aicpulaunch.ports.CannCallException when CANN fails a call (its code kept)
   * @throws io.github.aicpulaunch.ports.InvalidRequestException when an entry cannot be resolved
   */
  TaskLauncher prepare(LaunchContext context);
}
