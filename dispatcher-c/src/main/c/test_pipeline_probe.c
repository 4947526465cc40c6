#include <stdint.h>
#include <stdio.h>

uint32_t aicpu_pipeline_probe(uint32_t x);

int main(void) {
  if (aicpu_pipeline_probe(41u) != 42u) {
    fprintf(stderr, "probe returned the wrong value\n");
    return 1;
  }
  return 0;
}
