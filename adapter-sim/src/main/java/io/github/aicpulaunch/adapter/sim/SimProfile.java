package io.github.aicpulaunch.adapter.sim;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.stream.JsonWriter;
import io.github.aicpulaunch.ports.CannError;
import io.github.aicpulaunch.ports.out.CannVersion;
import io.github.aicpulaunch.ports.out.Capability;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The CANN installation the simulator pretends to be: its version and SoC, the C functions it
 * exports, whether its rts JSON loader accepts descriptors, and the code its op-execute watchdog
 * reports. Reported through the runtime-info port and shaping behaviour where CANN installations
 * differ.
 *
 * <p>A profile is a JSON file in the shape {@code aicpu-launch doctor --json} writes: an object
 * whose {@code "profile"} member holds {@code format} (1), {@code source}, {@code version}, {@code
 * socName}, {@code capabilities} (names of {@link Capability}), {@code jsonLoader} ({@code
 * {"accepted": true}} or {@code {"accepted": false, "cannCode": 107000, "function": ...}}, what the
 * registration probe found; required when the rts API is offered) and {@code watchdogCode} (507018
 * or 507000). So a profile measured on a card drives the simulator ({@link #load}); the built-in
 * profiles ({@link #CANN_8_5_0}, {@link #CANN_9_0_0}, {@link #CANN_9_1}) are such files among this
 * module's resources ({@code profiles/cann-*.json}), loaded the same way.
 *
 * @param name how the profile is named: a built-in version name, or the file it came from
 * @param source where its facts come from (a card's doctor report, or a built-in's provenance)
 * @param version the CANN version reported
 * @param socName the SoC reported
 * @param capabilities the C functions this CANN exports
 * @param jsonLoaderWorks whether {@code rtsBinaryLoadFromFile} accepts a well-formed descriptor;
 *     when not, it answers 107000 to every one
 * @param watchdogError the code the op-execute watchdog reports for a reaped task, unless the
 *     config overrides it
 */
public record SimProfile(
    String name,
    String source,
    CannVersion version,
    String socName,
    Set<Capability> capabilities,
    boolean jsonLoaderWorks,
    CannError watchdogError) {

  /** The format of profile files this class reads and writes. */
  public static final int FORMAT = 1;

  /** CANN 8.5.0 on a2a3: the rts JSON loader answers 107000 to every file (the seed issue). */
  public static final SimProfile CANN_8_5_0 = builtIn("8.5.0", "cann-8.5.0.json");

  /** CANN 9.0.0 on a2a3 (Ascend910_93): the supported production target. */
  public static final SimProfile CANN_9_0_0 = builtIn("9.0.0", "cann-9.0.0.json");

  /** CANN 9.1 on a5, where an AICPU op timeout surfaces as 507000. */
  public static final SimProfile CANN_9_1 = builtIn("9.1", "cann-9.1.json");

  /**
   * The built-in profiles, oldest first: the one list that {@link #of}, its error and the CLI's
   * help and completion take the names from.
   */
  public static final List<SimProfile> BUILT_IN = List.of(CANN_8_5_0, CANN_9_0_0, CANN_9_1);

  /** What a simulator emulates unless told otherwise. */
  public static final SimProfile DEFAULT = CANN_9_0_0;

  /** Other spellings of a built-in's version that {@link #of} accepts. */
  private static final Map<String, SimProfile> ALIASES =
      Map.of("8.5", CANN_8_5_0, "9.0", CANN_9_0_0, "9.1.0", CANN_9_1, "9.1.t500", CANN_9_1);

  public SimProfile {
    capabilities = Set.copyOf(capabilities);
    if (socName.isBlank()) {
      throw new IllegalArgumentException("profile " + name + ": the SoC name is empty");
    }
    if (watchdogError != CannError.AICPU_EXCEPTION && watchdogError != CannError.INTERNAL_ERROR) {
      throw new IllegalArgumentException(
          "profile "
              + name
              + ": the watchdog reports 507018 or 507000, not "
              + watchdogError.code());
    }
  }

  /**
   * A built-in profile by its version name ({@link #builtInNames}) or an alias of it, or else the
   * profile file at that path.
   *
   * @throws IllegalArgumentException for a name that is neither, or a file that is not a profile
   */
  public static SimProfile of(String nameOrFile) {
    String n = nameOrFile.strip().toLowerCase(Locale.ROOT);
    for (SimProfile builtIn : BUILT_IN) {
      if (builtIn.name().equals(n)) {
        return builtIn;
      }
    }
    SimProfile alias = ALIASES.get(n);
    if (alias != null) {
      return alias;
    }
    Path file = Path.of(nameOrFile.strip());
    if (Files.isRegularFile(file)) {
      return load(file);
    }
    List<String> names = builtInNames();
    throw new IllegalArgumentException(
        "no simulator profile '"
            + nameOrFile
            + "': use "
            + String.join(", ", names.subList(0, names.size() - 1))
            + " or "
            + names.get(names.size() - 1)
            + ", or the path of a profile file (what doctor --json writes)");
  }

  /** The names of {@link #BUILT_IN}, in its order. */
  public static List<String> builtInNames() {
    return BUILT_IN.stream().map(SimProfile::name).toList();
  }

  /**
   * The profile in {@code file}, in the shape {@code doctor --json} writes.
   *
   * @throws IllegalArgumentException when the file cannot be read or is not a profile, naming it
   */
  public static SimProfile load(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read the simulator profile " + file + ": " + e, e);
    }
    return parse(
        text, file.getFileName() == null ? file.toString() : file.getFileName().toString());
  }

  /**
   * The profile in {@code json}.
   *
   * @param name what to call the profile (a file name)
   * @throws IllegalArgumentException naming the field that is missing or wrong
   */
  public static SimProfile parse(String json, String name) {
    JsonObject profile;
    try {
      JsonElement root = JsonParser.parseString(json);
      if (!root.isJsonObject() || !root.getAsJsonObject().has("profile")) {
        throw bad(name, "has no \"profile\" object; write one with doctor --json");
      }
      profile = root.getAsJsonObject().getAsJsonObject("profile");
      int format = number(profile, "format", name);
      if (format != FORMAT) {
        throw bad(name, "is format " + format + "; this simulator reads format " + FORMAT);
      }
      CannVersion version = CannVersion.parse(text(profile, "version", name));
      Set<Capability> capabilities = EnumSet.noneOf(Capability.class);
      JsonArray names = profile.getAsJsonArray("capabilities");
      if (names == null) {
        throw bad(name, "has no \"capabilities\" list");
      }
      for (JsonElement c : names) {
        try {
          capabilities.add(Capability.valueOf(c.getAsString()));
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
          throw bad(
              name,
              "names an unknown capability "
                  + c
                  + " (known: "
                  + List.of(Capability.values())
                  + ")");
        }
      }
      boolean loaderWorks = jsonLoader(profile, capabilities, name);
      int watchdog = number(profile, "watchdogCode", name);
      CannError watchdogError =
          CannError.of(watchdog)
              .orElseThrow(
                  () -> bad(name, "has watchdogCode " + watchdog + "; use 507018 or 507000"));
      return new SimProfile(
          name,
          text(profile, "source", name),
          version,
          text(profile, "socName", name),
          capabilities,
          loaderWorks,
          watchdogError);
    } catch (JsonParseException | ClassCastException | IllegalStateException e) {
      throw bad(name, "is not a profile: " + e.getMessage());
    }
  }

  /**
   * What the simulator does with a profile that names the registration probe's verdict: it models
   * an accepting loader, and one that answers 107000 to every descriptor.
   */
  private static boolean jsonLoader(JsonObject profile, Set<Capability> capabilities, String name) {
    JsonObject loader = profile.getAsJsonObject("jsonLoader");
    if (loader == null) {
      if (capabilities.contains(Capability.RTS_BINARY_LOAD)) {
        throw bad(
            name, "offers the rts API but has no \"jsonLoader\" verdict of the registration probe");
      }
      return true;
    }
    if (!loader.has("accepted")) {
      throw bad(name, "has a \"jsonLoader\" without \"accepted\"");
    }
    if (loader.get("accepted").getAsBoolean()) {
      return true;
    }
    int code = loader.has("cannCode") ? loader.get("cannCode").getAsInt() : 0;
    if (code != CannError.PARAM_INVALID.code()) {
      throw bad(
          name,
          "has an rts JSON loader that refused with "
              + code
              + "; the simulator models a loader that refuses with 107000 only");
    }
    return false;
  }

  private static int number(JsonObject o, String key, String name) {
    if (!o.has(key)) {
      throw bad(name, "has no \"" + key + "\"");
    }
    return o.get(key).getAsInt();
  }

  private static String text(JsonObject o, String key, String name) {
    if (!o.has(key) || o.get(key).getAsString().isBlank()) {
      throw bad(name, "has no \"" + key + "\"");
    }
    return o.get(key).getAsString();
  }

  private static IllegalArgumentException bad(String name, String problem) {
    return new IllegalArgumentException("the simulator profile " + name + " " + problem);
  }

  private static SimProfile builtIn(String name, String resource) {
    try (InputStream in = SimProfile.class.getResourceAsStream("profiles/" + resource)) {
      if (in == null) {
        throw new IllegalStateException("built-in simulator profile " + resource + " is missing");
      }
      SimProfile read = parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), resource);
      return new SimProfile(
          name,
          read.source(),
          read.version(),
          read.socName(),
          read.capabilities(),
          read.jsonLoaderWorks(),
          read.watchdogError());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read built-in simulator profile " + resource, e);
    }
  }

  /**
   * A profile measured on a backend ({@code doctor} builds one from its probes).
   *
   * @param jsonLoaderRefusal the code the rts JSON loader answered the registration probe with;
   *     null when it accepted the descriptor or was not probed
   * @throws IllegalArgumentException for a refusal other than 107000, which the simulator does not
   *     model
   * @param watchdogError the op-execute watchdog's code; no probe tells it without a hanging
   *     kernel, so {@link #watchdogErrorFor} gives the simulator's choice for the SoC
   */
  public static SimProfile measured(
      String source,
      CannVersion version,
      String socName,
      Set<Capability> capabilities,
      @Nullable Integer jsonLoaderRefusal,
      CannError watchdogError) {
    if (jsonLoaderRefusal != null && jsonLoaderRefusal != CannError.PARAM_INVALID.code()) {
      throw new IllegalArgumentException(
          "the rts JSON loader refused with "
              + jsonLoaderRefusal
              + "; the simulator models a loader that refuses with 107000 only");
    }
    return new SimProfile(
        "measured",
        source,
        version,
        socName,
        capabilities,
        jsonLoaderRefusal == null,
        watchdogError);
  }

  /** The code an op-execute watchdog reports on this SoC: 507000 on a5 (Ascend950), else 507018. */
  public static CannError watchdogErrorFor(String socName) {
    return socName.startsWith("Ascend950") ? CannError.INTERNAL_ERROR : CannError.AICPU_EXCEPTION;
  }

  /**
   * This profile as the {@code "profile"} object of a profile file, pretty-printed as Gson's pretty
   * printing does (written by its JsonWriter directly: a Gson instance's type adapters initialise
   * java.time and java.sql, a cost doctor paid at every start).
   */
  public String toJson() {
    StringWriter text = new StringWriter();
    try (JsonWriter w = new JsonWriter(text)) {
      w.setIndent("  ");
      w.setHtmlSafe(false);
      w.beginObject();
      w.name("format").value(FORMAT);
      w.name("source").value(source);
      w.name("version").value(version.text());
      w.name("socName").value(socName);
      w.name("capabilities").beginArray();
      for (String c : new TreeSet<>(capabilities.stream().map(Capability::name).toList())) {
        w.value(c);
      }
      w.endArray();
      if (capabilities.contains(Capability.RTS_BINARY_LOAD)) {
        w.name("jsonLoader").beginObject();
        w.name("accepted").value(jsonLoaderWorks);
        if (!jsonLoaderWorks) {
          w.name("cannCode").value(CannError.PARAM_INVALID.code());
          w.name("function").value("rtsBinaryLoadFromFile");
        }
        w.endObject();
      }
      w.name("watchdogCode").value(watchdogError.code());
      w.endObject();
    } catch (IOException e) {
      throw new UncheckedIOException("a StringWriter does not fail", e);
    }
    return text.toString();
  }
}
