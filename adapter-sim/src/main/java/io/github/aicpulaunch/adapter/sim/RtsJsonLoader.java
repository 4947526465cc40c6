package io.github.aicpulaunch.adapter.sim;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.github.aicpulaunch.ports.out.KernelType;
import io.github.aicpulaunch.ports.out.LoadOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code rtsBinaryLoadFromFile}'s reading of a CPU-kernel descriptor, following CANN's rules
 * (PROTOCOL.md section 4): options, the last-dot path rewrite, realpath, one {@code opInfo} per
 * item, {@code opKernelLib} to kernel type, {@code userDefined} true only for "True".
 */
final class RtsJsonLoader {
  private static final Logger LOG = LoggerFactory.getLogger(RtsJsonLoader.class);

  /** One registered opType. */
  record Op(String opType, String functionName, String kernelSo, KernelType kernelType) {}

  /** The loaded descriptor: its ops, and for mode 1 the CPU SO read from the host. */
  record Loaded(Map<String, Op> ops, @Nullable Path cpuSo) {}

  /** A rule of CANN's was broken; the message says which (CANN answers 107000). */
  static final class Rejected extends Exception {
    private static final long serialVersionUID = 1L;

    Rejected(String message) {
      super(message);
    }
  }

  private RtsJsonLoader() {}

  static Loaded load(Path descriptor, LoadOptions options) throws Rejected {
    int mode = cpuKernelMode(options);
    String path = descriptor.toString();
    if (!descriptor.isAbsolute()) {
      throw new Rejected("the descriptor path " + path + " is not absolute");
    }
    // CANN replaces everything from the last '.' anywhere in the path, then adds the suffix.
    int dot = path.lastIndexOf('.');
    String stem = dot < 0 ? "" : path.substring(0, dot);
    Path json = Path.of(stem + ".json");
    Path realJson;
    try {
      realJson = json.toRealPath();
    } catch (IOException e) {
      throw new Rejected(
          "after CANN's last-dot rewrite the descriptor is '"
              + json
              + "', which does not exist (a path must end in .json, F7)");
    }
    Path cpuSo = null;
    if (mode == 1) {
      try {
        cpuSo = Path.of(stem + ".so").toRealPath();
      } catch (IOException e) {
        throw new Rejected("cpuKernelMode 1 needs " + stem + ".so next to the descriptor");
      }
    }
    String text;
    try {
      text = Files.readString(realJson, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new Rejected("cannot read " + realJson + ": " + e.getMessage());
    }
    return new Loaded(parse(text, realJson), cpuSo);
  }

  private static int cpuKernelMode(LoadOptions options) throws Rejected {
    Integer mode = null;
    for (LoadOptions.Option o : options.options()) {
      switch (o.optionId()) {
        case LoadOptions.OPT_LAZY_LOAD -> {}
        case LoadOptions.OPT_MAGIC ->
            throw new Rejected("RT_LOAD_BINARY_OPT_MAGIC is not accepted for a file");
        case LoadOptions.OPT_CPU_KERNEL_MODE -> {
          if (o.value() != 0 && o.value() != 1) {
            throw new Rejected(
                "cpuKernelMode " + o.value() + " is not accepted from a file (only 0 or 1)");
          }
          mode = o.value();
        }
        default -> throw new Rejected("unknown load option id " + o.optionId());
      }
    }
    if (mode == null) {
      throw new Rejected(
          "no cpuKernelMode option: the simulator loads CPU-kernel descriptors only");
    }
    return mode;
  }

  static Map<String, Op> parse(String text, Path source) throws Rejected {
    JsonElement root;
    try {
      root = JsonParser.parseString(text);
    } catch (JsonParseException e) {
      throw new Rejected(source + " is not valid JSON: " + e.getMessage());
    }
    if (!root.isJsonObject()) {
      throw new Rejected(source + " is not a JSON object of opTypes");
    }
    Map<String, Op> ops = new LinkedHashMap<>();
    for (Map.Entry<String, JsonElement> item : root.getAsJsonObject().entrySet()) {
      JsonElement value = item.getValue();
      JsonElement info = value.isJsonObject() ? value.getAsJsonObject().get("opInfo") : null;
      if (info == null || !info.isJsonObject()) {
        LOG.warn("{}: op {} has no opInfo, skipped", source, item.getKey());
        continue;
      }
      JsonObject o = info.getAsJsonObject();
      boolean userDefined = "True".equals(string(o, "userDefined"));
      KernelType type = kernelType(string(o, "opKernelLib"), userDefined);
      if (type == KernelType.RESERVED) {
        LOG.error(
            "{}: op {} has opKernelLib {}, kernel type RESERVED",
            source,
            item.getKey(),
            string(o, "opKernelLib"));
      }
      ops.putIfAbsent(
          item.getKey(),
          new Op(item.getKey(), string(o, "functionName"), string(o, "kernelSo"), type));
    }
    return ops;
  }

  static KernelType kernelType(String opKernelLib, boolean userDefined) {
    return switch (opKernelLib) {
      case "CUSTAICPUKernel" -> KernelType.AICPU_CUSTOM;
      case "AICPUKernel" -> userDefined ? KernelType.AICPU_CUSTOM : KernelType.AICPU;
      case "TFKernel" -> KernelType.FWK;
      case "KFCKernel" -> KernelType.AICPU_KFC;
      case "CUSTKFCKernel" -> KernelType.CUSTOM_KFC;
      default -> KernelType.RESERVED;
    };
  }

  private static String string(JsonObject o, String key) {
    JsonElement e = o.get(key);
    return e != null && e.isJsonPrimitive() ? e.getAsString() : "";
  }
}
