package io.github.aicpulaunch.domain.session;

import io.github.aicpulaunch.domain.spi.TaskLauncher;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** A launcher that records what the session asked of it and fails on demand. */
final class RecordingLauncher implements TaskLauncher {
  final List<String> calls = new ArrayList<>();
  final Deque<RuntimeException> releaseFailures = new ArrayDeque<>();
  final Deque<RuntimeException> launchFailures = new ArrayDeque<>();

  @Override
  public void launch(int entryIndex, ByteBuffer payload, int numBlocks) {
    calls.add("launch " + entryIndex + " " + payload.remaining() + "B x" + numBlocks);
    RuntimeException f = launchFailures.poll();
    if (f != null) {
      throw f;
    }
  }

  @Override
  public void release() {
    calls.add("release");
    RuntimeException f = releaseFailures.poll();
    if (f != null) {
      throw f;
    }
  }

  @Override
  public void abandon() {
    calls.add("abandon");
  }
}
