/*
 * Writes the test data of @NAME@ into the directory given: x.bin and y.bin (the inputs) and
 * expected.bin (the golden output), little-endian float32. The expected values come from integer
 * arithmetic (out[i] = 2.5 * i + 1 = (5i + 2) / 2, exact in float32), never from the kernel, so a
 * wrong kernel cannot agree with them.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#define N 1024

static int write_floats(const char *dir, const char *name, const float *v) {
  char path[4096];
  if (snprintf(path, sizeof path, "%s/%s", dir, name) >= (int)sizeof path) {
    fprintf(stderr, "make_data: path too long\n");
    return 1;
  }
  FILE *f = fopen(path, "wb");
  if (f == NULL) {
    fprintf(stderr, "make_data: %s: %s\n", path, strerror(errno));
    return 1;
  }
  for (int i = 0; i < N; i++) {
    uint32_t bits;
    memcpy(&bits, &v[i], sizeof bits);
    const unsigned char le[4] = {(unsigned char)bits, (unsigned char)(bits >> 8),
                                 (unsigned char)(bits >> 16), (unsigned char)(bits >> 24)};
    if (fwrite(le, 1, sizeof le, f) != sizeof le) {
      fprintf(stderr, "make_data: %s: write failed\n", path);
      fclose(f);
      return 1;
    }
  }
  return fclose(f) == 0 ? 0 : 1;
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: %s DIR\n", argv[0]);
    return 64;
  }
  if (mkdir(argv[1], 0755) != 0 && errno != EEXIST) {
    fprintf(stderr, "make_data: %s: %s\n", argv[1], strerror(errno));
    return 1;
  }
  static float x[N], y[N], expected[N];
  for (int i = 0; i < N; i++) {
    x[i] = (float)i;
    y[i] = 1.0f;
    expected[i] = (float)(5 * i + 2) / 2.0f;
  }
  return write_floats(argv[1], "x.bin", x) | write_floats(argv[1], "y.bin", y) |
         write_floats(argv[1], "expected.bin", expected);
}
