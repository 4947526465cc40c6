/*
 * The fingerprint rule (PROTOCOL §5, FAILURE-MODES F5): the vectors PROTOCOL states, the fallback
 * cases of the rule, and testdata/fingerprint/vectors.json (shared with the Java domain) when
 * present. The ELF images are built byte by byte here, independently of fingerprint.h.
 */
#include <ctype.h>
#include <errno.h>

#include "check.h"
#include "fingerprint.h"
#include "test_util.h"

#define IMG 512

static void protocol_vectors(void) {
  CHECK_U64(aicpu_fnv1a64("", 0), 0xcbf29ce484222325ULL);
  CHECK_U64(aicpu_fnv1a64("a", 1), 0xaf63dc4c8601ec8cULL);
  CHECK_U64(aicpu_fnv1a64("not-an-elf-binary", 17), 0xf773038d557a42a4ULL);
  /* Non-ELF input: the fingerprint is the FNV-1a of the whole buffer. */
  CHECK_U64(aicpu_fingerprint("not-an-elf-binary", 17), 0xf773038d557a42a4ULL);
  CHECK_U64(aicpu_fingerprint(NULL, 0), 0xcbf29ce484222325ULL);

  unsigned char id[20];
  for (int i = 0; i < 20; ++i) id[i] = (unsigned char)(0x10 + i);
  unsigned char img[IMG];
  test_make_elf(img, sizeof img, 3, TEST_MACHINE, id, sizeof id, 0);
  CHECK_U64(aicpu_fingerprint(img, sizeof img), 0x1716151413121110ULL);

  id[0] = 0x11;
  test_make_elf(img, sizeof img, 3, TEST_MACHINE, id, sizeof id, 0);
  CHECK_U64(aicpu_fingerprint(img, sizeof img), 0x1716151413121111ULL);
}

static void fallbacks(void) {
  unsigned char id[8] = {1, 2, 3, 4, 5, 6, 7, 8};
  unsigned char img[IMG];

  test_make_elf(img, sizeof img, 3, TEST_MACHINE, NULL, 0, 0xab);
  CHECK_U64(aicpu_fingerprint(img, sizeof img), aicpu_fnv1a64(img, sizeof img)); /* no note */

  test_make_elf(img, sizeof img, 3, TEST_MACHINE, id, sizeof id, 0);
  CHECK_U64(aicpu_fingerprint(img, sizeof img), 0x0807060504030201ULL);
  test_put16(img + 56, 0); /* e_phnum = 0 (upstream UT case 4) */
  CHECK_U64(aicpu_fingerprint(img, sizeof img), aicpu_fnv1a64(img, sizeof img));

  test_make_elf(img, sizeof img, 3, TEST_MACHINE, id, sizeof id, 0);
  img[4] = 1; /* ELFCLASS32 */
  CHECK_U64(aicpu_fingerprint(img, sizeof img), aicpu_fnv1a64(img, sizeof img));

  test_make_elf(img, sizeof img, 3, TEST_MACHINE, id, sizeof id, 0);
  test_put64(img + 32, 0); /* e_phoff = 0 */
  CHECK_U64(aicpu_fingerprint(img, sizeof img), aicpu_fnv1a64(img, sizeof img));

  test_make_elf(img, sizeof img, 3, TEST_MACHINE, id, sizeof id, 0);
  test_put16(img + 54, 55); /* e_phentsize < 56 */
  CHECK_U64(aicpu_fingerprint(img, sizeof img), aicpu_fnv1a64(img, sizeof img));

  test_make_elf(img, sizeof img, 3, TEST_MACHINE, id, sizeof id, 0);
  test_put64(img + 32, IMG - 40); /* program headers run past the end */
  CHECK_U64(aicpu_fingerprint(img, sizeof img), aicpu_fnv1a64(img, sizeof img));

  test_make_elf(img, sizeof img, 3, TEST_MACHINE, id, sizeof id, 0);
  test_put32(img + 124, 7); /* descsz < 8 */
  CHECK_U64(aicpu_fingerprint(img, sizeof img), aicpu_fnv1a64(img, sizeof img));

  test_make_elf(img, sizeof img, 3, TEST_MACHINE, id, sizeof id, 0);
  img[134] = 'X'; /* name "GNX" */
  CHECK_U64(aicpu_fingerprint(img, sizeof img), aicpu_fnv1a64(img, sizeof img));

  test_make_elf(img, sizeof img, 3, TEST_MACHINE, id, sizeof id, 0);
  test_put64(img + 64 + 32, 20); /* segment ends inside the descriptor */
  CHECK_U64(aicpu_fingerprint(img, sizeof img), aicpu_fnv1a64(img, sizeof img));

  test_make_elf(img, sizeof img, 3, TEST_MACHINE, id, sizeof id, 0);
  test_put64(img + 64 + 8, UINT64_MAX - 4); /* p_offset + p_filesz overflows */
  CHECK_U64(aicpu_fingerprint(img, sizeof img), aicpu_fnv1a64(img, sizeof img));

  /* A truncated image (the first 100 bytes) falls back; it must not read past the buffer. */
  test_make_elf(img, sizeof img, 3, TEST_MACHINE, id, sizeof id, 0);
  CHECK_U64(aicpu_fingerprint(img, 100), aicpu_fnv1a64(img, 100));
  CHECK_U64(aicpu_fingerprint(img, 63), aicpu_fnv1a64(img, 63));

  /* A first note of another type is skipped; the Build-ID note after it wins. */
  test_make_elf(img, sizeof img, 3, TEST_MACHINE, NULL, 0, 0);
  test_put64(img + 64 + 8, 200);
  test_put64(img + 64 + 32, 16 + 24);
  test_put32(img + 200, 4);
  test_put32(img + 204, 0);
  test_put32(img + 208, 1); /* NT_GNU_ABI_TAG-like, empty descriptor */
  memcpy(img + 212, "GNU", 4);
  test_put32(img + 216, 4);
  test_put32(img + 220, 8);
  test_put32(img + 224, 3);
  memcpy(img + 228, "GNU", 4);
  memcpy(img + 232, id, 8);
  CHECK_U64(aicpu_fingerprint(img, sizeof img), 0x0807060504030201ULL);
}

/* ---- testdata/fingerprint/vectors.json: a minimal JSON reader, enough for flat vector objects */

#define MAX_MEMBERS 16
struct member {
  char key[64];
  char *value; /* decoded string value, or NULL for non-strings */
  size_t value_len;
};

static const char *g_json;
static size_t g_pos;
static int g_vectors_checked;
static const char *g_testdata;

static void skip_ws(void) {
  while (g_json[g_pos] != '\0' && isspace((unsigned char)g_json[g_pos])) ++g_pos;
}

/* Parses a JSON string at g_pos; returns a malloc'ed decoded copy (\uXXXX kept to one byte). */
static char *parse_string(size_t *out_len) {
  REQUIRE(g_json[g_pos] == '"');
  ++g_pos;
  char *s = malloc(strlen(g_json + g_pos) + 1);
  size_t n = 0;
  while (g_json[g_pos] != '"') {
    REQUIRE(g_json[g_pos] != '\0');
    char c = g_json[g_pos++];
    if (c == '\\') {
      c = g_json[g_pos++];
      switch (c) {
        case 'n': c = '\n'; break;
        case 't': c = '\t'; break;
        case 'r': c = '\r'; break;
        case 'b': c = '\b'; break;
        case 'f': c = '\f'; break;
        case 'u': {
          char hex[5] = {0};
          memcpy(hex, g_json + g_pos, 4);
          g_pos += 4;
          c = (char)strtol(hex, NULL, 16);
          break;
        }
        default: break; /* \" \\ \/ */
      }
    }
    s[n++] = c;
  }
  ++g_pos;
  s[n] = '\0';
  *out_len = n;
  return s;
}

static void check_vector(struct member *m, int count);
static void parse_value(void);

static void parse_object(void) {
  struct member members[MAX_MEMBERS];
  int count = 0;
  ++g_pos; /* { */
  skip_ws();
  while (g_json[g_pos] != '}') {
    size_t klen;
    char *key = parse_string(&klen);
    skip_ws();
    REQUIRE(g_json[g_pos] == ':');
    ++g_pos;
    skip_ws();
    if (g_json[g_pos] == '"' && count < MAX_MEMBERS) {
      snprintf(members[count].key, sizeof members[count].key, "%s", key);
      members[count].value = parse_string(&members[count].value_len);
      ++count;
    } else {
      parse_value();
    }
    free(key);
    skip_ws();
    if (g_json[g_pos] == ',') {
      ++g_pos;
      skip_ws();
    }
  }
  ++g_pos;
  check_vector(members, count);
  for (int i = 0; i < count; ++i) free(members[i].value);
}

static void parse_value(void) {
  skip_ws();
  const char c = g_json[g_pos];
  if (c == '{') {
    parse_object();
  } else if (c == '[') {
    ++g_pos;
    skip_ws();
    while (g_json[g_pos] != ']') {
      parse_value();
      skip_ws();
      if (g_json[g_pos] == ',') ++g_pos;
      skip_ws();
    }
    ++g_pos;
  } else if (c == '"') {
    size_t n;
    free(parse_string(&n));
  } else {
    REQUIRE(c != '\0');
    while (g_json[g_pos] != '\0' && strchr(",}] \t\r\n", g_json[g_pos]) == NULL) ++g_pos;
  }
}

static int key_in(const char *key, const char *const *names) {
  for (; *names != NULL; ++names) {
    if (strcmp(key, *names) == 0) return 1;
  }
  return 0;
}

static int parse_hex_u64(const char *s, uint64_t *out) {
  if (strncmp(s, "0x", 2) == 0) s += 2;
  if (strlen(s) != 16) return -1;
  char *end;
  errno = 0;
  *out = strtoull(s, &end, 16);
  return (*end == '\0' && errno == 0) ? 0 : -1;
}

static unsigned char *hex_bytes(const char *s, size_t *len) {
  const size_t n = strlen(s) / 2;
  unsigned char *b = malloc(n + 1);
  for (size_t i = 0; i < n; ++i) {
    unsigned v;
    REQUIRE(sscanf(s + 2 * i, "%2x", &v) == 1);
    b[i] = (unsigned char)v;
  }
  *len = n;
  return b;
}

static const char *const FNV_KEYS[] = {"fnv1a64", "fnv", "fnv1a", "fnv1a_64", NULL};
static const char *const FP_KEYS[] = {"fingerprint", "fp", "expected", "expectedHex",
                                      "expected_hex", "hash", "value", NULL};
static const char *const TEXT_KEYS[] = {"input", "text", "ascii", "string", "utf8", NULL};
static const char *const HEX_KEYS[] = {"inputHex", "input_hex", "hex", "bytesHex", "bytes_hex",
                                       "bytes", NULL};
static const char *const ID_KEYS[] = {"buildId", "build_id", "buildIdHex", "build_id_hex", NULL};
static const char *const FILE_KEYS[] = {"file", "path", NULL};

static void check_vector(struct member *m, int count) {
  int expectations = 0;
  for (int i = 0; i < count; ++i) {
    expectations += key_in(m[i].key, FNV_KEYS) || key_in(m[i].key, FP_KEYS);
  }
  if (expectations == 0) return; /* metadata object */
  unsigned char *input = NULL;
  size_t len = 0;
  for (int i = 0; i < count && input == NULL; ++i) {
    if (key_in(m[i].key, TEXT_KEYS)) {
      input = malloc(m[i].value_len + 1);
      memcpy(input, m[i].value, m[i].value_len);
      len = m[i].value_len;
    } else if (key_in(m[i].key, HEX_KEYS)) {
      input = hex_bytes(m[i].value, &len);
    } else if (key_in(m[i].key, ID_KEYS)) {
      size_t id_len;
      unsigned char *id = hex_bytes(m[i].value, &id_len);
      len = IMG;
      input = malloc(len);
      test_make_elf(input, len, 3, TEST_MACHINE, id, (uint32_t)id_len, 0);
      free(id);
    } else if (key_in(m[i].key, FILE_KEYS)) {
      char path[4096];
      snprintf(path, sizeof path, "%s/fingerprint/%s", g_testdata, m[i].value);
      input = test_read_file(path, &len);
    }
  }
  if (input == NULL) {
    ++check_failures;
    fprintf(stderr, "vectors.json: a vector object has no input key this test understands:");
    for (int i = 0; i < count; ++i) fprintf(stderr, " %s", m[i].key);
    fprintf(stderr, "\n");
    return;
  }
  for (int i = 0; i < count; ++i) {
    uint64_t expected;
    const int fnv = key_in(m[i].key, FNV_KEYS);
    if (!fnv && !key_in(m[i].key, FP_KEYS)) continue;
    if (parse_hex_u64(m[i].value, &expected) != 0) {
      ++check_failures;
      fprintf(stderr, "vectors.json: %s=\"%s\" is not 16 hex digits\n", m[i].key, m[i].value);
      continue;
    }
    const uint64_t actual = fnv ? aicpu_fnv1a64(input, len) : aicpu_fingerprint(input, len);
    CHECK_U64(actual, expected);
    ++g_vectors_checked;
  }
  free(input);
}

static void shared_vectors(void) {
  g_testdata = getenv("AICPU_TESTDATA");
  if (g_testdata == NULL || g_testdata[0] == '\0') {
    fprintf(stderr, "AICPU_TESTDATA unset: shared vectors not checked\n");
    return;
  }
  char path[4096];
  snprintf(path, sizeof path, "%s/fingerprint/vectors.json", g_testdata);
  if (access(path, R_OK) != 0) {
    fprintf(stderr, "%s absent: only the PROTOCOL vectors were checked\n", path);
    return;
  }
  size_t len;
  char *text = (char *)test_read_file(path, &len);
  text = realloc(text, len + 1);
  text[len] = '\0';
  g_json = text;
  g_pos = 0;
  parse_value();
  fprintf(stderr, "%s: %d vectors checked\n", path, g_vectors_checked);
  CHECK(g_vectors_checked > 0);
  free(text);
}

int main(void) {
  protocol_vectors();
  fallbacks();
  shared_vectors();
  return check_finish("fingerprint");
}
