package io.github.aicpulaunch.examples.timeout;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.junit.ArchTests;
import io.github.aicpulaunch.architecture.ExtensionPointRules;
import io.github.aicpulaunch.architecture.HygieneRules;
import io.github.aicpulaunch.architecture.NativeRules;

/** aicpu-launch's rules applied to this module, the way an extension team applies them. */
@AnalyzeClasses(
    packages = "io.github.aicpulaunch.examples.timeout",
    importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
  @ArchTest static final ArchTests EXTENSION_POINTS = ArchTests.in(ExtensionPointRules.class);

  @ArchTest static final ArchTests HYGIENE = ArchTests.in(HygieneRules.class);

  @ArchTest static final ArchTests NATIVE = ArchTests.in(NativeRules.class);

  /** The rules above allow empty selections, so make sure the strategy and its module were seen. */
  @ArchTest
  static void importsTheStrategyAndItsWiring(JavaClasses classes) {
    assertThat(classes.contain(TimeoutLaunchStrategy.class)).isTrue();
    assertThat(classes.contain(TimeoutStrategyModule.class)).isTrue();
    assertThat(classes.contain(TimeoutLaunchStrategyTest.class)).isFalse();
  }
}
