package io.github.aicpulaunch.architecture;

import static com.tngtech.archunit.core.domain.JavaModifier.FINAL;
import static com.tngtech.archunit.core.domain.JavaModifier.STATIC;
import static com.tngtech.archunit.core.domain.JavaModifier.SYNTHETIC;

import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaConstructorCall;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaFieldAccess;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.JavaStaticInitializer;
import com.tngtech.archunit.core.domain.SourceCodeLocation;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * State that outlives an instance: a static field, or a field of an enum constant (a singleton the
 * class holds for the life of the process). Such state is mutable when the field is not final, when
 * its type is mutable, or when the code that initialises it creates a mutable object of a type it
 * can hold (a {@code Map} field given a {@code new HashMap<>()}).
 *
 * <p>Mutable types are recognised, not proven: arrays, collections and maps that are classes (not
 * {@code List.of(..)} behind an interface type), {@code java.util.concurrent.atomic}, {@code
 * ThreadLocal}, {@code StringBuilder}/{@code StringBuffer}, {@code BitSet}, NIO buffers and Guava
 * caches. A final field of another type (a logger, a record, an immutable list) passes.
 */
final class StaticState {
  private static final List<String> MUTABLE_SUPERTYPES =
      List.of(
          "java.util.Collection",
          "java.util.Map",
          "java.lang.ThreadLocal",
          "java.lang.StringBuilder",
          "java.lang.StringBuffer",
          "java.util.BitSet",
          "java.nio.Buffer",
          "com.google.common.cache.Cache");

  private StaticState() {}

  /** The condition: no field of the class holds mutable state that outlives an instance. */
  static ArchCondition<JavaClass> holdNone() {
    return new ArchCondition<>("hold no mutable static state") {
      @Override
      public void check(JavaClass javaClass, ConditionEvents events) {
        for (JavaField field : javaClass.getFields()) {
          Set<JavaModifier> modifiers = field.getModifiers();
          boolean isStatic = modifiers.contains(STATIC);
          if (modifiers.contains(SYNTHETIC) || !(isStatic || javaClass.isEnum())) {
            continue;
          }
          String holder = isStatic ? "is static" : "belongs to an enum constant";
          if (!modifiers.contains(FINAL)) {
            report(events, field, holder + " and is not final", Locations.of(field));
          } else if (isMutable(field.getRawType())) {
            report(
                events,
                field,
                holder + " and is of the mutable type " + field.getRawType().getName(),
                Locations.of(field));
          } else {
            mutableInitialValue(field, isStatic)
                .ifPresent(
                    creation ->
                        report(
                            events,
                            field,
                            holder + " and is given a new " + creation.getTargetOwner().getName(),
                            creation.getSourceCodeLocation()));
          }
        }
      }
    };
  }

  private static void report(
      ConditionEvents events, JavaField field, String problem, SourceCodeLocation location) {
    events.add(
        SimpleConditionEvent.violated(
            field,
            field.getDescription()
                + " "
                + problem
                + ": every session of the process shares it; keep state in an object made per"
                + " session (the launcher prepare(..) returns), or make the value immutable"
                + " (List.of, Map.copyOf) in "
                + location));
  }

  /** A mutable object the field's initialiser (static initialiser, or enum constructor) creates. */
  private static Optional<JavaConstructorCall> mutableInitialValue(
      JavaField field, boolean isStatic) {
    JavaClass owner = field.getOwner();
    List<JavaCodeUnit> initialisers =
        field.getAccessesToSelf().stream()
            .filter(access -> access.getAccessType() == JavaFieldAccess.AccessType.SET)
            .map(JavaAccess::getOrigin)
            .filter(origin -> origin.getOwner().equals(owner))
            .filter(
                origin ->
                    isStatic
                        ? origin.getName().equals(JavaStaticInitializer.STATIC_INITIALIZER_NAME)
                        : origin.isConstructor())
            .distinct()
            .toList();
    return initialisers.stream()
        .flatMap(initialiser -> initialiser.getConstructorCallsFromSelf().stream())
        .filter(call -> isMutable(call.getTargetOwner()))
        .filter(call -> call.getTargetOwner().isAssignableTo(field.getRawType().getName()))
        .min(Comparator.comparingInt(JavaAccess::getLineNumber));
  }

  /** Whether instances of {@code type} can change once made. */
  static boolean isMutable(JavaClass type) {
    if (type.isArray()) {
      return true;
    }
    if (type.isPrimitive() || (type.isInterface() && !isCache(type))) {
      // Behind an interface type the value decides; the initialiser check looks at it.
      return false;
    }
    if (type.getPackageName().equals("java.util.concurrent.atomic")) {
      return true;
    }
    if (type.getPackageName().equals("com.google.common.collect")
        && type.getSimpleName().startsWith("Immutable")) {
      return false;
    }
    return MUTABLE_SUPERTYPES.stream().anyMatch(type::isAssignableTo);
  }

  private static boolean isCache(JavaClass type) {
    return type.isAssignableTo("com.google.common.cache.Cache");
  }
}
