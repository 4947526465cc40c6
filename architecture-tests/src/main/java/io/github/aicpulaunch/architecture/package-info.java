/**
 * aicpu-launch's architecture as reusable ArchUnit rules.
 *
 * <p>Each rule is a {@code public static final ArchRule} field annotated {@code @ArchTest}, grouped
 * by theme: {@link HexagonRules} (the dependency rule), {@link NativeRules} (JNA stays in
 * adapters), {@link ExtensionPointRules} (strategies and deployments), {@link HygieneRules}
 * (streams, logging, exceptions). A module applies a whole theme to its own classes with two lines:
 *
 * <pre>{@code
 * @AnalyzeClasses(packages = "com.acme.npu", importOptions = ImportOption.DoNotIncludeTests.class)
 * class ArchitectureTest {
 *   @ArchTest static final ArchTests hygiene = ArchTests.in(HygieneRules.class);
 * }
 * }</pre>
 *
 * <p>Where a rule depends on package names, a factory method takes the base package; the field
 * matches the layer's name at any depth. Every rule states its reason with {@code because(..)}, so
 * a failure explains itself.
 */
@NullMarked
package io.github.aicpulaunch.architecture;

import org.jspecify.annotations.NullMarked;
