package io.github.aicpulaunch.domain.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.aicpulaunch.domain.elf.ElfImageBuilder;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The generated part of the fuzz tests' regression corpus, and a check that it is committed
 * unchanged. The seeds are small synthetic images written with the test-only {@link
 * ElfImageBuilder} (laid out from the ELF specification), the C-written ABI golden files of {@code
 * testdata/abi/} and the golden descriptor of {@code testdata/descriptor/}. Crash reproducers found
 * by fuzzing sit next to them under other names and are not checked here.
 *
 * <p>Regenerate after changing a seed: {@code ./mvnw -B -q test -pl domain -am -Dtest=FuzzSeedsTest
 * -Dsurefire.failIfNoSpecifiedTests=false -Dfuzz.seeds.write=true}.
 */
class FuzzSeedsTest {
  static final Path INPUTS = Path.of("src/test/resources/io/github/aicpulaunch/domain/fuzz");

  /** Golden ABI files in the order of {@link AbiDecodeFuzzTest#CODECS}. */
  private static final List<String> ABI_GOLDEN =
      List.of(
          "bootstrap_args.bin",
          "device_args.bin",
          "kernel_args_a2a3.bin",
          "kernel_args_a5.bin",
          "init_args.bin",
          "register_callable_args.bin");

  @Test
  void committedSeedsMatchTheirGenerator() throws IOException {
    boolean write = Boolean.getBoolean("fuzz.seeds.write");
    Map<Path, byte[]> seeds = seeds();
    for (Map.Entry<Path, byte[]> seed : seeds.entrySet()) {
      Path file = INPUTS.resolve(seed.getKey());
      if (write) {
        Files.createDirectories(file.getParent());
        Files.write(file, seed.getValue());
      }
      assertThat(file).as("seed %s (regenerate with -Dfuzz.seeds.write=true)", file).exists();
      assertThat(Arrays.equals(Files.readAllBytes(file), seed.getValue()))
          .as("seed %s is what FuzzSeedsTest generates", file)
          .isTrue();
    }
    assertThat(AbiDecodeFuzzTest.CODECS).hasSize(ABI_GOLDEN.size());
  }

  static Map<Path, byte[]> seeds() throws IOException {
    Map<Path, byte[]> seeds = new LinkedHashMap<>();
    Map<String, byte[]> elves = elfSeeds();
    elves.forEach(
        (name, bytes) -> {
          seeds.put(
              Path.of("ElfReaderFuzzTestInputs/readThrowsOnlyElfFormatException", name), bytes);
          seeds.put(Path.of("FingerprintFuzzTestInputs/agreesWithProtocolReference", name), bytes);
        });

    Path testdata = Path.of(System.getProperty("aicpu.testdata", "../testdata"));
    for (int i = 0; i < ABI_GOLDEN.size(); i++) {
      byte[] golden = Files.readAllBytes(testdata.resolve("abi").resolve(ABI_GOLDEN.get(i)));
      String stem = ABI_GOLDEN.get(i).replace(".bin", "");
      Path dir = Path.of("AbiDecodeFuzzTestInputs/decodeThrowsOnlyIllegalArgumentAndIsStable");
      seeds.put(dir.resolve(stem + "_le"), prepend((byte) i, golden));
      seeds.put(dir.resolve(stem + "_be_buffer"), prepend((byte) (0x80 | i), golden));
    }

    Path render = Path.of("JsonDescriptorFuzzTestInputs/renderThenParseRoundTrips");
    byte[] fp =
        ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0x17c206da09cc6435L).array();
    seeds.put(
        render.resolve("exec_init"),
        concat(fp, "simpler_inner_17c206da09cc6435_0.so\0simpler_aicpu_exec\0simpler_aicpu_init"));
    seeds.put(
        render.resolve("three_entries"),
        concat(
            fp,
            "simpler_inner_17c206da09cc6435_7.so\0simpler_aicpu_exec\0simpler_aicpu_init"
                + "\0simpler_aicpu_register_callable"));
    seeds.put(render.resolve("entry_starts_with_digit"), concat(fp, "a.so\0" + "1exec"));
    seeds.put(render.resolve("duplicate_entry"), concat(fp, "a.so\0exec\0exec"));
    seeds.put(render.resolve("so_name_with_slash"), concat(fp, "../a.so\0exec"));

    Path parse = Path.of("JsonDescriptorFuzzTestInputs/parseThrowsOnlyInvalidRequest");
    seeds.put(
        parse.resolve("golden_exec_init"),
        Files.readAllBytes(testdata.resolve("descriptor/exec_init_17c206da09cc6435.json")));
    seeds.put(parse.resolve("array"), utf8("[]"));
    seeds.put(parse.resolve("opinfo_array"), utf8("{\"a\":{\"opInfo\":[]}}"));
    seeds.put(parse.resolve("field_object"), utf8("{\"a\":{\"opInfo\":{\"k\":{}}}}"));
    seeds.put(parse.resolve("field_null"), utf8("{\"a\":{\"opInfo\":{\"k\":null}}}"));
    seeds.put(parse.resolve("op_number"), utf8("{\"a\":1}"));
    seeds.put(parse.resolve("unterminated"), utf8("{\"a\":{\"opInfo\":{\"k\":\"v"));
    return seeds;
  }

  private static Map<String, byte[]> elfSeeds() {
    Map<String, byte[]> seeds = new LinkedHashMap<>();
    byte[] sha1 = ElfImageBuilder.sequence(0x10, 20);
    seeds.put(
        "build_id_sysv_hash",
        new ElfImageBuilder()
            .buildId(sha1)
            .function("simpler_aicpu_init")
            .function("simpler_aicpu_exec")
            .build()
            .bytes());
    seeds.put(
        "build_id_gnu_hash_aarch64",
        new ElfImageBuilder()
            .machine(183)
            .buildId(sha1)
            .function("simpler_aicpu_exec")
            .symbol("hidden_helper", ElfImageBuilder.STT_FUNC, 1, ElfImageBuilder.STV_HIDDEN, 1)
            .symbol("DlogRecord", ElfImageBuilder.STT_FUNC, 1, 0, 0)
            .gnuHash()
            .build()
            .bytes());
    seeds.put(
        "other_note_then_build_id",
        new ElfImageBuilder()
            .note(1, "GNU\0".getBytes(StandardCharsets.US_ASCII), new byte[16])
            .buildId(ElfImageBuilder.sequence(0x40, 8))
            .build()
            .bytes());
    seeds.put("no_build_id", new ElfImageBuilder().function("simpler_aicpu_exec").build().bytes());
    seeds.put(
        "short_build_id",
        new ElfImageBuilder().buildId(ElfImageBuilder.sequence(1, 4)).build().bytes());
    // An empty note whose n_namesz becomes 0xFFFFFFFF, then the Build-ID: the device's 32-bit
    // padding wraps to 0 and reaches the Build-ID; padding without the wrap would fall back to FNV.
    ElfImageBuilder.Built wrap =
        new ElfImageBuilder().note(0, new byte[0], new byte[0]).buildId(sha1).build();
    byte[] wraps = wrap.bytes();
    ByteBuffer.wrap(wraps).order(ByteOrder.LITTLE_ENDIAN).putInt(wrap.noteOffset(), -1);
    seeds.put("note_namesz_wraps", wraps);
    ElfImageBuilder.Built withId = new ElfImageBuilder().buildId(sha1).build();
    seeds.put("truncated_in_note", Arrays.copyOf(withId.bytes(), withId.noteOffset() + 20));
    seeds.put("header_only_40_bytes", Arrays.copyOf(withId.bytes(), 40));
    seeds.put("not_an_elf", utf8("not-an-elf-binary"));
    return seeds;
  }

  private static byte[] prepend(byte first, byte[] rest) {
    byte[] out = new byte[rest.length + 1];
    out[0] = first;
    System.arraycopy(rest, 0, out, 1, rest.length);
    return out;
  }

  private static byte[] concat(byte[] head, String tail) {
    byte[] t = utf8(tail);
    byte[] out = Arrays.copyOf(head, head.length + t.length);
    System.arraycopy(t, 0, out, head.length, t.length);
    return out;
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
