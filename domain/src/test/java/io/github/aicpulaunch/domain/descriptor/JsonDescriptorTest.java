package io.github.aicpulaunch.domain.descriptor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.aicpulaunch.domain.fingerprint.Fingerprint;
import io.github.aicpulaunch.domain.fingerprint.Fingerprint.Source;
import io.github.aicpulaunch.domain.naming.DescriptorDirectory;
import io.github.aicpulaunch.domain.naming.DescriptorFileException;
import io.github.aicpulaunch.ports.InvalidRequestException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonDescriptorTest {
  private static final Fingerprint FP = new Fingerprint(0x17c206da09cc6435L, Source.BUILD_ID);
  private static final String SO = "simpler_inner_17c206da09cc6435_0.so";
  private static final List<String> EXEC_INIT = List.of("simpler_aicpu_exec", "simpler_aicpu_init");

  private static String golden() throws Exception {
    return Files.readString(
        Path.of(
            System.getProperty("aicpu.testdata", "../testdata"),
            "descriptor",
            "exec_init_17c206da09cc6435.json"),
        StandardCharsets.UTF_8);
  }

  @Test
  void rendersTheHandWrittenGoldenFileByteForByte() throws Exception {
    assertThat(JsonDescriptor.render(EXEC_INIT, FP, SO)).isEqualTo(golden());
  }

  @Test
  void entriesKeepDeclarationOrder() {
    List<String> declared =
        List.of("simpler_aicpu_init", "simpler_aicpu_exec", "simpler_aicpu_register_callable");
    Map<String, Map<String, String>> ops =
        JsonDescriptor.parse(JsonDescriptor.render(declared, FP, SO));
    assertThat(ops.keySet())
        .containsExactly(
            "simpler_aicpu_init_17c206da09cc6435",
            "simpler_aicpu_exec_17c206da09cc6435",
            "simpler_aicpu_register_callable_17c206da09cc6435");
  }

  @Test
  void roundTripGivesProtocolFieldsInOrder() {
    Map<String, Map<String, String>> ops =
        JsonDescriptor.parse(JsonDescriptor.render(EXEC_INIT, FP, SO));
    Map<String, String> exec = ops.get("simpler_aicpu_exec_17c206da09cc6435");
    assertThat(exec)
        .containsExactly(
            Map.entry("functionName", "simpler_aicpu_exec"),
            Map.entry("kernelSo", SO),
            Map.entry("opKernelLib", "AICPUKernel"),
            Map.entry("computeCost", "100"),
            Map.entry("engine", "DNN_VM_AICPU"),
            Map.entry("flagAsync", "False"),
            Map.entry("flagPartial", "False"),
            Map.entry("userDefined", "False"));
    assertThat(JsonDescriptor.parse(JsonDescriptor.render(EXEC_INIT, FP, SO)))
        .isEqualTo(JsonDescriptor.parse(JsonDescriptor.render(EXEC_INIT, FP, SO)));
  }

  @Test
  void parsesTheGoldenFile() throws Exception {
    assertThat(JsonDescriptor.parse(golden())).hasSize(2);
  }

  @Test
  void badInputIsRefused() {
    assertThatThrownBy(() -> JsonDescriptor.render(List.of(), FP, SO))
        .isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> JsonDescriptor.render(List.of("a", "a"), FP, SO))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("twice");
    assertThatThrownBy(() -> JsonDescriptor.render(List.of("a\"b"), FP, SO))
        .isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> JsonDescriptor.render(EXEC_INIT, FP, "../evil.so"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("../evil.so");
  }

  @Test
  void parseRefusesOtherShapes() {
    for (String json :
        new String[] {
          "", "[]", "{\"a\": 1}", "{\"a\": {}}", "{\"a\": {\"opInfo\": {\"x\": {}}}}", "{"
        }) {
      assertThatThrownBy(() -> JsonDescriptor.parse(json))
          .as(json)
          .isInstanceOf(InvalidRequestException.class);
    }
  }

  @Test
  void writesAtomicallyWithMode0600AndNoLeftovers(@TempDir Path parent) throws Exception {
    try (DescriptorDirectory dir = DescriptorDirectory.createUnder(parent)) {
      Path path = dir.newDescriptorPath(FP, 0);
      JsonDescriptor.write(path, "old\n");
      String json = JsonDescriptor.render(EXEC_INIT, FP, SO);
      JsonDescriptor.write(path, json);

      assertThat(Files.readString(path, StandardCharsets.UTF_8)).isEqualTo(json);
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(path)))
          .isEqualTo("rw-------");
      try (Stream<Path> files = Files.list(dir.directory())) {
        assertThat(files).containsExactly(path);
      }
    }
  }

  @Test
  void writeFailureIsTypedAndLeavesNothing(@TempDir Path parent) throws Exception {
    Path target = parent.resolve("gone/x.json");
    assertThatThrownBy(() -> JsonDescriptor.write(target, "{}"))
        .isInstanceOf(DescriptorFileException.class)
        .hasMessageContaining(target.toString());
    // A directory in the way of the rename: the temp file must not stay behind.
    Path blocked = Files.createDirectories(parent.resolve("blocked.json"));
    Files.writeString(blocked.resolve("inside"), "x");
    assertThatThrownBy(() -> JsonDescriptor.write(blocked, "{}"))
        .isInstanceOf(DescriptorFileException.class);
    try (Stream<Path> files = Files.list(parent)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("blocked.json");
    }
  }
}
