package io.github.aicpulaunch.adapter.sim;

import java.lang.reflect.Proxy;
import org.slf4j.Logger;
import org.slf4j.helpers.MessageFormatter;

/** SLF4J loggers for tests: every level enabled, every formatted call handed to a sink. */
final class RecordingLogger {
  /** Receives one call: the logger's name, the method called (its level) and the message. */
  @FunctionalInterface
  interface Sink {
    void call(String logger, String method, String message);
  }

  private RecordingLogger() {}

  /** A logger named {@code name} that passes every call with a format and arguments to sink. */
  static Logger of(String name, Sink sink) {
    return (Logger)
        Proxy.newProxyInstance(
            Logger.class.getClassLoader(),
            new Class<?>[] {Logger.class},
            (proxy, method, args) -> {
              String m = method.getName();
              if (m.startsWith("is")) {
                return true;
              }
              if (m.equals("getName")) {
                return name;
              }
              if (args != null && args.length > 1 && args[0] instanceof String format) {
                Object[] rest = new Object[args.length - 1];
                System.arraycopy(args, 1, rest, 0, rest.length);
                if (rest.length == 1 && rest[0] instanceof Object[] varargs) {
                  rest = varargs;
                }
                sink.call(name, m, MessageFormatter.arrayFormat(format, rest).getMessage());
              }
              return null;
            });
  }
}
