/*
 * The fingerprint rule (PROTOCOL §5, FAILURE-MODES F5): the vectors PROTOCOL states, the fallback
 * cases of the rule, and every vector of testdata/fingerprint/vectors.json (shared with the Java
 * domain). The ELF images are built byte by byte here, independently of fingerprint.h.
 */
#include <ctype.h>

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

/*
 * ---- testdata/fingerprint/vectors.json (format in testdata/fingerprint/README.md). A reader for
 * exactly that format: any other shape (an unknown key, a missing input, a value of the wrong
 * type) fails the test with the vector's name, so no vector is ever skipped silently.
 */

struct json {
  const char *text;
  size_t pos;
  const char *path;
};

#define JSON_FAIL(j, ...)                                                          \
  do {                                                                             \
    fprintf(stderr, "%s: at byte %zu: ", (j)->path, (j)->pos);                     \
    fprintf(stderr, __VA_ARGS__);                                                  \
    fprintf(stderr, "\n");                                                         \
    exit(2);                                                                       \
  } while (0)

static void json_ws(struct json *j) {
  while (j->text[j->pos] != '\0' && isspace((unsigned char)j->text[j->pos])) ++j->pos;
}

/* Consumes c (after whitespace) or fails. */
static void json_expect(struct json *j, char c) {
  json_ws(j);
  if (j->text[j->pos] != c) JSON_FAIL(j, "expected '%c', found '%c'", c, j->text[j->pos]);
  ++j->pos;
}

/* Consumes c (after whitespace) if it is next. */
static int json_accept(struct json *j, char c) {
  json_ws(j);
  if (j->text[j->pos] != c) return 0;
  ++j->pos;
  return 1;
}

/* A JSON string of ASCII characters; returns a malloc'ed copy, *len bytes (no NUL counted). */
static char *json_string(struct json *j, size_t *len) {
  json_expect(j, '"');
  char *s = malloc(strlen(j->text + j->pos) + 1);
  REQUIRE(s != NULL);
  size_t n = 0;
  for (;;) {
    unsigned char c = (unsigned char)j->text[j->pos++];
    if (c == '"') break;
    if (c == '\0' || c < 0x20 || c >= 0x80) JSON_FAIL(j, "a string must be printable ASCII");
    if (c == '\\') {
      c = (unsigned char)j->text[j->pos++];
      switch (c) {
        case '"': case '\\': case '/': break;
        case 'b': c = '\b'; break;
        case 'f': c = '\f'; break;
        case 'n': c = '\n'; break;
        case 'r': c = '\r'; break;
        case 't': c = '\t'; break;
        case 'u': {
          unsigned v;
          int used = 0;
          if (sscanf(j->text + j->pos, "%4x%n", &v, &used) != 1 || used != 4 || v >= 0x80) {
            JSON_FAIL(j, "only \\u0000 to \\u007f escapes are ASCII");
          }
          j->pos += 4;
          c = (unsigned char)v;
          break;
        }
        default: JSON_FAIL(j, "unknown escape \\%c", c);
      }
    }
    s[n++] = (char)c;
  }
  s[n] = '\0';
  *len = n;
  return s;
}

/* The bytes an array of hex strings stands for: concatenated, whitespace ignored. */
static unsigned char *json_hex_array(struct json *j, size_t *len) {
  size_t cap = 64, n = 0;
  unsigned char *out = malloc(cap);
  REQUIRE(out != NULL);
  int half = -1; /* high nibble waiting for its low nibble, or -1 */
  json_expect(j, '[');
  if (!json_accept(j, ']')) {
    do {
      size_t slen;
      char *part = json_string(j, &slen);
      for (size_t i = 0; i < slen; ++i) {
        const unsigned char c = (unsigned char)part[i];
        if (isspace(c)) continue;
        if (!isxdigit(c)) JSON_FAIL(j, "'%c' in a hex string is not a hex digit", c);
        const int nibble = isdigit(c) ? c - '0' : tolower(c) - 'a' + 10;
        if (half < 0) {
          half = nibble;
          continue;
        }
        if (n == cap) {
          cap *= 2;
          out = realloc(out, cap);
          REQUIRE(out != NULL);
        }
        out[n++] = (unsigned char)(half << 4 | nibble);
        half = -1;
      }
      free(part);
    } while (json_accept(j, ','));
    json_expect(j, ']');
  }
  if (half >= 0) JSON_FAIL(j, "a hex array has an odd number of digits");
  /* Exactly n bytes, so that a read past the image is a heap overflow the sanitizers see. */
  out = realloc(out, n > 0 ? n : 1u);
  REQUIRE(out != NULL);
  *len = n;
  return out;
}

static int parse_hex_u64(const char *s, uint64_t *out) {
  if (strlen(s) != 16 || strspn(s, "0123456789abcdef") != 16) return -1;
  *out = strtoull(s, NULL, 16);
  return 0;
}

struct vector {
  char *name, *expected, *source, *comment, *malformed;
  unsigned char *input;
  size_t len;
  int has_input;
};

static struct vector json_vector(struct json *j, int fingerprint) {
  struct vector v = {0};
  json_expect(j, '{');
  do {
    size_t klen, vlen;
    char *key = json_string(j, &klen);
    json_expect(j, ':');
    char **text = NULL;
    if (strcmp(key, "name") == 0) {
      text = &v.name;
    } else if (strcmp(key, "expected") == 0) {
      text = &v.expected;
    } else if (strcmp(key, "comment") == 0) {
      text = &v.comment;
    } else if (fingerprint && strcmp(key, "source") == 0) {
      text = &v.source;
    } else if (fingerprint && strcmp(key, "malformed") == 0) {
      text = &v.malformed; /* for the Java strict ELF reader; the fingerprint ignores it */
    } else if (strcmp(key, "ascii") == 0 || strcmp(key, "hex") == 0) {
      if (v.has_input) JSON_FAIL(j, "vector %s has both ascii and hex", v.name ? v.name : "?");
      v.input = key[0] == 'a' ? (unsigned char *)json_string(j, &vlen) : json_hex_array(j, &vlen);
      v.len = vlen;
      v.has_input = 1;
    } else {
      JSON_FAIL(j, "vector %s: key \"%s\" is not part of format 1 for this list",
                v.name ? v.name : "?", key);
    }
    if (text != NULL) {
      if (*text != NULL) JSON_FAIL(j, "key \"%s\" appears twice", key);
      *text = json_string(j, &vlen);
    }
    free(key);
  } while (json_accept(j, ','));
  json_expect(j, '}');
  if (v.name == NULL || v.expected == NULL || !v.has_input ||
      (fingerprint && v.source == NULL)) {
    JSON_FAIL(j, "vector %s lacks one of name, expected, ascii|hex%s", v.name ? v.name : "?",
              fingerprint ? ", source" : "");
  }
  return v;
}

static int g_vectors_checked;

static void check_vector(const struct vector *v, int fingerprint) {
  uint64_t expected;
  if (parse_hex_u64(v->expected, &expected) != 0) {
    ++check_failures;
    fprintf(stderr, "vector %s: expected \"%s\" is not 16 lower-case hex digits\n", v->name,
            v->expected);
    return;
  }
  ++check_count;
  ++g_vectors_checked;
  if (!fingerprint) {
    const uint64_t hash = aicpu_fnv1a64(v->input, v->len);
    if (hash != expected) {
      ++check_failures;
      fprintf(stderr, "fnv1a64 vector %s: %016" PRIx64 ", expected %s\n", v->name, hash,
              v->expected);
    }
    return;
  }
  const int build_id = strcmp(v->source, "BUILD_ID") == 0;
  if (!build_id && strcmp(v->source, "FNV1A_64") != 0) {
    ++check_failures;
    fprintf(stderr, "vector %s: source \"%s\" is neither BUILD_ID nor FNV1A_64\n", v->name,
            v->source);
    return;
  }
  uint64_t id = 0;
  const int found = aicpu_build_id_64(v->input, v->len, &id);
  const uint64_t fp = aicpu_fingerprint(v->input, v->len);
  if (found != build_id || fp != expected || (found && fp != id)) {
    ++check_failures;
    fprintf(stderr, "fingerprint vector %s: %s %016" PRIx64 ", expected %s %s\n", v->name,
            found ? "BUILD_ID" : "FNV1A_64", fp, v->source, v->expected);
  }
}

static void json_vector_list(struct json *j, int fingerprint) {
  json_expect(j, '[');
  if (json_accept(j, ']')) JSON_FAIL(j, "a vector list is empty");
  do {
    struct vector v = json_vector(j, fingerprint);
    check_vector(&v, fingerprint);
    free(v.name);
    free(v.expected);
    free(v.source);
    free(v.comment);
    free(v.malformed);
    free(v.input);
  } while (json_accept(j, ','));
  json_expect(j, ']');
}

static void shared_vectors(void) {
  const char *testdata = getenv("AICPU_TESTDATA");
  /* ctest always sets it (CMakeLists.txt): running without the shared file is a failure. */
  REQUIRE(testdata != NULL && testdata[0] != '\0');
  char path[4096];
  snprintf(path, sizeof path, "%s/fingerprint/vectors.json", testdata);
  size_t len;
  char *text = (char *)test_read_file(path, &len);
  text = realloc(text, len + 1);
  REQUIRE(text != NULL);
  text[len] = '\0';
  if (strlen(text) != len) {
    fprintf(stderr, "%s: contains a NUL byte\n", path);
    exit(2);
  }
  struct json j = {text, 0, path};
  int format = 0, fnv_lists = 0, fp_lists = 0;
  json_expect(&j, '{');
  do {
    size_t klen;
    char *key = json_string(&j, &klen);
    json_expect(&j, ':');
    if (strcmp(key, "format") == 0) {
      json_ws(&j);
      int used = 0;
      if (sscanf(j.text + j.pos, "%d%n", &format, &used) != 1 || format != 1) {
        JSON_FAIL(&j, "\"format\" must be 1, the format this reader knows");
      }
      j.pos += (size_t)used;
    } else if (strcmp(key, "fnv1a64") == 0) {
      json_vector_list(&j, 0);
      ++fnv_lists;
    } else if (strcmp(key, "fingerprint") == 0) {
      json_vector_list(&j, 1);
      ++fp_lists;
    } else {
      JSON_FAIL(&j, "top-level key \"%s\" is not part of format 1", key);
    }
    free(key);
  } while (json_accept(&j, ','));
  json_expect(&j, '}');
  json_ws(&j);
  if (j.text[j.pos] != '\0') JSON_FAIL(&j, "text after the top-level object");
  if (format != 1 || fnv_lists != 1 || fp_lists != 1) {
    JSON_FAIL(&j, "needs \"format\": 1 and one \"fnv1a64\" and one \"fingerprint\" list");
  }
  fprintf(stderr, "%s: %d vectors checked\n", path, g_vectors_checked);
  free(text);
}

int main(void) {
  protocol_vectors();
  fallbacks();
  shared_vectors();
  return check_finish("fingerprint");
}
