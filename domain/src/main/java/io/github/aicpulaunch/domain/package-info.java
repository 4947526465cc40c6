/**
 * The domain of aicpu-launch: pure logic that depends only on the ports, with no I/O to a device of
 * its own. Its packages: {@code abi} (the byte layouts that cross the host/device boundary), {@code
 * elf} and {@code fingerprint} (reading runtime SOs and fingerprinting them exactly as the device
 * does), {@code naming} and {@code descriptor} (preinstall names and the rts JSON descriptor),
 * {@code bootstrap} (validation before upload and the process-wide bootstrap registry), {@code spi}
 * and {@code strategy} (the deployment and launch-strategy extension points and the built-in ones),
 * {@code session} (the policy that picks a strategy and the session state machine) and {@code
 * inspect} (reports on a runtime SO without a device). This package itself holds no types.
 */
@NullMarked
package io.github.aicpulaunch.domain;

import org.jspecify.annotations.NullMarked;
