package io.github.aicpulaunch.ports.in;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.aicpulaunch.ports.InvalidRequestException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CommandsTest {

  @Test
  void defaultsMatchUpstream() {
    OpenSessionCommand c = OpenSessionCommand.of(0, Path.of("/x/libk.so"));
    assertThat(c.entries()).containsExactly("simpler_aicpu_exec", "simpler_aicpu_init");
    assertThat(c.timeouts()).isEqualTo(TimeoutChain.DEFAULT);
    assertThat(c.deploymentName()).isEmpty();
    assertThat(c.launchName()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "1abc", "a b", "a/b", "../x", "na\u00efve", "a\0b"})
  void entriesMustBeCIdentifiers(String entry) {
    assertThatThrownBy(
            () ->
                new OpenSessionCommand(
                    0, Path.of("/x.so"), List.of(entry), null, null, TimeoutChain.DEFAULT))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("C identifier");
  }

  @Test
  void entriesAreDeclaredOnce() {
    assertThatThrownBy(
            () ->
                new OpenSessionCommand(
                    0, Path.of("/x.so"), List.of("a", "a"), null, null, TimeoutChain.DEFAULT))
        .hasMessageContaining("declared twice");
    assertThatThrownBy(
            () ->
                new OpenSessionCommand(
                    -1, Path.of("/x.so"), List.of("a"), null, null, TimeoutChain.DEFAULT))
        .hasMessageContaining("Device id");
  }

  @Test
  void p6TimeoutChainMustBeOrdered() {
    assertThat(TimeoutChain.FAST_FAIL.opExecute()).isEqualTo(Duration.ofSeconds(3));
    assertThatThrownBy(
            () ->
                new TimeoutChain(
                    Duration.ofSeconds(5), Duration.ofSeconds(3), Duration.ofSeconds(4)))
        .hasMessageContaining("scheduler < op-execute < stream-sync")
        .hasMessageContaining("5000 ms / 3000 ms / 4000 ms");
    assertThatThrownBy(
            () ->
                new TimeoutChain(
                    Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(2)))
        .isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(
            () -> new TimeoutChain(Duration.ZERO, Duration.ofSeconds(2), Duration.ofSeconds(3)))
        .hasMessageContaining("positive");
  }

  @Test
  void launchPayloadAndBlocksAreBounded() {
    assertThat(new LaunchCommand("e", ByteBuffer.allocate(32), 4).numBlocks()).isEqualTo(4);
    assertThatThrownBy(() -> new LaunchCommand("e", ByteBuffer.allocate(0), 1))
        .hasMessageContaining("empty");
    assertThatThrownBy(
            () -> new LaunchCommand("e", ByteBuffer.allocate(LaunchCommand.MAX_PAYLOAD + 1), 1))
        .hasMessageContaining("at most");
    assertThatThrownBy(() -> new LaunchCommand("e", ByteBuffer.allocate(8), 0))
        .hasMessageContaining("numBlocks");
  }

  @Test
  void refusalsSayTheWayOutAndStayOnOneLine() {
    assertThatThrownBy(() -> new LaunchCommand("e", ByteBuffer.allocate(0), 1))
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.hint()).contains("flip()"));
    assertThatThrownBy(
            () ->
                new OpenSessionCommand(
                    0, Path.of("/x.so"), List.of("a\nb\0"), null, null, TimeoutChain.DEFAULT))
        .hasMessageContaining("a\\u000ab\\u0000")
        .hasMessageNotContaining("\n");
  }

  @Test
  void deviceBuffersAreNonEmpty() {
    assertThatThrownBy(() -> new DeviceBuffer(0, 8)).hasMessageContaining("address");
    assertThatThrownBy(() -> new DeviceBuffer(0x1000, 0)).hasMessageContaining("size");
  }
}
