/* RTLD_GLOBAL fixture, the child: uses a function only its parent SO defines (sim_global_parent.c). */
#include <stdint.h>

#define EXPORT __attribute__((visibility("default")))

extern uint32_t sim_global_parent_value(void);

EXPORT uint32_t sim_global_child_value(void) { return sim_global_parent_value() + 1u; }
