package io.github.aicpulaunch.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static io.github.aicpulaunch.architecture.Locations.located;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaConstructor;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.JavaStaticInitializer;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.lang.syntax.elements.GivenClassesConjunction;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The extension points: launch strategies and deployments. An implementation implements the SPI
 * interface and is contributed into the strategy map by a Dagger {@code @Module} or added to the
 * facade's builder; every hand-written class of an extension module except that wiring depends on
 * aicpu-launch only through the ports and the public SPI.
 *
 * <p>Interfaces are named, not referenced, so the rules also run on a classpath without the domain.
 * Every rule allows an empty selection: a module that contributes no strategy passes.
 */
public final class ExtensionPointRules {
  /** The public SPI extension teams compile against. */
  public static final String SPI_PACKAGE = Layout.AICPU_LAUNCH + ".domain.spi";

  /** How a task reaches the AICPU once the runtime SO is deployed. */
  public static final String LAUNCH_STRATEGY = SPI_PACKAGE + ".LaunchStrategy";

  /** How the runtime SO reaches the device. */
  public static final String DEPLOYMENT = SPI_PACKAGE + ".Deployment";

  /** What a strategy's {@code prepare} returns: the launches of one session. */
  public static final String TASK_LAUNCHER = SPI_PACKAGE + ".TaskLauncher";

  /** Dagger's annotation of a module. */
  public static final String DAGGER_MODULE = "dagger.Module";

  /** Dagger's annotation of a map contribution. */
  public static final String INTO_MAP = "dagger.multibindings.IntoMap";

  /**
   * The facade's builder: {@code AicpuLaunch.builder().strategy("name", s)} and {@code
   * .deployment("name", d)} install an extension as a Dagger module does.
   */
  public static final String FACADE_BUILDER = Layout.AICPU_LAUNCH + ".app.AicpuLaunch$Builder";

  /** A lambda body's method, {@code lambda$<enclosing method>$<n>}, as javac names it. */
  private static final Pattern LAMBDA = Pattern.compile("lambda\\$(.+)\\$[0-9]+");

  @ArchTest
  public static final ArchRule SPI_DEPENDS_ONLY_ON_PORTS_AND_THE_JDK =
      spiDependsOnlyOnPortsAndTheJdk(SPI_PACKAGE);

  @ArchTest
  public static final ArchRule STRATEGIES_IMPLEMENT_THE_STRATEGY_INTERFACE =
      namedImplementationsImplement("Strategy", LAUNCH_STRATEGY);

  @ArchTest
  public static final ArchRule DEPLOYMENTS_IMPLEMENT_THE_DEPLOYMENT_INTERFACE =
      namedImplementationsImplement("Deployment", DEPLOYMENT);

  @ArchTest
  public static final ArchRule EXTENSIONS_ARE_CONTRIBUTED_BY_A_DAGGER_MODULE =
      extensionsAreContributedByADaggerModule(LAUNCH_STRATEGY, DEPLOYMENT);

  /**
   * Every hand-written class of an extension uses aicpu-launch only through the ports and the SPI:
   * the strategy, and also its helpers, the launcher nested in it, an anonymous strategy a
   * {@code @Provides} method returns, and whatever those reach. Dagger's modules and components are
   * exempt (wiring may name a built-in it decorates), and so is the code Dagger generates for them;
   * this project's own domain, adapters and app are not extensions. The JDK and any other library
   * stay allowed.
   */
  @ArchTest
  public static final ArchRule EXTENSIONS_DEPEND_ONLY_ON_PORTS_AND_THE_SPI =
      located(
          noClasses()
              .that(Predicates.EXTENSION_CODE)
              .should()
              .dependOnClassesThat(Predicates.AICPU_LAUNCH_INTERNALS)
              .because(
                  "only the ports and domain.spi are a stable API, so an extension that reaches"
                      + " further breaks with every internal change")
              .allowEmptyShould(true));

  /**
   * One strategy or deployment instance serves every session of the process, and a launcher belongs
   * to one session: state in a static field (or in an enum constant) would be shared by sessions,
   * devices and tests that never asked to share it. Applies to every implementation, abstract,
   * nested, local, anonymous or enum, and to the classes nested in one.
   */
  @ArchTest
  public static final ArchRule STRATEGIES_AND_LAUNCHERS_HOLD_NO_MUTABLE_STATIC_STATE =
      located(
          classes()
              .that(strategiesAndLaunchers(LAUNCH_STRATEGY, DEPLOYMENT, TASK_LAUNCHER))
              .should(holdNoMutableStaticState())
              .because(
                  "one strategy instance serves every session of the process and a launcher"
                      + " belongs to one session, so static state would leak between sessions,"
                      + " devices and tests; keep it in the launcher, or behind a port")
              .allowEmptyShould(true));

  /**
   * The policy asks {@code refusal(..)} and {@code initScope(..)} before anything touches the
   * device, and the SPI says they must not call any port. Checked through the code they call (a
   * private helper, another class of the extension), up to a call on an interface, whose
   * implementations are checked on their own.
   */
  @ArchTest
  public static final ArchRule REFUSALS_AND_INIT_SCOPES_CALL_NO_PORT =
      located(
          classes()
              .that(strategiesAndLaunchers(LAUNCH_STRATEGY, DEPLOYMENT))
              .should(callNoPortFrom("refusal", "initScope"))
              .because(
                  "the policy asks these questions of every strategy and deployment before"
                      + " anything touches the device, so an answer that calls a port would touch"
                      + " the device for a choice not yet made, on a machine where it may not"
                      + " exist")
              .allowEmptyShould(true));

  private ExtensionPointRules() {}

  /** The SPI in {@code spiPackage} (a package name) exposes only itself, the ports and the JDK. */
  public static ArchRule spiDependsOnlyOnPortsAndTheJdk(String spiPackage) {
    return located(
        classes()
            .that()
            .resideInAPackage(spiPackage + "..")
            .should()
            .onlyDependOnClassesThat()
            .resideInAnyPackage(
                spiPackage + "..",
                Layout.AICPU_LAUNCH + ".ports..",
                "java..",
                "org.jspecify.annotations..",
                "com.google.errorprone.annotations..")
            .because(
                "the SPI is all an extension may see of the domain, so anything it exposes must"
                    + " itself be public API")
            .allowEmptyShould(true));
  }

  /**
   * Concrete classes implementing any of {@code extensionPoints} (fully qualified interface names).
   */
  public static DescribedPredicate<JavaClass> implementations(String... extensionPoints) {
    List<String> names = List.of(extensionPoints);
    return new DescribedPredicate<>("implement " + String.join(" or ", names)) {
      @Override
      public boolean test(JavaClass javaClass) {
        return !javaClass.isInterface()
            && !javaClass.getModifiers().contains(JavaModifier.ABSTRACT)
            && !javaClass.isAnonymousClass()
            && names.stream().anyMatch(javaClass::isAssignableTo);
      }
    };
  }

  /**
   * A concrete class whose simple name ends with {@code suffix} and that uses the package of {@code
   * extensionPoint} (the SPI) implements {@code extensionPoint}. A class that never touches the SPI
   * is no extension whatever its name ({@code enum BucketingStrategy}).
   */
  public static ArchRule namedImplementationsImplement(String suffix, String extensionPoint) {
    String spiPackage = extensionPoint.substring(0, extensionPoint.lastIndexOf('.'));
    return located(
        classes()
            .that()
            .haveSimpleNameEndingWith(suffix)
            .and()
            .areNotInterfaces()
            .and(useThePackage(spiPackage))
            .should()
            .implement(extensionPoint)
            .because(
                "the policy finds a "
                    + suffix.toLowerCase(java.util.Locale.ROOT)
                    + " only through "
                    + extensionPoint
                    + ", so a class named like one that uses the SPI but does not implement it is"
                    + " never chosen")
            .allowEmptyShould(true));
  }

  /**
   * Classes with a direct dependency (a supertype, a member's type, a call...) on a class in {@code
   * packageName} or below it.
   */
  public static DescribedPredicate<JavaClass> useThePackage(String packageName) {
    return new DescribedPredicate<>("use " + packageName) {
      @Override
      public boolean test(JavaClass javaClass) {
        return javaClass.getDirectDependenciesFromSelf().stream()
            .map(dependency -> dependency.getTargetClass().getPackageName())
            .anyMatch(name -> name.equals(packageName) || name.startsWith(packageName + "."));
      }
    };
  }

  /**
   * Every implementation of {@code extensionPoints} outside this project's domain is installed: it
   * is contributed into a map multibinding ({@code @IntoMap}) by a method of a Dagger
   * {@code @Module} that constructs it, binds it or returns it, or it is added to the facade's
   * builder ({@link #FACADE_BUILDER}): constructed, or returned by a factory method that is called
   * or referenced, in code (a lambda counts as the method that wrote it) that passes a strategy to
   * {@code strategy(..)} or a deployment to {@code deployment(..)}. This project's built-in
   * implementations are wired by {@code app}; {@link #builtInsAreContributedByADaggerModule} checks
   * them.
   */
  public static ArchRule extensionsAreContributedByADaggerModule(String... extensionPoints) {
    return contributed(
        classes()
            .that(implementations(extensionPoints))
            .and()
            .resideOutsideOfPackage(Layout.AICPU_LAUNCH + ".domain.."));
  }

  /** Every built-in implementation in this project's domain is contributed by a module. */
  public static ArchRule builtInsAreContributedByADaggerModule(String... extensionPoints) {
    return contributed(
        classes()
            .that(implementations(extensionPoints))
            .and()
            .resideInAPackage(Layout.AICPU_LAUNCH + ".domain.."));
  }

  private static ArchRule contributed(GivenClassesConjunction implementations) {
    return located(
        implementations
            .should(beContributedIntoAMapByADaggerModule())
            .because(
                "the policy chooses among the entries of the map multibinding, so an implementation"
                    + " no @Module contributes with @IntoMap can never be selected")
            .allowEmptyShould(true));
  }

  /**
   * Hand-written classes implementing any of {@code spiInterfaces} (fully qualified names) in any
   * form, abstract, nested, local, anonymous or enum, and the classes nested in one.
   */
  public static DescribedPredicate<JavaClass> strategiesAndLaunchers(String... spiInterfaces) {
    List<String> names = List.of(spiInterfaces);
    return new DescribedPredicate<>(
        "implement " + String.join(" or ", names) + ", or are nested in such a class") {
      @Override
      public boolean test(JavaClass javaClass) {
        return Predicates.HAND_WRITTEN.test(javaClass)
            && Predicates.selfOrEnclosing(javaClass)
                .anyMatch(c -> !c.isInterface() && names.stream().anyMatch(c::isAssignableTo));
      }
    };
  }

  /**
   * No static field (and no field of an enum constant) is non-final, of a mutable type, or given a
   * mutable object by its initialiser. Mutable types are recognised, not proven: arrays, collection
   * and map classes, {@code java.util.concurrent.atomic}, {@code ThreadLocal}, string builders,
   * {@code BitSet}, NIO buffers and Guava caches. A final logger, record or {@code List.of(..)}
   * passes.
   */
  public static ArchCondition<JavaClass> holdNoMutableStaticState() {
    return StaticState.holdNone();
  }

  /**
   * No method named one of {@code methodNames} calls a port (an interface in a {@code ..ports..}
   * package, or a class implementing one), directly or through the methods it calls.
   */
  public static ArchCondition<JavaClass> callNoPortFrom(String... methodNames) {
    return PortCalls.noneFrom(Set.of(methodNames));
  }

  /** Contributed with {@code @IntoMap} by a method of a class annotated {@code @Module}. */
  public static ArchCondition<JavaClass> beContributedIntoAMapByADaggerModule() {
    return new ArchCondition<>(
        "be contributed into a map multibinding by a Dagger @Module or added to"
            + " AicpuLaunch.builder()") {
      @Override
      public void check(JavaClass javaClass, ConditionEvents events) {
        List<JavaCodeUnit> installers =
            Stream.of(
                    javaClass.getConstructorCallsToSelf().stream().map(c -> c.getOrigin()),
                    javaClass.getConstructorReferencesToSelf().stream().map(c -> c.getOrigin()),
                    javaClass.getMethodsWithParameterTypeOfSelf().stream(),
                    javaClass.getMethodsWithReturnTypeOfSelf().stream(),
                    javaClass.getMethodsWithReturnTypeOfSelf().stream()
                        .flatMap(factory -> factory.getAccessesToSelf().stream())
                        .map(access -> access.getOrigin()))
                .flatMap(s -> s.map(JavaCodeUnit.class::cast))
                .toList();
        boolean contributed =
            installers.stream()
                .anyMatch(
                    unit -> isMapContribution(unit) || isBuilderContribution(unit, javaClass));
        String message =
            javaClass.getName()
                + (contributed ? " is" : " is not")
                + " contributed into a map by a @Provides or @Binds method annotated @IntoMap in"
                + " a class annotated @"
                + DAGGER_MODULE
                + ", nor added to AicpuLaunch.builder(); add one, e.g. @Binds @IntoMap"
                + " @StringKey(\"name\") "
                + javaClass.getSimpleName()
                + ", or AicpuLaunch.builder()."
                + (javaClass.isAssignableTo(LAUNCH_STRATEGY) ? "strategy" : "deployment")
                + "(\"name\", builtIns -> new "
                + javaClass.getSimpleName()
                + "(..)), in "
                + Locations.of(javaClass);
        events.add(new SimpleConditionEvent(javaClass, contributed, message));
      }
    };
  }

  /**
   * {@code unit}, or the method a lambda body {@code unit} was written in, passes an extension of
   * {@code extension}'s kind to the facade's builder.
   */
  private static boolean isBuilderContribution(JavaCodeUnit unit, JavaClass extension) {
    Set<String> methods = new HashSet<>();
    if (extension.isAssignableTo(LAUNCH_STRATEGY)) {
      methods.add("strategy");
    }
    if (extension.isAssignableTo(DEPLOYMENT)) {
      methods.add("deployment");
    }
    Matcher lambda = LAMBDA.matcher(unit.getName());
    Stream<JavaCodeUnit> writers =
        lambda.matches()
            ? unit.getOwner().getCodeUnits().stream()
                .filter(u -> u.getName().equals(javaName(lambda.group(1))))
            : Stream.of(unit);
    return writers.anyMatch(
        writer ->
            writer.getMethodCallsFromSelf().stream()
                .anyMatch(
                    call ->
                        call.getTargetOwner().getName().equals(FACADE_BUILDER)
                            && methods.contains(call.getName())));
  }

  /** The code unit name a lambda's {@code lambda$<name>$n} stands for. */
  private static String javaName(String lambdaName) {
    return switch (lambdaName) {
      case "new" -> JavaConstructor.CONSTRUCTOR_NAME;
      case "static" -> JavaStaticInitializer.STATIC_INITIALIZER_NAME;
      default -> lambdaName;
    };
  }

  private static boolean isMapContribution(JavaCodeUnit codeUnit) {
    return codeUnit.getOwner().isAnnotatedWith(DAGGER_MODULE) && codeUnit.isAnnotatedWith(INTO_MAP);
  }
}
