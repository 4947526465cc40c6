package io.github.aicpulaunch.ports.out;

/**
 * One backend's implementation of every out-port, handed around as a unit. The two adapters
 * (simulator and CANN) each provide one.
 */
public record CannPorts(
    RuntimeInfoPort runtime,
    DeviceControlPort devices,
    DeviceMemoryPort memory,
    StreamPort streams,
    AicpuKernelLaunchPort aicpuLaunch,
    BinaryRegistrationPort binaries,
    CpuKernelLaunchPort cpuKernels) {}
