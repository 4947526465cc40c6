package io.github.aicpulaunch.architecture.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The command-line interface: the only code that may use the standard streams.
 *
 * <p>On a type, marks it and its nested types; on a package (in {@code package-info.java}), marks
 * every type of that package (not its subpackages). Class retention: the rules read it from the
 * bytecode, nothing needs it at run time.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.TYPE, ElementType.PACKAGE})
public @interface Cli {}
