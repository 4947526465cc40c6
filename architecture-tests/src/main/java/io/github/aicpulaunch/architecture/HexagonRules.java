package io.github.aicpulaunch.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static io.github.aicpulaunch.architecture.Layout.ADAPTER;
import static io.github.aicpulaunch.architecture.Layout.ANY_BASE_PACKAGE;
import static io.github.aicpulaunch.architecture.Layout.APP;
import static io.github.aicpulaunch.architecture.Layout.DOMAIN;
import static io.github.aicpulaunch.architecture.Layout.PORTS;
import static io.github.aicpulaunch.architecture.Layout.layer;
import static io.github.aicpulaunch.architecture.Locations.located;

import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The dependency rule of the hexagon: ports and domain are pure, adapters depend only on ports and
 * never on each other, and only {@code app} wires.
 *
 * <p>The fields match the layer names at any depth ({@code ..domain..}), so they hold for this
 * project and for an extension that uses the same names; the factories anchor them to one base
 * package. Every rule allows an empty layer: a module that has no adapter, say, passes.
 */
public final class HexagonRules {

  @ArchTest
  public static final ArchRule PORTS_DEPEND_ONLY_ON_THE_JDK =
      portsDependOnlyOnTheJdk(ANY_BASE_PACKAGE);

  @ArchTest public static final ArchRule PORTS_DO_NO_IO = portsDoNoIo(ANY_BASE_PACKAGE);

  @ArchTest
  public static final ArchRule DOMAIN_DEPENDS_ONLY_ON_PORTS_AND_PURE_LIBRARIES =
      domainDependsOnlyOnPortsAndPureLibraries(ANY_BASE_PACKAGE);

  @ArchTest
  public static final ArchRule ADAPTERS_DEPEND_ON_PORTS_NOT_ON_DOMAIN_OR_APP =
      adaptersDependOnPortsNotOnDomainOrApp(ANY_BASE_PACKAGE);

  @ArchTest
  public static final ArchRule ADAPTERS_DO_NOT_DEPEND_ON_EACH_OTHER =
      adaptersDoNotDependOnEachOther(ANY_BASE_PACKAGE);

  @ArchTest
  public static final ArchRule NOTHING_DEPENDS_ON_APP = nothingDependsOnApp(ANY_BASE_PACKAGE);

  @ArchTest
  public static final ArchRule APP_IMPLEMENTS_NO_OUTBOUND_PORT =
      appImplementsNoOutboundPort(ANY_BASE_PACKAGE);

  private HexagonRules() {}

  /** Ports are values and interfaces over the JDK: no framework, no library, no other layer. */
  public static ArchRule portsDependOnlyOnTheJdk(String basePackage) {
    String ports = layer(basePackage, PORTS);
    return located(
        classes()
            .that()
            .resideInAPackage(ports)
            .and(Predicates.HAND_WRITTEN)
            .should()
            .onlyDependOnClassesThat()
            .resideInAnyPackage(
                ports,
                "java..",
                "org.jspecify.annotations..",
                "com.google.errorprone.annotations..")
            .because(
                "the ports are the contract every adapter and extension compiles against, so they"
                    + " must not drag a framework, a library or another layer along")
            .allowEmptyShould(true));
  }

  /** Ports carry values; reading files, sockets or streams is an adapter's job. */
  public static ArchRule portsDoNoIo(String basePackage) {
    return located(
        noClasses()
            .that()
            .resideInAPackage(layer(basePackage, PORTS))
            .should()
            .dependOnClassesThat(Predicates.IO)
            .because(
                "a port describes what crosses the boundary, and I/O inside it would be behaviour"
                    + " no adapter could replace")
            .allowEmptyShould(true));
  }

  /** The domain uses the ports, the JDK and the few pure libraries its pom allows. */
  public static ArchRule domainDependsOnlyOnPortsAndPureLibraries(String basePackage) {
    String domain = layer(basePackage, DOMAIN);
    return located(
        classes()
            .that()
            .resideInAPackage(domain)
            .and(Predicates.HAND_WRITTEN)
            .should()
            .onlyDependOnClassesThat()
            .resideInAnyPackage(
                domain,
                layer(basePackage, PORTS),
                "java..",
                "com.google.common..",
                "com.google.gson..",
                "javax.inject..",
                "org.jspecify.annotations..",
                "com.google.errorprone.annotations..")
            .because(
                "the domain is pure logic tested without a device, so it may use the ports, the JDK,"
                    + " Guava, Gson and javax.inject, and never an adapter, the wiring or JNA")
            .allowEmptyShould(true));
  }

  /** An adapter implements ports; it never reaches into the domain or the wiring. */
  public static ArchRule adaptersDependOnPortsNotOnDomainOrApp(String basePackage) {
    return located(
        noClasses()
            .that()
            .resideInAPackage(layer(basePackage, ADAPTER))
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(layer(basePackage, DOMAIN), layer(basePackage, APP))
            .because(
                "an adapter that used the domain would share its mistakes instead of exposing them,"
                    + " and the simulator must stay an independent model of CANN")
            .allowEmptyShould(true));
  }

  /** Each direct subpackage of {@code adapter} is one adapter, independent of the others. */
  public static ArchRule adaptersDoNotDependOnEachOther(String basePackage) {
    String adapters = layer(basePackage, ADAPTER);
    return located(
        slices()
            .matching(adapters.substring(0, adapters.length() - 2) + ".(*)..")
            .namingSlices("adapter $1")
            .should()
            .notDependOnEachOther()
            .because(
                "adapters are alternatives chosen by the wiring, so one must never need another to"
                    + " be on the classpath")
            .allowEmptyShould(true));
  }

  /** {@code app} is the outermost ring: it uses everything and nothing uses it. */
  public static ArchRule nothingDependsOnApp(String basePackage) {
    String app = layer(basePackage, APP);
    return located(
        noClasses()
            .that()
            .resideOutsideOfPackage(app)
            .should()
            .dependOnClassesThat()
            .resideInAPackage(app)
            .because(
                "app only wires the other layers together, and a dependency on it from inside would"
                    + " turn the wiring into a cycle")
            .allowEmptyShould(true));
  }

  /** Wiring creates adapters; it does not become one. */
  public static ArchRule appImplementsNoOutboundPort(String basePackage) {
    return located(
        noClasses()
            .that()
            .resideInAPackage(layer(basePackage, APP))
            .should()
            .implement(Predicates.interfaceIn(layer(basePackage, PORTS + ".out")))
            .because(
                "app only wires, and an outbound port implemented there would be an adapter hidden"
                    + " where the adapter rules do not look")
            .allowEmptyShould(true));
  }
}
