/*
 * Control protocol between the host half (Java, adapter-sim) and the AICPU OS process.
 * Frames on the child's stdin (requests) and on a private copy of its stdout (events):
 * u32 payload length, then the payload; integers little-endian. A string is an i32 length
 * (-1 for a null string) followed by that many bytes; a blob is a u32 length and the bytes.
 * The Java side (AicpuOsProcess) mirrors these numbers.
 */
#ifndef AICPU_SIM_WIRE_H
#define AICPU_SIM_WIRE_H

/* Requests. */
#define WIRE_OP_LAUNCH 1   /* u64 task, u32 die, u32 kernelType, u32 numBlocks, str so, str kernel, blob args */
#define WIRE_OP_FAULTS 2   /* u32 flags, u32 slowFirstLaunchMs */
#define WIRE_OP_RESET_DIE 3 /* u32 die: forget the die's latches and SO caches */
#define WIRE_OP_SHUTDOWN 4

/* Events. */
#define WIRE_EV_READY 1 /* u64 memory base, u64 memory size, u32 the event descriptor's number */
#define WIRE_EV_DONE 2  /* u64 task, i32 rc (0 or the device errorCode), str message */
#define WIRE_EV_LOG 3   /* i32 device, i32 moduleId, i32 level, str text */
#define WIRE_EV_LATCH 4 /* u32 die, str path of the SO the KFC library latched */
/* Written by the host itself, never by this process: the host opens the event pipe's write end
 * through /proc/<pid>/fd/<event descriptor> (from WIRE_EV_READY) and writes this empty event to
 * wake the thread it has blocked reading the pipe (AicpuOsProcess's reading token). */
#define WIRE_EV_WAKE 5

/* Device errorCode of a failed AICPU task (CANN's retCode 0x2a, seen by the host as 507018). */
#define WIRE_DEVICE_ERROR 0x2a

#endif
