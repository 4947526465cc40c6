/* Prints the fingerprint (PROTOCOL §5) of a file as %016x; used by check_build_id.cmake. */
#include "check.h"
#include "fingerprint.h"
#include "test_util.h"

int main(int argc, char **argv) {
  REQUIRE(argc == 2);
  size_t len;
  unsigned char *bytes = test_read_file(argv[1], &len);
  printf("%016" PRIx64 "\n", aicpu_fingerprint(bytes, len));
  free(bytes);
  return 0;
}
