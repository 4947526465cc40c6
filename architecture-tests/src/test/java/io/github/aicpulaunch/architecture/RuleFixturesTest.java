package io.github.aicpulaunch.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each rule fails on a fixture that breaks it, with a report that names the offending class, the
 * reason and the source lines the fixture marks, and holds on the fixtures that follow the
 * architecture. Each bad fixture breaks exactly one rule, so a rule that fires too widely fails
 * here too.
 *
 * <p>The extension-point fixtures implement the project's real SPI, so the rule fields are what is
 * tested; only the SPI rule goes through its factory, because its fixture cannot live in the real
 * {@code domain.spi} package.
 */
class RuleFixturesTest {
  private static final String FIXTURES = "io.github.aicpulaunch.architecture.fixtures";
  private static final Map<String, JavaClasses> IMPORTED = new HashMap<>();

  /** A source location with a real line, as ArchUnit writes it: {@code (File.java:12)}. */
  private static final Pattern LOCATED = Pattern.compile("\\([^()\\s:]+\\.java:[1-9][0-9]*\\)");

  /**
   * Rule name, bad fixture package and offending class, one per fixture; a rule may have several.
   */
  private static final List<String[]> CASES = new ArrayList<>();

  static {
    packageCase("PORTS_DEPEND_ONLY_ON_THE_JDK", "bad.portsjdk", "ports.GuavaReadings");
    packageCase("PORTS_DO_NO_IO", "bad.portsio", "ports.StreamingPort");
    packageCase(
        "DOMAIN_DEPENDS_ONLY_ON_PORTS_AND_PURE_LIBRARIES", "bad.domainimpure", "domain.Planner");
    packageCase(
        "ADAPTERS_DEPEND_ON_PORTS_NOT_ON_DOMAIN_OR_APP",
        "bad.adapterdomain",
        "adapter.sim.SimPlanner");
    packageCase(
        "ADAPTERS_DO_NOT_DEPEND_ON_EACH_OTHER", "bad.adapterseachother", "adapter.sim.SimDevice");
    packageCase("NOTHING_DEPENDS_ON_APP", "bad.dependsonapp", "util.Helper");
    packageCase("APP_IMPLEMENTS_NO_OUTBOUND_PORT", "bad.appport", "app.HiddenClockAdapter");
    packageCase("JNA_ONLY_INSIDE_ADAPTERS", "bad.jnaoutside", "util.PointerUser");
    packageCase(
        "RAW_BINDINGS_ARE_PACKAGE_PRIVATE", "bad.publicbinding", "adapter.cann.LibThermoPublic");
    packageCase("NO_STANDARD_STREAMS_OUTSIDE_CLI", "bad.streams", "util.Printer");
    packageCase("NO_JAVA_UTIL_LOGGING", "bad.jul", "util.JulUser");
    packageCase("NO_GENERIC_EXCEPTIONS", "bad.genericexception", "util.Thrower");
    packageCase(
        "STRATEGIES_IMPLEMENT_THE_STRATEGY_INTERFACE",
        "extension.bad.unimplemented",
        "OrphanStrategy");
    packageCase(
        "DEPLOYMENTS_IMPLEMENT_THE_DEPLOYMENT_INTERFACE",
        "extension.bad.deploymentnamed",
        "OrphanDeployment");
    packageCase(
        "EXTENSIONS_ARE_CONTRIBUTED_BY_A_DAGGER_MODULE",
        "extension.bad.uncontributed",
        "UnwiredStrategy");
    // The builder route closes no hole: a builder call of the other kind installs nothing.
    packageCase(
        "EXTENSIONS_ARE_CONTRIBUTED_BY_A_DAGGER_MODULE",
        "extension.bad.notadded",
        "NotAddedStrategy");
    packageCase(
        "EXTENSIONS_DEPEND_ONLY_ON_PORTS_AND_THE_SPI", "extension.bad.internals", "LeakyStrategy");
    // The holes of a rule that looked only at the strategy: its helper, its nested launcher, an
    // anonymous strategy inside a module, a class reached only through a helper.
    packageCase(
        "EXTENSIONS_DEPEND_ONLY_ON_PORTS_AND_THE_SPI", "extension.bad.helper", "LaunchNames");
    packageCase(
        "EXTENSIONS_DEPEND_ONLY_ON_PORTS_AND_THE_SPI",
        "extension.bad.nestedlauncher",
        "NestedLauncherStrategy$Launcher");
    packageCase(
        "EXTENSIONS_DEPEND_ONLY_ON_PORTS_AND_THE_SPI",
        "extension.bad.anonymous",
        "AnonymousStrategyModule$1");
    packageCase(
        "EXTENSIONS_DEPEND_ONLY_ON_PORTS_AND_THE_SPI",
        "extension.bad.reached",
        "support.EntryTable");
    packageCase(
        "SPI_DEPENDS_ONLY_ON_PORTS_AND_THE_JDK", "extension.bad.spileak", "spi.LeakySpiValue");
    packageCase(
        "STRATEGIES_AND_LAUNCHERS_HOLD_NO_MUTABLE_STATIC_STATE",
        "extension.bad.staticstate",
        "SharedStateStrategy");
    packageCase(
        "REFUSALS_AND_INIT_SCOPES_CALL_NO_PORT", "extension.bad.portcall", "ProbingStrategy");
  }

  private static void packageCase(String rule, String fixture, String offender) {
    CASES.add(new String[] {rule, fixture, offender});
  }

  /**
   * The package-layout and extension-point rules by field name; the SPI rule is built for the SPI
   * package of the fixture under test.
   */
  private static Map<String, ArchRule> packageRules(String fixture) {
    Map<String, ArchRule> rules = new LinkedHashMap<>();
    rules.putAll(fields(HexagonRules.class));
    rules.putAll(fields(NativeRules.class));
    rules.putAll(fields(HygieneRules.class));
    rules.putAll(fields(ExtensionPointRules.class));
    rules.put(
        "SPI_DEPENDS_ONLY_ON_PORTS_AND_THE_JDK",
        ExtensionPointRules.spiDependsOnlyOnPortsAndTheJdk(FIXTURES + "." + fixture + ".spi"));
    return rules;
  }

  static Stream<Arguments> badFixtures() {
    List<Arguments> cases = new ArrayList<>();
    CASES.forEach(c -> cases.add(Arguments.of(c[0], c[1], c[2], packageRules(c[1]))));
    return cases.stream();
  }

  @ParameterizedTest(name = "{0} fails on fixtures.{1}")
  @MethodSource("badFixtures")
  void eachRuleFailsOnItsFixtureWithAReadableReport(
      String name, String fixture, String offender, Map<String, ArchRule> rules) {
    ArchRule rule = rules.get(name);
    EvaluationResult result = rule.evaluate(fixture(fixture));

    assertThat(result.hasViolation()).as(rule.getDescription()).isTrue();
    String report = result.getFailureReport().toString();
    assertThat(report)
        .contains(FIXTURES + "." + fixture + "." + offender)
        .contains(" because ")
        .contains(reason(rule));
  }

  /**
   * Every violation names a line of source: the lines the fixture marks {@code // reported here}
   * all appear in the report, and no violation is left at line 0. The exception proves the rule: an
   * interface with only abstract methods (no mark) has no line in its class file, and the report
   * says line 0 rather than a line that is not there.
   */
  @ParameterizedTest(name = "{0} names the line in fixtures.{1}")
  @MethodSource("badFixtures")
  void eachViolationNamesItsLine(
      String name, String fixture, String offender, Map<String, ArchRule> rules)
      throws IOException {
    JavaClasses classes = fixture(fixture);
    EvaluationResult result = rules.get(name).evaluate(classes);
    List<String> violations =
        result.getFailureReport().getDetails().stream()
            .filter(line -> !line.endsWith(":")) // a slice rule's heading
            .toList();
    List<String> marked = markedLocations(fixture, offender);

    assertThat(violations).isNotEmpty();
    if (marked.isEmpty()) {
      JavaClass codeless = classes.get(FIXTURES + "." + fixture + "." + offender);
      assertThat(codeless.isInterface()).isTrue();
      assertThat(codeless.getCodeUnits())
          .allSatisfy(
              method -> assertThat(method.getSourceCodeLocation().getLineNumber()).isZero());
      assertThat(violations).allSatisfy(line -> assertThat(line).endsWith(".java:0)"));
    } else {
      assertThat(String.join("\n", violations)).contains(marked);
      assertThat(violations).allSatisfy(line -> assertThat(line).containsPattern(LOCATED));
    }
  }

  @ParameterizedTest(name = "only {0} fails on fixtures.{1}")
  @MethodSource("badFixtures")
  void eachBadFixtureBreaksOnlyItsRule(
      String name, String fixture, String offender, Map<String, ArchRule> rules) {
    JavaClasses classes = fixture(fixture);
    Set<String> failing =
        rules.entrySet().stream()
            .filter(rule -> rule.getValue().evaluate(classes).hasViolation())
            .map(Map.Entry::getKey)
            .collect(Collectors.toSet());
    assertThat(failing).containsExactly(name);
  }

  @Test
  void everyPackageRuleHoldsOnTheGoodFixtures() {
    JavaClasses good = fixture("good");
    packageRules("good").forEach((name, rule) -> rule.check(good));
    JavaClasses goodExtension = fixture("extension.good");
    packageRules("extension.good").forEach((name, rule) -> rule.check(goodExtension));
  }

  @Test
  void everyRuleFieldHasABadFixture() {
    Set<String> covered = CASES.stream().map(c -> c[0]).collect(Collectors.toSet());
    for (Class<?> rules : List.of(HexagonRules.class, NativeRules.class, HygieneRules.class)) {
      assertThat(covered).as(rules.getSimpleName()).containsAll(fields(rules).keySet());
    }
    assertThat(covered).containsAll(fields(ExtensionPointRules.class).keySet());
  }

  @Test
  void builtInsInTheDomainAreLeftToTheBuiltInRule() {
    JavaClasses domain = new ClassFileImporter().importPackages("io.github.aicpulaunch.domain");
    String unwired = "io.github.aicpulaunch.domain.fixtureonly.UnwiredBuiltInLaunch";

    EvaluationResult builtIns =
        ExtensionPointRules.builtInsAreContributedByADaggerModule(
                ExtensionPointRules.LAUNCH_STRATEGY)
            .evaluate(domain);
    assertThat(builtIns.hasViolation()).isTrue();
    assertThat(builtIns.getFailureReport().toString()).contains(unwired + " is not contributed");
    assertThat(
            ExtensionPointRules.EXTENSIONS_ARE_CONTRIBUTED_BY_A_DAGGER_MODULE
                .evaluate(domain)
                .hasViolation())
        .isFalse();
    assertThat(
            ExtensionPointRules.EXTENSIONS_DEPEND_ONLY_ON_PORTS_AND_THE_SPI
                .evaluate(domain)
                .hasViolation())
        .isFalse();
  }

  @Test
  void factoriesRejectAMalformedBasePackage() {
    org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
        .isThrownBy(() -> HexagonRules.nothingDependsOnApp("com.acme."))
        .withMessageContaining("base package")
        .withMessageContaining("com.acme.");
  }

  /** The lines of the offender's source file that end with {@code // reported here}. */
  private static List<String> markedLocations(String fixture, String offender) throws IOException {
    String topLevel = offender.replaceAll("\\$.*", "");
    Path source =
        Path.of(
            "src/test/java",
            (FIXTURES + "." + fixture + "." + topLevel).replace('.', '/') + ".java");
    List<String> lines = Files.readAllLines(source);
    List<String> marked = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).endsWith("// reported here")) {
        marked.add("(" + source.getFileName() + ":" + (i + 1) + ")");
      }
    }
    return marked;
  }

  private static String reason(ArchRule rule) {
    String description = rule.getDescription();
    return description.substring(description.indexOf(" because ") + " because ".length());
  }

  private static JavaClasses fixture(String subpackage) {
    return IMPORTED.computeIfAbsent(
        subpackage, p -> new ClassFileImporter().importPackages(FIXTURES + "." + p));
  }

  /** The public static final {@code @ArchTest} rule fields of a rule class, by name. */
  private static Map<String, ArchRule> fields(Class<?> ruleClass) {
    Map<String, ArchRule> rules = new LinkedHashMap<>();
    for (Field field : ruleClass.getFields()) {
      if (Modifier.isStatic(field.getModifiers())
          && field.getType() == ArchRule.class
          && field.isAnnotationPresent(ArchTest.class)) {
        try {
          rules.put(field.getName(), (ArchRule) field.get(null));
        } catch (IllegalAccessException e) {
          throw new AssertionError(e);
        }
      }
    }
    return rules;
  }
}
