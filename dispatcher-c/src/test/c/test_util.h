/* Helpers shared by the ctest executables: temporary directories, files and synthetic ELF images. */
#ifndef AICPU_TEST_UTIL_H
#define AICPU_TEST_UTIL_H

#include <dirent.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#if defined(__aarch64__)
#define TEST_MACHINE 183u /* EM_AARCH64 */
#define TEST_OTHER_MACHINE 62u
#else
#define TEST_MACHINE 62u /* EM_X86_64 */
#define TEST_OTHER_MACHINE 183u
#endif

static inline void test_put16(unsigned char *p, uint16_t v) {
  p[0] = (unsigned char)v;
  p[1] = (unsigned char)(v >> 8);
}

static inline void test_put32(unsigned char *p, uint32_t v) {
  for (int i = 0; i < 4; ++i) p[i] = (unsigned char)(v >> (8 * i));
}

static inline void test_put64(unsigned char *p, uint64_t v) {
  for (int i = 0; i < 8; ++i) p[i] = (unsigned char)(v >> (8 * i));
}

/*
 * Writes an ELF64 little-endian image of exactly len bytes (len >= 160): header, one PT_NOTE
 * program header at 64, and when id_len > 0 a GNU Build-ID note at 120; the rest is fill.
 */
static inline void test_make_elf(unsigned char *buf, size_t len, uint16_t type, uint16_t machine,
                                 const unsigned char *id, uint32_t id_len, unsigned char fill) {
  memset(buf, fill, len);
  memset(buf, 0, 160);
  memcpy(buf, "\x7f" "ELF", 4);
  buf[4] = 2; /* ELFCLASS64 */
  buf[5] = 1; /* ELFDATA2LSB */
  buf[6] = 1; /* EV_CURRENT */
  test_put16(buf + 16, type);
  test_put16(buf + 18, machine);
  test_put32(buf + 20, 1);
  test_put64(buf + 32, 64);  /* e_phoff */
  test_put16(buf + 52, 64);  /* e_ehsize */
  test_put16(buf + 54, 56);  /* e_phentsize */
  test_put16(buf + 56, 1);   /* e_phnum */
  unsigned char *ph = buf + 64;
  const uint32_t note_size = id_len > 0 ? 12u + 4u + ((id_len + 3u) & ~3u) : 0u;
  test_put32(ph, 4); /* PT_NOTE */
  test_put64(ph + 8, 120);
  test_put64(ph + 32, note_size);
  test_put64(ph + 40, note_size);
  if (id_len > 0) {
    test_put32(buf + 120, 4);
    test_put32(buf + 124, id_len);
    test_put32(buf + 128, 3); /* NT_GNU_BUILD_ID */
    memcpy(buf + 132, "GNU", 4);
    memcpy(buf + 136, id, id_len);
  }
}

/* A fresh private directory under $TMPDIR (or /tmp); the path is written to buf. */
static inline char *test_mkdtemp(char *buf, size_t cap, const char *tag) {
  const char *base = getenv("TMPDIR");
  snprintf(buf, cap, "%s/aicpu-%s-XXXXXX", base != NULL && base[0] != '\0' ? base : "/tmp", tag);
  if (mkdtemp(buf) == NULL) {
    perror("mkdtemp");
    exit(2);
  }
  return buf;
}

static inline unsigned char *test_read_file(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (f == NULL) {
    perror(path);
    exit(2);
  }
  fseek(f, 0, SEEK_END);
  const long size = ftell(f);
  fseek(f, 0, SEEK_SET);
  unsigned char *data = malloc(size > 0 ? (size_t)size : 1u);
  if (data == NULL || fread(data, 1, (size_t)size, f) != (size_t)size) {
    fprintf(stderr, "cannot read %s\n", path);
    exit(2);
  }
  fclose(f);
  *len = (size_t)size;
  return data;
}

/* Number of directory entries (other than . and ..) whose name starts with prefix. */
static inline int test_count_entries(const char *dir, const char *prefix) {
  DIR *d = opendir(dir);
  if (d == NULL) return -1;
  int n = 0;
  for (struct dirent *e; (e = readdir(d)) != NULL;) {
    if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0 &&
        strncmp(e->d_name, prefix, strlen(prefix)) == 0) {
      ++n;
    }
  }
  closedir(d);
  return n;
}

/* Removes a flat directory tree (files, symlinks and empty subdirectories). */
static inline void test_rm_dir(const char *dir) {
  DIR *d = opendir(dir);
  if (d == NULL) return;
  for (struct dirent *e; (e = readdir(d)) != NULL;) {
    if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0) {
      if (unlinkat(dirfd(d), e->d_name, 0) != 0) {
        (void)unlinkat(dirfd(d), e->d_name, AT_REMOVEDIR);
      }
    }
  }
  closedir(d);
  (void)rmdir(dir);
}

#endif
