package io.github.aicpulaunch.domain.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpiValuesTest {
  private static final Path SO = Path.of("/opt/rt/libaicpu_kernel.so");

  private static RuntimeImage image(long fp, String hex, List<EntryPoint> entries) {
    return new RuntimeImage(
        SO,
        fp,
        hex,
        RuntimeImage.SOURCE_BUILD_ID,
        "simpler_inner_" + hex + "_0.so",
        entries,
        10,
        183);
  }

  @Test
  void imageIndexesItsEntriesInDeclarationOrder() {
    RuntimeImage img =
        image(
            0x17c206da09cc6435L,
            "17c206da09cc6435",
            List.of(
                new EntryPoint("simpler_aicpu_exec", "simpler_aicpu_exec_17c206da09cc6435"),
                new EntryPoint("simpler_aicpu_init", "simpler_aicpu_init_17c206da09cc6435")));
    assertThat(img.symbols()).containsExactly("simpler_aicpu_exec", "simpler_aicpu_init");
    assertThat(img.indexOf("simpler_aicpu_init")).isEqualTo(1);
    assertThat(img.indexOf("nope")).isEqualTo(-1);
  }

  @Test
  void hexMustBeTheZeroPaddedRenderingOfTheFingerprint() {
    List<EntryPoint> e = List.of(new EntryPoint("f", "f_00000000000000ab"));
    assertThat(image(0xabL, "00000000000000ab", e).fingerprintHex()).hasSize(16);
    assertThatThrownBy(() -> image(0xabL, "ab", e)).hasMessageContaining("does not render");
    assertThatThrownBy(() -> image(0xabL, "00000000000000AB", e))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void opTypesMustCarryTheImagesFingerprint() {
    assertThatThrownBy(
            () ->
                image(
                    0xabL, "00000000000000ab", List.of(new EntryPoint("f", "f_00000000000000cd"))))
        .hasMessageContaining("does not carry this image's fingerprint");
  }

  @Test
  void relativePathsAndBadSoNamesAreRefused() {
    List<EntryPoint> e = List.of(new EntryPoint("f", "f_00000000000000ab"));
    assertThatThrownBy(
            () ->
                new RuntimeImage(
                    Path.of("rel.so"), 0xab, "00000000000000ab", "build-id", "a.so", e, 1, 62))
        .hasMessageContaining("absolute");
    assertThatThrownBy(
            () -> new RuntimeImage(SO, 0xab, "00000000000000ab", "build-id", "a b.so", e, 1, 62))
        .hasMessageContaining("CANN SO name");
    assertThatThrownBy(
            () -> new RuntimeImage(SO, 0xab, "00000000000000ab", "sha1", "a.so", e, 1, 62))
        .hasMessageContaining("fingerprintSource");
  }

  @Test
  void latchesMatchOnKindAndIdentityOnly() {
    KfcLatch a = new KfcLatch(KfcLatch.Kind.DISPATCHER, "x", "the dispatcher");
    assertThat(a.sameSoAs(new KfcLatch(KfcLatch.Kind.DISPATCHER, "x", "other words"))).isTrue();
    assertThat(a.sameSoAs(new KfcLatch(KfcLatch.Kind.RUNTIME_SO, "x", "the dispatcher"))).isFalse();
    assertThat(a.sameSoAs(new KfcLatch(KfcLatch.Kind.DISPATCHER, "y", "the dispatcher"))).isFalse();
  }

  @Test
  void entryPointOpTypeIsSymbolThenSuffix() {
    assertThatThrownBy(() -> new EntryPoint("exec", "other_1")).hasMessageContaining("followed by");
    assertThatThrownBy(() -> new EntryPoint("1exec", "1exec_1"))
        .hasMessageContaining("C identifier");
  }
}
