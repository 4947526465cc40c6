/** Placeholder until this module's issue lands. */
@NullMarked
package io.github.aicpulaunch.domain;

import org.jspecify.annotations.NullMarked;
