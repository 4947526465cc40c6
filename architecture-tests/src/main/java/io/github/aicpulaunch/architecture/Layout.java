package io.github.aicpulaunch.architecture;

import java.util.regex.Pattern;

/**
 * Package names of the hexagon as this project lays it out, so one rule works on this project and
 * on an extension that follows the same names under its own base package.
 *
 * <p>A base package of {@link #ANY_BASE_PACKAGE} matches the layer's name wherever it sits ({@code
 * ..domain..}); a concrete base package anchors it ({@code com.acme.npu.domain..}).
 */
public final class Layout {
  /** Match a layer's name at any depth: {@code ..ports..}, {@code ..domain..}, ... */
  public static final String ANY_BASE_PACKAGE = "";

  /** This project's base package. */
  public static final String AICPU_LAUNCH = "io.github.aicpulaunch";

  /** The ports: the API users call and the role interfaces over CANN. */
  public static final String PORTS = "ports";

  /** The pure logic. */
  public static final String DOMAIN = "domain";

  /** Every adapter; each direct subpackage ({@code adapter.sim}, {@code adapter.cann}) is one. */
  public static final String ADAPTER = "adapter";

  /** Wiring: Dagger components and modules, the facade, the CLI. */
  public static final String APP = "app";

  /** The command-line interface, the only code that may use the standard streams. */
  public static final String CLI = "app.cli";

  /** JNA, the only way this project touches native code from Java. */
  public static final String JNA = "com.sun.jna..";

  private static final Pattern PACKAGE =
      Pattern.compile(
          "[\\p{javaJavaIdentifierStart}][\\p{javaJavaIdentifierPart}]*(\\.[\\p{javaJavaIdentifierStart}][\\p{javaJavaIdentifierPart}]*)*");

  private Layout() {}

  /**
   * The ArchUnit package pattern of {@code layer} (a name such as {@link #DOMAIN}) under {@code
   * basePackage}, including its subpackages.
   *
   * @throws IllegalArgumentException if {@code basePackage} is neither empty nor a package name
   */
  public static String layer(String basePackage, String layer) {
    if (basePackage.isEmpty()) {
      return ".." + layer + "..";
    }
    if (!PACKAGE.matcher(basePackage).matches()) {
      throw new IllegalArgumentException(
          "base package must be a Java package name such as com.acme.npu (no wildcards, no"
              + " trailing dot), or Layout.ANY_BASE_PACKAGE; was '"
              + basePackage
              + "'");
    }
    return basePackage + "." + layer + "..";
  }
}
