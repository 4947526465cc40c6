package io.github.aicpulaunch.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.junit.ArchTests;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The whole rule library applied to the main classes of every module of this project. The classes
 * are imported once for this test class.
 */
@AnalyzeClasses(
    packages = Layout.AICPU_LAUNCH,
    importOptions = ImportOption.DoNotIncludeTests.class)
class ProjectArchitectureTest {

  @ArchTest static final ArchTests HEXAGON = ArchTests.in(HexagonRules.class);

  @ArchTest static final ArchTests NATIVE = ArchTests.in(NativeRules.class);

  @ArchTest static final ArchTests EXTENSION_POINTS = ArchTests.in(ExtensionPointRules.class);

  @ArchTest static final ArchTests HYGIENE = ArchTests.in(HygieneRules.class);

  /**
   * The same layer rules anchored to this project's base package, so a layer that another module
   * happens to name alike cannot hide a violation here.
   */
  @ArchTest
  static void layersAnchoredToTheBasePackage(JavaClasses classes) {
    String base = Layout.AICPU_LAUNCH;
    HexagonRules.portsDependOnlyOnTheJdk(base).check(classes);
    HexagonRules.portsDoNoIo(base).check(classes);
    HexagonRules.domainDependsOnlyOnPortsAndPureLibraries(base).check(classes);
    HexagonRules.adaptersDependOnPortsNotOnDomainOrApp(base).check(classes);
    HexagonRules.adaptersDoNotDependOnEachOther(base).check(classes);
    HexagonRules.nothingDependsOnApp(base).check(classes);
    HexagonRules.appImplementsNoOutboundPort(base).check(classes);
    NativeRules.jnaOnlyInsideAdapters(base).check(classes);
  }

  /**
   * Built-in strategies and deployments live in the domain and are contributed by app's Dagger
   * modules. app's wiring lands after the strategies, so this holds from the moment app declares
   * its first {@code @Module}: from then on a built-in that app forgets can never be selected.
   */
  @ArchTest
  static void builtInsAreContributedOnceAppWires(JavaClasses classes) {
    boolean appWires =
        classes.stream()
            .anyMatch(
                c ->
                    c.getPackageName().startsWith(Layout.AICPU_LAUNCH + ".app")
                        && c.isAnnotatedWith(ExtensionPointRules.DAGGER_MODULE));
    if (appWires) {
      ExtensionPointRules.builtInsAreContributedByADaggerModule(
              ExtensionPointRules.LAUNCH_STRATEGY, ExtensionPointRules.DEPLOYMENT)
          .check(classes);
    }
  }

  /**
   * Guards against a silent pass of the rules on strategies, deployments and launchers: they must
   * see every built-in, each of which implements the SPI.
   */
  @ArchTest
  static void strategyRulesSeeTheBuiltIns(JavaClasses classes) {
    Set<String> selected =
        classes.stream()
            .filter(
                ExtensionPointRules.strategiesAndLaunchers(
                    ExtensionPointRules.LAUNCH_STRATEGY,
                    ExtensionPointRules.DEPLOYMENT,
                    ExtensionPointRules.TASK_LAUNCHER))
            .map(JavaClass::getSimpleName)
            .collect(Collectors.toSet());
    assertThat(selected)
        .contains(
            "RtsJsonLaunch",
            "RtsJsonLauncher",
            "DirectAicpuLaunch",
            "DispatchThroughLaunch",
            "DispatchThroughLauncher",
            "CustomKernelLaunch",
            "DispatcherUploadDeployment",
            "PreinstalledDeployment",
            "LegacyKfcDeployment");
  }

  /**
   * Guards against a silent pass: a rule over a module whose classes were not imported (a missing
   * test dependency, a wrong import option) would have nothing to check.
   */
  @ArchTest
  static void importsEveryModuleAndNoTestClass(JavaClasses classes) {
    Set<String> packages =
        classes.stream().map(JavaClass::getPackageName).collect(Collectors.toSet());
    assertThat(packages)
        .contains(
            "io.github.aicpulaunch.ports",
            "io.github.aicpulaunch.ports.in",
            "io.github.aicpulaunch.ports.out",
            "io.github.aicpulaunch.domain",
            "io.github.aicpulaunch.domain.spi",
            "io.github.aicpulaunch.domain.strategy",
            "io.github.aicpulaunch.adapter.sim",
            "io.github.aicpulaunch.adapter.cann",
            "io.github.aicpulaunch.app",
            "io.github.aicpulaunch.app.cli",
            "io.github.aicpulaunch.architecture");
    assertThat(packages).noneMatch(name -> name.contains(".fixtures"));
    assertThat(classes.stream().map(JavaClass::getSimpleName))
        .doesNotContain(ProjectArchitectureTest.class.getSimpleName());
  }
}
