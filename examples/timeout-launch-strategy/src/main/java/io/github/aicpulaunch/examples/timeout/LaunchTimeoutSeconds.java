package io.github.aicpulaunch.examples.timeout;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import javax.inject.Qualifier;

/** The launch timeout in seconds the component was created with. */
@Qualifier
@Documented
@Retention(RetentionPolicy.RUNTIME)
public @interface LaunchTimeoutSeconds {}
