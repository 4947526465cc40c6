package io.github.aicpulaunch.adapter.cann;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import java.util.HashMap;
import java.util.Map;

/**
 * Registers the direct-mapped classes. JNA binds a class's natives once per JVM, to one library:
 * the first CANN loaded wins, and a later, different library gets false (it then calls through
 * {@link LaunchCalls#viaFunctions}).
 */
final class DirectBindings {
  private static final Map<Class<?>, String> BOUND = new HashMap<>();

  private DirectBindings() {}

  /** Binds {@code natives} to {@code library}; false when they are bound to another library. */
  static synchronized boolean bind(Class<?> natives, NativeLibrary library) {
    String file = library.getFile().getAbsolutePath();
    String bound = BOUND.get(natives);
    if (bound == null) {
      Native.register(natives, library);
      BOUND.put(natives, file);
      return true;
    }
    return bound.equals(file);
  }
}
