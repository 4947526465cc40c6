/**
 * The 64-bit fingerprint of a runtime SO (PROTOCOL §5), which names its preinstall file and its
 * opTypes. The dispatcher computes the same function on the device from the same bytes; the shared
 * vectors in {@code testdata/fingerprint/} keep the two in step.
 */
@NullMarked
package io.github.aicpulaunch.domain.fingerprint;

import org.jspecify.annotations.NullMarked;
