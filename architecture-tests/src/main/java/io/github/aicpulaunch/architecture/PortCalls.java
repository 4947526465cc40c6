package io.github.aicpulaunch.architecture;

import com.tngtech.archunit.core.domain.AccessTarget.CodeUnitAccessTarget;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaConstructorCall;
import com.tngtech.archunit.core.domain.PackageMatcher;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Calls that reach a port from given methods, directly or through the code they call. A port is an
 * interface in a {@code ..ports..} package (or a class implementing one); a call on a record of the
 * ports (such as {@code RuntimeInfo}) reads a value and is no port call. Calls are followed into
 * every method whose code was imported, except the JDK's; a call on an interface cannot be followed
 * (its implementation is unknown here), which is why each implementation is checked on its own.
 */
final class PortCalls {
  private static final PackageMatcher PORTS = PackageMatcher.of("..ports..");

  private PortCalls() {}

  /** The condition: no method named one of {@code methodNames} reaches a port. */
  static ArchCondition<JavaClass> noneFrom(Set<String> methodNames) {
    String names =
        methodNames.stream().sorted().map(name -> name + "(..)").collect(Collectors.joining(", "));
    return new ArchCondition<>("call no port from " + names) {
      @Override
      public void check(JavaClass javaClass, ConditionEvents events) {
        javaClass.getMethods().stream()
            .filter(method -> methodNames.contains(method.getName()))
            .forEach(method -> reportPortCalls(method, methodNames, events));
      }
    };
  }

  private static void reportPortCalls(
      JavaCodeUnit start, Set<String> methodNames, ConditionEvents events) {
    Set<JavaCodeUnit> visited = new HashSet<>();
    Deque<List<JavaCodeUnit>> paths = new ArrayDeque<>();
    paths.add(List.of(start));
    visited.add(start);
    while (!paths.isEmpty()) {
      List<JavaCodeUnit> path = paths.poll();
      JavaCodeUnit current = path.get(path.size() - 1);
      for (JavaAccess<?> access : callsFrom(current)) {
        JavaClass target = access.getTargetOwner();
        if (!(access instanceof JavaConstructorCall) && isPort(target)) {
          events.add(SimpleConditionEvent.violated(access, describe(path, access)));
          continue;
        }
        if (isJdk(target)) {
          continue;
        }
        for (JavaCodeUnit next : resolve(access)) {
          // Another of the checked methods (refusal(..) calling its overload) answers for itself.
          if (!methodNames.contains(next.getName()) && visited.add(next)) {
            List<JavaCodeUnit> longer = new ArrayList<>(path);
            longer.add(next);
            paths.add(longer);
          }
        }
      }
    }
  }

  private static List<JavaAccess<?>> callsFrom(JavaCodeUnit codeUnit) {
    return Stream.<JavaAccess<?>>concat(
            codeUnit.getCallsFromSelf().stream(), codeUnit.getMethodReferencesFromSelf().stream())
        .toList();
  }

  private static List<JavaCodeUnit> resolve(JavaAccess<?> access) {
    Object target = access.getTarget();
    if (target instanceof CodeUnitAccessTarget unit) {
      return unit.resolveMember().stream().map(JavaCodeUnit.class::cast).toList();
    }
    return List.of();
  }

  /** An interface of the ports, or a class implementing one. */
  static boolean isPort(JavaClass javaClass) {
    return Stream.concat(Stream.of(javaClass), javaClass.getAllRawInterfaces().stream())
        .anyMatch(type -> type.isInterface() && PORTS.matches(type.getPackageName()));
  }

  private static boolean isJdk(JavaClass javaClass) {
    String name = javaClass.getPackageName();
    return name.startsWith("java.") || name.startsWith("javax.") || name.startsWith("jdk.");
  }

  private static String describe(List<JavaCodeUnit> path, JavaAccess<?> access) {
    StringBuilder message = new StringBuilder(path.get(0).getDescription());
    message.append(" calls the port method <").append(access.getTarget().getFullName()).append('>');
    if (path.size() > 1) {
      message.append(" through ");
      message.append(
          path.subList(1, path.size()).stream()
              .map(step -> step.getOwner().getSimpleName() + "." + step.getName() + "(..)")
              .collect(Collectors.joining(" -> ")));
    }
    return message
        .append("; answer from the arguments alone (RuntimeInfo, Deployment, RuntimeImage) in ")
        .append(access.getSourceCodeLocation())
        .toString();
  }
}
