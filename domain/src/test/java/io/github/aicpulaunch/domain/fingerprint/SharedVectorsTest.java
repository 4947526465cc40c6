package io.github.aicpulaunch.domain.fingerprint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.aicpulaunch.domain.elf.ElfFormatException;
import io.github.aicpulaunch.domain.elf.ElfReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The vectors in testdata/fingerprint/vectors.json, shared with the dispatcher's C tests. */
class SharedVectorsTest {
  static Path vectorsFile() {
    return Path.of(
        System.getProperty("aicpu.testdata", "../testdata"), "fingerprint", "vectors.json");
  }

  static List<JsonObject> vectors(String kind) throws IOException {
    JsonObject root =
        JsonParser.parseString(Files.readString(vectorsFile(), StandardCharsets.UTF_8))
            .getAsJsonObject();
    assertThat(root.get("format").getAsInt()).isEqualTo(1);
    JsonArray array = root.getAsJsonArray(kind);
    assertThat(array).isNotEmpty();
    return StreamSupport.stream(array.spliterator(), false)
        .map(JsonElement::getAsJsonObject)
        .toList();
  }

  static List<JsonObject> fnvVectors() throws IOException {
    return vectors("fnv1a64");
  }

  static List<JsonObject> fingerprintVectors() throws IOException {
    return vectors("fingerprint");
  }

  static byte[] input(JsonObject vector) {
    if (vector.has("ascii")) {
      return vector.get("ascii").getAsString().getBytes(StandardCharsets.US_ASCII);
    }
    StringBuilder hex = new StringBuilder();
    vector.getAsJsonArray("hex").forEach(part -> hex.append(part.getAsString()));
    return HexFormat.of().parseHex(hex.toString().replaceAll("\\s", ""));
  }

  @ParameterizedTest
  @MethodSource("fnvVectors")
  void fnv(JsonObject vector) {
    long hash = Fnv1a64.hash(input(vector));
    assertThat(String.format("%016x", hash))
        .as(vector.get("name").getAsString())
        .isEqualTo(vector.get("expected").getAsString());
  }

  @ParameterizedTest
  @MethodSource("fingerprintVectors")
  void fingerprint(JsonObject vector) {
    Fingerprint fp = Fingerprints.of(ByteBuffer.wrap(input(vector)));
    String name = vector.get("name").getAsString();
    assertThat(fp.hex()).as(name).isEqualTo(vector.get("expected").getAsString());
    assertThat(fp.source().name()).as(name).isEqualTo(vector.get("source").getAsString());
  }

  /**
   * The strict reader agrees with the lenient rule on every well-formed ELF vector and refuses the
   * ones marked {@code malformed}, which the rule still fingerprints the way the device does.
   */
  @ParameterizedTest
  @MethodSource("fingerprintVectors")
  void strictReaderFindsTheSameBuildIdInEveryElfVector(JsonObject vector) {
    if (!vector.has("hex")) {
      return;
    }
    if (vector.has("malformed")) {
      assertThatThrownBy(() -> ElfReader.read(ByteBuffer.wrap(input(vector))))
          .as(vector.get("name").getAsString())
          .isInstanceOf(ElfFormatException.class);
      return;
    }
    var buildId = ElfReader.read(ByteBuffer.wrap(input(vector))).buildId();
    if (vector.get("source").getAsString().equals("BUILD_ID")) {
      assertThat(String.format("%016x", buildId.orElseThrow().leadingWord()))
          .isEqualTo(vector.get("expected").getAsString());
    } else {
      assertThat(buildId).isEmpty();
    }
  }
}
