/**
 * Process-wide bootstrap bookkeeping: which runtime SOs are deployed on which physical device,
 * which SO each device's KFC library has latched, and the validation a runtime SO passes before it
 * may reach a device.
 */
@NullMarked
package io.github.aicpulaunch.domain.bootstrap;

import org.jspecify.annotations.NullMarked;
