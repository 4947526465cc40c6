package io.github.aicpulaunch.architecture;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.INTERFACES;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaModifier;
import java.util.Set;

/** Predicates shared by the rule classes. */
final class Predicates {
  /** Types whose use means doing I/O, not describing it. */
  static final DescribedPredicate<JavaClass> IO =
      resideInAnyPackage("java.io..", "java.nio.channels..", "java.net..")
          .and(DescribedPredicate.not(JavaClass.Predicates.type(java.io.Serializable.class)))
          .or(JavaClass.Predicates.type(java.nio.file.Files.class))
          .as("do I/O (java.io, java.nio.channels, java.net, java.nio.file.Files)");

  /**
   * A raw binding: a JNA interface-mapped library, or a class whose native methods JNA registers
   * (direct mapping).
   */
  static final DescribedPredicate<JavaClass> RAW_NATIVE_BINDINGS =
      new DescribedPredicate<>(
          "are raw native bindings (JNA Library interfaces or native methods)") {
        @Override
        public boolean test(JavaClass javaClass) {
          return javaClass.isAssignableTo("com.sun.jna.Library")
              || javaClass.getMethods().stream()
                  .anyMatch(method -> method.getModifiers().contains(JavaModifier.NATIVE));
        }
      };

  /** aicpu-launch's production layers beyond its ports: what an adapter must not use. */
  static final DescribedPredicate<JavaClass> AICPU_LAUNCH_BEYOND_PORTS =
      resideInAnyPackage(
              Layout.AICPU_LAUNCH + ".domain..",
              Layout.AICPU_LAUNCH + ".adapter..",
              Layout.AICPU_LAUNCH + ".app..")
          .as("are aicpu-launch's domain, adapters or app");

  /**
   * aicpu-launch's production layers beyond its public API (the ports and the SPI): what an
   * extension must not use. Other code under the base package (examples, these rules) is not
   * aicpu-launch's internals.
   */
  static final DescribedPredicate<JavaClass> AICPU_LAUNCH_INTERNALS =
      AICPU_LAUNCH_BEYOND_PORTS
          .and(DescribedPredicate.not(resideInAPackage(ExtensionPointRules.SPI_PACKAGE + "..")))
          .as("are aicpu-launch internals (its domain outside domain.spi, adapters or app)");

  /** The throwables that say nothing about what went wrong. */
  static final Set<String> GENERIC_THROWABLES =
      Set.of(
          Throwable.class.getName(),
          Exception.class.getName(),
          RuntimeException.class.getName(),
          Error.class.getName());

  private Predicates() {}

  static DescribedPredicate<JavaClass> interfaceIn(String packagePattern) {
    return INTERFACES.and(resideInAPackage(packagePattern)).as("an interface in " + packagePattern);
  }
}
