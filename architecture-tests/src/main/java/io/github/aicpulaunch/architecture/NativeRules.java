package io.github.aicpulaunch.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static io.github.aicpulaunch.architecture.Layout.ADAPTER;
import static io.github.aicpulaunch.architecture.Layout.ANY_BASE_PACKAGE;
import static io.github.aicpulaunch.architecture.Layout.JNA;
import static io.github.aicpulaunch.architecture.Layout.layer;
import static io.github.aicpulaunch.architecture.Locations.located;

import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * Native code stays behind the adapters: JNA types appear only inside an adapter, and the raw
 * bindings (exact C names, unchecked return codes) are package-private so only the adapter's
 * translating layer calls them.
 */
public final class NativeRules {

  @ArchTest
  public static final ArchRule JNA_ONLY_INSIDE_ADAPTERS = jnaOnlyInsideAdapters(ANY_BASE_PACKAGE);

  /**
   * Raw bindings are recognised by what they are, not where they live, so this rule holds in any
   * package; it passes where there is no binding yet.
   */
  @ArchTest
  public static final ArchRule RAW_BINDINGS_ARE_PACKAGE_PRIVATE =
      located(
          classes()
              .that(Predicates.RAW_NATIVE_BINDINGS)
              .should()
              .notBePublic()
              .andShould()
              .notBeProtected()
              .because(
                  "a raw binding returns CANN's codes unchecked and takes JNA types, so only the"
                      + " adapter code next to it may call it and translate every code into a typed"
                      + " exception")
              .allowEmptyShould(true));

  private NativeRules() {}

  /** JNA types ({@code Pointer}, {@code Structure}, {@code NativeLong}...) only in adapters. */
  public static ArchRule jnaOnlyInsideAdapters(String basePackage) {
    return located(
        noClasses()
            .that()
            .resideOutsideOfPackage(layer(basePackage, ADAPTER))
            .should()
            .dependOnClassesThat()
            .resideInAPackage(JNA)
            .because(
                "JNA types outside an adapter would tie the ports, the domain or an extension to"
                    + " one native binding and make them untestable on a machine without CANN")
            .allowEmptyShould(true));
  }
}
