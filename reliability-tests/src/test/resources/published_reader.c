/*
 * A reader of a preinstall directory, as CANN's SO manager is one: until <stop-file> exists, opens
 * every published runtime SO (simpler_inner_<fp>_<dev>.so) with dlopen(RTLD_NOW) and resolves
 * simpler_aicpu_exec, then closes it. A torn or half-written file fails to load or to resolve, or
 * crashes the loader (SIGBUS on a page past the end of the file, as F3 did on the card), so each
 * file is opened in a child process of its own. Prints "checked=<n> failed=<n>" at the end, and
 * each failure on its own line before that. Exit status: 0 when nothing failed.
 *
 * Build: gcc -std=c11 -Wall -Wextra -Werror -O1 -o published_reader published_reader.c -ldl
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <dlfcn.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static int published(const char *name) {
  const size_t n = strlen(name);
  return strncmp(name, "simpler_inner_", 14) == 0 && n > 3 && strcmp(name + n - 3, ".so") == 0;
}

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: published_reader <dir> <stop-file>\n");
    return 64;
  }
  long checked = 0, failed = 0;
  for (int last = 0; !last;) {
    last = access(argv[2], F_OK) == 0; /* one more full pass after the stop file appears */
    DIR *d = opendir(argv[1]);
    if (d == NULL) {
      perror(argv[1]);
      return 2;
    }
    for (struct dirent *e; (e = readdir(d)) != NULL;) {
      if (!published(e->d_name)) {
        continue;
      }
      char path[4096];
      snprintf(path, sizeof path, "%s/%s", argv[1], e->d_name);
      fflush(stdout);
      const pid_t pid = fork();
      if (pid < 0) {
        perror("fork");
        return 2;
      }
      if (pid == 0) {
        void *h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
        if (h == NULL) {
          printf("FAILED dlopen %s: %s\n", path, dlerror());
          fflush(stdout);
          _exit(1);
        }
        if (dlsym(h, "simpler_aicpu_exec") == NULL) {
          printf("FAILED dlsym simpler_aicpu_exec in %s\n", path);
          fflush(stdout);
          _exit(1);
        }
        _exit(0);
      }
      int status = 0;
      while (waitpid(pid, &status, 0) < 0) {
      }
      ++checked;
      if (WIFSIGNALED(status)) {
        ++failed;
        printf("FAILED dlopen %s: killed by signal %d\n", path, WTERMSIG(status));
      } else if (WEXITSTATUS(status) != 0) {
        ++failed;
      }
    }
    closedir(d);
    usleep(2000);
  }
  printf("checked=%ld failed=%ld\n", checked, failed);
  return failed == 0 ? 0 : 1;
}
