/* Proves the Maven -> CMake -> ctest pipeline; replaced by the dispatcher in its own issue. */
#include <stdint.h>

__attribute__((visibility("default"))) uint32_t aicpu_pipeline_probe(uint32_t x) { return x + 1u; }
