package io.github.aicpulaunch.app.wiring;

import io.github.aicpulaunch.adapter.cann.CannAdapter;

/**
 * A component over CANN, built from {@link CannBackendModule}: what an application's own
 * {@code @Singleton @Component} extends when it adds extension modules to the CANN backend.
 */
public interface CannBackendComponent extends BackendComponent {
  /** Works on any machine and says whether CANN is usable here. */
  CannAdapter adapter();
}
