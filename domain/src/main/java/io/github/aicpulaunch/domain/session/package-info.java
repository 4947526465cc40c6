/**
 * Sessions: the policy that picks a deployment and a launch strategy, the use case that opens a
 * session (validate, attach, deploy once per process, prepare, initialise) and the session state
 * machine (open → bootstrapped → registered → closed, or abandoned after a device failure).
 */
@NullMarked
package io.github.aicpulaunch.domain.session;

import org.jspecify.annotations.NullMarked;
