/** The JSON descriptor CANN's {@code rtsBinaryLoadFromFile} reads in Mode B (PROTOCOL §4). */
@NullMarked
package io.github.aicpulaunch.domain.descriptor;

import org.jspecify.annotations.NullMarked;
