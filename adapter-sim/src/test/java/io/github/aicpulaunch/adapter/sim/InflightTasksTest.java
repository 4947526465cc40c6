package io.github.aicpulaunch.adapter.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class InflightTasksTest {
  private static SimTask task(long id, long startNanos, long timeoutMicros) {
    // device and stream are only carried, never used by the set
    SimTask t = new SimTask(id, null, null, 2, "lib.so", "k", new byte[0], 1, timeoutMicros);
    t.startClock(startNanos);
    return t;
  }

  @Test
  @DisplayName("tasks are found by id, past the initial capacity, and removed exactly once")
  void addRemoveGrow() {
    InflightTasks set = new InflightTasks();
    List<SimTask> tasks = new ArrayList<>();
    for (int i = 1; i <= 20; i++) {
      SimTask t = task(i, 0, 1_000);
      tasks.add(t);
      set.add(t);
    }
    assertThat(set.remove(7)).isSameAs(tasks.get(6));
    assertThat(set.remove(7)).isNull();
    assertThat(set.contains(tasks.get(6))).isFalse();
    assertThat(set.contains(tasks.get(19))).isTrue();
    assertThat(set.remove(99)).isNull();
    List<SimTask> rest = set.removeAll();
    assertThat(rest).hasSize(19).doesNotContain(tasks.get(6));
    assertThat(set.isEmpty()).isTrue();
    assertThat(set.earliestDeadline()).isNull();
  }

  @Test
  @DisplayName("the earliest deadline is start plus timeout, whatever the order of submission")
  void earliestDeadline() {
    InflightTasks set = new InflightTasks();
    SimTask longTimeout = task(1, 0, 45_000_000);
    SimTask shortTimeout = task(2, 1_000, 300_000);
    SimTask later = task(3, 2_000_000_000L, 300_000);
    set.add(longTimeout);
    set.add(shortTimeout);
    set.add(later);
    assertThat(set.earliestDeadline()).isSameAs(shortTimeout);
    assertThat(shortTimeout.deadlineNanos()).isEqualTo(1_000 + 300_000_000L);
    set.remove(2);
    assertThat(set.earliestDeadline()).isSameAs(later);
  }

  @Test
  @DisplayName("a timeout too long for the nanosecond clock never overflows into the past")
  void hugeTimeoutDoesNotOverflow() {
    SimTask t = task(1, Long.MAX_VALUE / 4, Long.MAX_VALUE);
    assertThat(t.deadlineNanos()).isGreaterThan(Long.MAX_VALUE / 4);
  }
}
