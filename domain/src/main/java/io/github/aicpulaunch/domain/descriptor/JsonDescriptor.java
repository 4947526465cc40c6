package io.github.aicpulaunch.domain.descriptor;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.stream.JsonWriter;
import io.github.aicpulaunch.domain.fingerprint.Fingerprint;
import io.github.aicpulaunch.domain.naming.DescriptorFileException;
import io.github.aicpulaunch.domain.naming.PreinstallNaming;
import io.github.aicpulaunch.domain.naming.PrivateFiles;
import io.github.aicpulaunch.domain.naming.SoNames;
import io.github.aicpulaunch.ports.InvalidRequestException;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Renders, parses and writes the Mode B JSON descriptor of PROTOCOL §4: one top-level key per
 * entry, the opType {@code <entry>_<fp>}, in declaration order, each holding {@code {"opInfo":
 * {...}}} with the eight string fields in upstream's order. CANN reads {@code functionName}, {@code
 * kernelSo}, {@code opKernelLib} ("AICPUKernel" with {@code userDefined} "False" means kernel type
 * 2) and {@code userDefined}; the rest are kept for byte compatibility with upstream.
 *
 * <p>Formatting: two-space indentation (Gson pretty printing, which is upstream's layout), "\n"
 * line ends, a final newline.
 */
public final class JsonDescriptor {
  public static final String OP_KERNEL_LIB = "AICPUKernel";
  public static final String COMPUTE_COST = "100";
  public static final String ENGINE = "DNN_VM_AICPU";
  public static final String FALSE = "False";
  public static final String TRUE = "True";

  private JsonDescriptor() {}

  /**
   * The descriptor for {@code entries} of the runtime SO with fingerprint {@code fp}, preinstalled
   * as {@code kernelSo}.
   *
   * @throws InvalidRequestException if there is no entry, an entry is not a C identifier or is
   *     declared twice, or {@code kernelSo} is not a valid CANN SO name
   */
  public static String render(List<String> entries, Fingerprint fp, String kernelSo) {
    return render(entries, fp, kernelSo, FALSE);
  }

  /**
   * The descriptor of a custom AICPU op (PROTOCOL §4): as {@link #render}, but with {@code
   * userDefined} {@code "True"}, so CANN registers every entry as {@code KERNEL_TYPE_AICPU_CUSTOM}
   * (4) for the custom scheduler instead of type 2.
   *
   * @throws InvalidRequestException as {@link #render}
   */
  public static String renderCustom(List<String> entries, Fingerprint fp, String kernelSo) {
    return render(entries, fp, kernelSo, TRUE);
  }

  private static String render(
      List<String> entries, Fingerprint fp, String kernelSo, String userDefined) {
    if (entries.isEmpty()) {
      throw new InvalidRequestException(
          "A descriptor needs at least one entry.", "Declare the runtime's entry points.");
    }
    SoNames.requireValidSoName(kernelSo);
    Set<String> seen = new HashSet<>();
    for (String entry : entries) {
      if (!seen.add(entry)) {
        throw new InvalidRequestException(
            "Entry \"" + entry + "\" is declared twice; its opType would be registered once.",
            "Declare each entry once.");
      }
    }
    // Written as it streams out, with Gson's writer set as its pretty printing sets it: a Gson
    // instance would build its type adapters (java.time and java.sql among them) to write eight
    // strings an entry.
    StringWriter text = new StringWriter();
    try (JsonWriter w = new JsonWriter(text)) {
      w.setIndent("  ");
      w.setHtmlSafe(false);
      w.beginObject();
      for (String entry : entries) {
        w.name(PreinstallNaming.DEFAULT.opType(entry, fp)).beginObject();
        w.name("opInfo").beginObject();
        w.name("functionName").value(entry);
        w.name("kernelSo").value(kernelSo);
        w.name("opKernelLib").value(OP_KERNEL_LIB);
        w.name("computeCost").value(COMPUTE_COST);
        w.name("engine").value(ENGINE);
        w.name("flagAsync").value(FALSE);
        w.name("flagPartial").value(FALSE);
        w.name("userDefined").value(userDefined);
        w.endObject().endObject();
      }
      w.endObject();
    } catch (IOException e) {
      throw new UncheckedIOException("a StringWriter does not fail", e);
    }
    return text + "\n";
  }

  /**
   * opType → opInfo fields, both in document order.
   *
   * @throws InvalidRequestException if {@code json} is not a descriptor of that shape
   */
  public static Map<String, Map<String, String>> parse(String json) {
    try {
      Map<String, Map<String, String>> ops = new LinkedHashMap<>();
      for (Map.Entry<String, JsonElement> op :
          JsonParser.parseString(json).getAsJsonObject().entrySet()) {
        Map<String, String> fields = new LinkedHashMap<>();
        JsonObject opInfo = op.getValue().getAsJsonObject().getAsJsonObject("opInfo");
        if (opInfo == null) {
          throw new IllegalStateException("\"" + op.getKey() + "\" has no opInfo object");
        }
        for (Map.Entry<String, JsonElement> field : opInfo.entrySet()) {
          fields.put(field.getKey(), field.getValue().getAsJsonPrimitive().getAsString());
        }
        ops.put(op.getKey(), Collections.unmodifiableMap(fields));
      }
      return Collections.unmodifiableMap(ops);
    } catch (JsonParseException | IllegalStateException | ClassCastException e) {
      throw new InvalidRequestException(
          "Not a JSON descriptor: " + e.getMessage(),
          "A descriptor is one object of opType → {\"opInfo\": {string fields}}.",
          e);
    }
  }

  /**
   * Writes {@code json} to {@code target} atomically with mode 0600: into a temporary file in the
   * same directory, then renamed over {@code target}. A reader sees the old file or the whole new
   * one, never part of it; on failure the temporary file is removed and {@code target} is
   * untouched.
   *
   * @throws DescriptorFileException if the file cannot be written or renamed
   */
  public static void write(Path target, String json) {
    Path absolute = target.toAbsolutePath();
    Path directory = absolute.getParent();
    if (directory == null) {
      throw new InvalidRequestException(
          "Descriptor path " + absolute + " has no parent directory.",
          "Use a path from DescriptorDirectory.newDescriptorPath.");
    }
    Path temp = null;
    try {
      temp = PrivateFiles.createFile(directory, "." + absolute.getFileName() + ".", ".tmp");
      Files.writeString(temp, json, StandardCharsets.UTF_8);
      Files.move(
          temp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException | UnsupportedOperationException e) {
      if (temp != null) {
        try {
          Files.deleteIfExists(temp);
        } catch (IOException suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      throw new DescriptorFileException(
          absolute,
          "cannot be written: " + e,
          "Check that the descriptor directory exists, is writable and is on a local filesystem.",
          e);
    }
  }
}
