package io.github.aicpulaunch.architecture.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * An adapter: implements ports over one technology. Depends on ports, never on the domain, the
 * wiring or another adapter; the only place JNA may be used.
 *
 * <p>On a type, marks it and its nested types; on a package (in {@code package-info.java}), marks
 * every type of that package (not its subpackages). Class retention: the rules read it from the
 * bytecode, nothing needs it at run time.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.TYPE, ElementType.PACKAGE})
public @interface Adapter {
  /**
   * The adapter this type belongs to, e.g. {@code "sim"}; types of adapters with different names
   * must not depend on each other.
   */
  String value();
}
