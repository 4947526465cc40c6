package io.github.aicpulaunch.architecture;

import static com.tngtech.archunit.lang.conditions.ArchConditions.accessField;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static io.github.aicpulaunch.architecture.Layout.ANY_BASE_PACKAGE;
import static io.github.aicpulaunch.architecture.Layout.CLI;
import static io.github.aicpulaunch.architecture.Layout.layer;
import static io.github.aicpulaunch.architecture.Locations.located;

import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.library.GeneralCodingRules;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Code hygiene that holds in every package: output goes through SLF4J except in the CLI, nobody
 * uses {@code java.util.logging}, and failures are typed.
 */
public final class HygieneRules {

  /** The standard streams plus {@code printStackTrace()}, which writes to standard error. */
  public static final ArchCondition<JavaClass> USE_STANDARD_STREAMS =
      accessField(System.class, "in")
          .or(GeneralCodingRules.ACCESS_STANDARD_STREAMS)
          .as("use the standard streams (System.in/out/err, printStackTrace())");

  @ArchTest
  public static final ArchRule NO_STANDARD_STREAMS_OUTSIDE_CLI =
      noStandardStreamsOutside(layer(ANY_BASE_PACKAGE, CLI));

  @ArchTest
  public static final ArchRule NO_JAVA_UTIL_LOGGING =
      located(
          noClasses()
              .should()
              .dependOnClassesThat()
              .resideInAPackage("java.util.logging..")
              .because(
                  "logging goes through SLF4J so the application picks one backend and one"
                      + " configuration for every module")
              .allowEmptyShould(true));

  @ArchTest
  public static final ArchRule NO_GENERIC_EXCEPTIONS =
      located(
          noClasses()
              .should(createGenericThrowables())
              .because(
                  "a caller can only handle or explain a failure whose type names it, so throw an"
                      + " exception of the ports' error vocabulary or a specific JDK exception")
              .allowEmptyShould(true));

  private HygieneRules() {}

  /**
   * Only classes in {@code cliPackages} (ArchUnit package patterns) may use the standard streams.
   */
  public static ArchRule noStandardStreamsOutside(String... cliPackages) {
    return located(
        noClasses()
            .that()
            .resideOutsideOfPackages(cliPackages)
            .should(USE_STANDARD_STREAMS)
            .because(
                "a library must not write to the host process's console: diagnostics go through"
                    + " SLF4J and only the CLI talks to the terminal")
            .allowEmptyShould(true));
  }

  /**
   * Creating {@code Throwable}, {@code Exception}, {@code RuntimeException} or {@code Error}
   * directly, by {@code new} or by a constructor reference. A subclass calling its superclass
   * constructor is how a typed exception is made, so that is allowed.
   */
  public static ArchCondition<JavaClass> createGenericThrowables() {
    return new ArchCondition<>(
        "create generic throwables (Throwable, Exception, RuntimeException, Error)") {
      @Override
      public void check(JavaClass javaClass, ConditionEvents events) {
        // Satisfied events mark each creation, so that noClasses().should(..) reports them.
        Stream.<JavaAccess<?>>concat(
                javaClass.getConstructorCallsFromSelf().stream(),
                javaClass.getConstructorReferencesFromSelf().stream())
            .filter(HygieneRules::createsGenericThrowable)
            .forEach(
                access -> events.add(SimpleConditionEvent.satisfied(access, describe(access))));
      }
    };
  }

  private static boolean createsGenericThrowable(JavaAccess<?> access) {
    String created = access.getTargetOwner().getName();
    if (!Predicates.GENERIC_THROWABLES.contains(created)) {
      return false;
    }
    JavaCodeUnit origin = access.getOrigin();
    Optional<JavaClass> superclass =
        origin.getOwner().getRawSuperclass().filter(s -> s.getName().equals(created));
    return !(origin.isConstructor() && superclass.isPresent());
  }

  private static String describe(JavaAccess<?> access) {
    return access.getOrigin().getFullName()
        + " creates a bare "
        + access.getTargetOwner().getName()
        + "; throw a typed exception instead "
        + access.getSourceCodeLocation();
  }
}
