/**
 * The names CANN sees: the preinstall SO basename, opTypes, and private paths for JSON descriptors.
 * Every name is checked against CANN's own rules before it is used, so a bad name fails here with
 * the rule instead of later on the device.
 */
@NullMarked
package io.github.aicpulaunch.domain.naming;

import org.jspecify.annotations.NullMarked;
