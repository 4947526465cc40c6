package io.github.aicpulaunch.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaAnnotation;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.lang.conditions.ArchConditions;
import io.github.aicpulaunch.architecture.annotation.Adapter;
import io.github.aicpulaunch.architecture.annotation.Cli;
import io.github.aicpulaunch.architecture.annotation.Domain;
import io.github.aicpulaunch.architecture.annotation.Port;
import io.github.aicpulaunch.architecture.annotation.Strategy;
import io.github.aicpulaunch.architecture.annotation.Wiring;
import java.lang.annotation.Annotation;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * The same architecture as {@link HexagonRules}, {@link NativeRules}, {@link ExtensionPointRules}
 * and {@link HygieneRules}, for code whose package names do not follow aicpu-launch's layout: a
 * type's role comes from {@link Port @Port}, {@link Domain @Domain}, {@link Adapter @Adapter},
 * {@link Wiring @Wiring}, {@link Cli @Cli} or {@link Strategy @Strategy} on the type, on an
 * enclosing type or on its package.
 *
 * <p>Every rule allows an empty selection: code that uses only some of the roles passes the rules
 * about the others. Hygiene rules that do not depend on a role ({@link
 * HygieneRules#NO_JAVA_UTIL_LOGGING}, {@link HygieneRules#NO_GENERIC_EXCEPTIONS}) apply unchanged.
 */
public final class AnnotatedRules {

  @ArchTest
  public static final ArchRule PORTS_ARE_PURE =
      noClasses()
          .that(inRole(Port.class))
          .should()
          .dependOnClassesThat(
              inRole(Domain.class)
                  .or(inRole(Adapter.class))
                  .or(inRole(Wiring.class))
                  .or(inRole(Cli.class))
                  .or(inRole(Strategy.class))
                  .or(resideInAPackage(Layout.JNA))
                  .as("are domain, adapter, wiring, CLI, strategy or JNA types"))
          .because(
              "the ports are the contract every adapter and extension compiles against, so they"
                  + " must not drag another layer along")
          .allowEmptyShould(true);

  @ArchTest
  public static final ArchRule DOMAIN_IS_PURE =
      noClasses()
          .that(inRole(Domain.class))
          .should()
          .dependOnClassesThat(
              inRole(Adapter.class)
                  .or(inRole(Wiring.class))
                  .or(inRole(Cli.class))
                  .or(resideInAPackage(Layout.JNA))
                  .as("are adapter, wiring, CLI or JNA types"))
          .because("the domain is pure logic tested without a device")
          .allowEmptyShould(true);

  @ArchTest
  public static final ArchRule ADAPTERS_DEPEND_ONLY_ON_PORTS =
      noClasses()
          .that(inRole(Adapter.class))
          .should()
          .dependOnClassesThat(
              inRole(Domain.class)
                  .or(inRole(Wiring.class))
                  .or(inRole(Cli.class))
                  .or(inRole(Strategy.class))
                  .or(Predicates.AICPU_LAUNCH_BEYOND_PORTS)
                  .as(
                      "are domain, wiring, CLI or strategy types, or aicpu-launch beyond its ports"))
          .because(
              "an adapter implements ports over one technology, and one that used the domain"
                  + " would share its mistakes instead of exposing them")
          .allowEmptyShould(true);

  @ArchTest
  public static final ArchRule ADAPTERS_DO_NOT_DEPEND_ON_EACH_OTHER =
      classes()
          .that(inRole(Adapter.class))
          .should(notDependOnAnotherAdapter())
          .because(
              "adapters are alternatives chosen by the wiring, so one must never need another to"
                  + " be on the classpath")
          .allowEmptyShould(true);

  @ArchTest
  public static final ArchRule NOTHING_BUT_CLI_DEPENDS_ON_WIRING =
      noClasses()
          .that(not(inRole(Wiring.class).or(inRole(Cli.class))))
          .should()
          .dependOnClassesThat(inRole(Wiring.class))
          .because(
              "the wiring only puts the other roles together, and a dependency on it from inside"
                  + " would turn the wiring into a cycle")
          .allowEmptyShould(true);

  @ArchTest
  public static final ArchRule JNA_ONLY_INSIDE_ADAPTERS =
      noClasses()
          .that(not(inRole(Adapter.class)))
          .should()
          .dependOnClassesThat()
          .resideInAPackage(Layout.JNA)
          .because(
              "JNA types outside an adapter tie the code to one native binding and make it"
                  + " untestable on a machine without CANN")
          .allowEmptyShould(true);

  @ArchTest
  public static final ArchRule STRATEGIES_IMPLEMENT_AN_EXTENSION_POINT =
      strategiesImplementAnExtensionPoint(
          ExtensionPointRules.LAUNCH_STRATEGY, ExtensionPointRules.DEPLOYMENT);

  @ArchTest
  public static final ArchRule STRATEGIES_ARE_CONTRIBUTED_BY_A_DAGGER_MODULE =
      strategiesAreContributedByADaggerModule(
          ExtensionPointRules.LAUNCH_STRATEGY, ExtensionPointRules.DEPLOYMENT);

  @ArchTest
  public static final ArchRule STRATEGIES_DEPEND_ONLY_ON_PORTS_AND_THE_SPI =
      noClasses()
          .that(inRole(Strategy.class))
          .should()
          .dependOnClassesThat(
              Predicates.AICPU_LAUNCH_INTERNALS
                  .or(inRole(Adapter.class))
                  .or(inRole(Wiring.class))
                  .or(inRole(Cli.class))
                  .as("are aicpu-launch internals, or adapter, wiring or CLI types"))
          .because(
              "only the ports and domain.spi are a stable API, so a strategy that reaches further"
                  + " breaks with every internal change")
          .allowEmptyShould(true);

  @ArchTest
  public static final ArchRule NO_STANDARD_STREAMS_OUTSIDE_CLI =
      noClasses()
          .that(not(inRole(Cli.class)))
          .should(HygieneRules.USE_STANDARD_STREAMS)
          .because(
              "a library must not write to the host process's console: diagnostics go through"
                  + " SLF4J and only the CLI talks to the terminal")
          .allowEmptyShould(true);

  private AnnotatedRules() {}

  /** Every {@code @Strategy} type implements one of {@code extensionPoints} (interface names). */
  public static ArchRule strategiesImplementAnExtensionPoint(String... extensionPoints) {
    ArchCondition<JavaClass> implementOne =
        Arrays.stream(extensionPoints)
            .map(ArchConditions::implement)
            .reduce(ArchCondition::or)
            .orElseThrow(() -> new IllegalArgumentException("name at least one extension point"));
    return classes()
        .that(inRole(Strategy.class))
        .and()
        .areNotInterfaces()
        .should(implementOne)
        .because(
            "the policy finds strategies and deployments only through the SPI interfaces, so a"
                + " @Strategy that implements none is never chosen")
        .allowEmptyShould(true);
  }

  /** Every {@code @Strategy} implementation is contributed with {@code @IntoMap} by a module. */
  public static ArchRule strategiesAreContributedByADaggerModule(String... extensionPoints) {
    return classes()
        .that(inRole(Strategy.class))
        .and(ExtensionPointRules.implementations(extensionPoints))
        .should(ExtensionPointRules.beContributedIntoAMapByADaggerModule())
        .because(
            "the policy chooses among the entries of the map multibinding, so a strategy no"
                + " @Module contributes with @IntoMap can never be selected")
        .allowEmptyShould(true);
  }

  /** Types annotated with {@code role} themselves, through an enclosing type or their package. */
  public static DescribedPredicate<JavaClass> inRole(Class<? extends Annotation> role) {
    String name = role.getName();
    return new DescribedPredicate<>("are @" + role.getSimpleName()) {
      @Override
      public boolean test(JavaClass javaClass) {
        return roleAnnotation(javaClass, name).isPresent();
      }
    };
  }

  private static Optional<JavaAnnotation<?>> roleAnnotation(JavaClass javaClass, String role) {
    JavaClass current = javaClass;
    while (true) {
      Optional<? extends JavaAnnotation<?>> own = current.tryGetAnnotationOfType(role);
      if (own.isPresent()) {
        return Optional.of(own.get());
      }
      Optional<JavaClass> enclosing = current.getEnclosingClass();
      if (enclosing.isEmpty()) {
        return current.getPackage().tryGetAnnotationOfType(role).map(a -> a);
      }
      current = enclosing.get();
    }
  }

  private static Optional<String> adapterName(JavaClass javaClass) {
    return roleAnnotation(javaClass, Adapter.class.getName())
        .flatMap(annotation -> annotation.get("value"))
        .map(Object::toString);
  }

  private static ArchCondition<JavaClass> notDependOnAnotherAdapter() {
    return new ArchCondition<>("not depend on another adapter") {
      @Override
      public void check(JavaClass javaClass, ConditionEvents events) {
        Optional<String> own = adapterName(javaClass);
        for (Dependency dependency : javaClass.getDirectDependenciesFromSelf()) {
          Optional<String> target = adapterName(dependency.getTargetClass());
          if (target.isPresent() && !Objects.equals(own, target)) {
            events.add(
                SimpleConditionEvent.violated(
                    dependency,
                    "adapter '"
                        + own.orElse("?")
                        + "' depends on adapter '"
                        + target.get()
                        + "': "
                        + dependency.getDescription()));
          }
        }
      }
    };
  }
}
