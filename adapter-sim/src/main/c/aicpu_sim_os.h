/* State shared by the AICPU OS executable's translation units. */
#ifndef AICPU_SIM_OS_H
#define AICPU_SIM_OS_H

#include <stdint.h>

/* Fault switches, set by the host half (wire op FAULTS). Bit values are part of the wire format. */
#define AICPU_SIM_FAULT_DISK_FULL 1u
#define AICPU_SIM_FAULT_PERMISSION_DENIED 2u
#define AICPU_SIM_FAULT_TORN_WRITE 4u
#define AICPU_SIM_FAULT_CRASH 8u
#define AICPU_SIM_FAULT_WEDGED 16u

extern uint32_t g_sim_faults;
/* realpath of the chip's preinstall directory; faults only hit files below it. */
extern char g_sim_preinstall_real[4096];

/* Whether path (a file name, maybe not existing yet) lies in the preinstall directory. */
int aicpu_sim_in_preinstall(const char *path);
/* Same for an open descriptor (through /proc/self/fd). */
int aicpu_sim_fd_in_preinstall(int fd);

#endif
