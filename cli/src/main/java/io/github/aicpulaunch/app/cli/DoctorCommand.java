package io.github.aicpulaunch.app.cli;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.aicpulaunch.adapter.cann.CannAdapter;
import io.github.aicpulaunch.adapter.cann.CannReport;
import io.github.aicpulaunch.adapter.sim.SimProfile;
import io.github.aicpulaunch.app.AicpuLaunch;
import io.github.aicpulaunch.app.wiring.BackendComponent;
import io.github.aicpulaunch.app.wiring.CannComponent;
import io.github.aicpulaunch.app.wiring.PackagedSos;
import io.github.aicpulaunch.domain.fingerprint.Fingerprint;
import io.github.aicpulaunch.domain.fingerprint.Fingerprints;
import io.github.aicpulaunch.domain.naming.PreinstallNaming;
import io.github.aicpulaunch.domain.session.DeviceProbes;
import io.github.aicpulaunch.domain.session.PolicyRequest;
import io.github.aicpulaunch.domain.spi.Deployment;
import io.github.aicpulaunch.domain.spi.EntryPoint;
import io.github.aicpulaunch.domain.spi.LaunchStrategy;
import io.github.aicpulaunch.domain.spi.RuntimeImage;
import io.github.aicpulaunch.domain.strategy.DispatcherUploadDeployment;
import io.github.aicpulaunch.ports.AicpuLaunchException;
import io.github.aicpulaunch.ports.in.OpenSessionCommand;
import io.github.aicpulaunch.ports.out.Capability;
import io.github.aicpulaunch.ports.out.RuntimeInfo;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code aicpu-launch doctor}: which backends this machine can use, and what the policy would do on
 * the chosen one. Launches nothing.
 */
final class DoctorCommand implements Callable<Integer> {
  final CommandSpec spec = CommandModel.command(this, "doctor");

  boolean json;

  int device = 0;

  final BackendOptions backend = new BackendOptions();

  DoctorCommand() {
    spec.usageMessage()
        .header("Report whether CANN and the simulator work here, and which strategies would.")
        .description(
            "Report whether CANN is usable here (library paths, version, SoC, capabilities) or why"
                + " not, whether the simulator runs, which backend --backend picks and why; on that"
                + " backend probe one device the way a session would (attach, device count,"
                + " physical id, op-execute watchdog, a stream, and the registration probe of the"
                + " rts JSON loader) and print what CANN answered to each; then which deployments"
                + " and launch strategies would work there, which would be refused and why, and the"
                + " policy's default choice. No kernel is launched.",
            "",
            "With --json the report also holds a simulator profile of what was found: save it to a"
                + " file and --sim-profile FILE makes the simulator behave like this machine's"
                + " CANN.")
        .footer(
            "",
            "Exit codes: 0 the backend asked for (--backend, default auto) is usable and every"
                + " probe passed; 1 a probe failed on the device (the report says which and CANN's"
                + " code); 4 the backend is not usable (the report says why); 64 wrong usage.");
    spec.addOption(
        CommandModel.option("--json", boolean.class, json, v -> json = v)
            .description("Print one JSON object instead of text.")
            .build());
    spec.addOption(
        CommandModel.option("--device", int.class, device, v -> device = v)
            .paramLabel("N")
            .description("Logical device the probes run on (default: ${DEFAULT-VALUE}).")
            .build());
    backend.addTo(spec);
    CommandModel.addStandardHelpOptions(spec);
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    JsonObject report = new JsonObject();
    CannAdapter cann = CannComponent.create(backend.cannOptions()).adapter();
    report.add("cann", cannJson(cann.report()));
    JsonObject selected = new JsonObject();
    selected.addProperty("requested", backend.backend.toString());
    int code = ExitCodes.OK;
    try (AicpuLaunch aicpu = backend.open()) {
      selected.addProperty("usable", true);
      selected.addProperty("reason", aicpu.reason());
      DeviceProbes.Report probes = aicpu.component().probes().probe(device);
      selected.add("probes", probesJson(probes));
      describe(aicpu, probes, selected);
      addProfile(report, aicpu.runtimeInfo(), probes);
      if (!probes.allPassed()) {
        code = ExitCodes.FAILED;
      }
    } catch (RuntimeException e) {
      selected.addProperty("usable", false);
      selected.addProperty("reason", Failures.oneLine(e));
      code = ExitCodes.UNAVAILABLE;
    }
    report.add("selected", selected);
    if (json) {
      out.println(new GsonBuilder().serializeNulls().create().toJson(report));
    } else {
      out.println(cann.report().describe());
      printSelected(out, selected);
      if (report.has("profile")) {
        out.println(
            "  simulator profile: --json writes it (as \"profile\"); --sim-profile FILE replays"
                + " this CANN in the simulator");
      } else if (report.has("profileProblem")) {
        out.println("  simulator profile: none: " + report.get("profileProblem").getAsString());
      }
    }
    out.flush();
    return code;
  }

  private static JsonObject cannJson(CannReport r) {
    JsonObject o = new JsonObject();
    o.addProperty("available", r.available());
    o.addProperty("unavailabilityCause", r.unavailabilityCause().orElse(null));
    o.addProperty("ascendcl", r.ascendcl().map(Path::toString).orElse(null));
    o.addProperty("runtime", r.runtime().map(Path::toString).orElse(null));
    JsonArray searched = new JsonArray();
    r.searched().forEach(p -> searched.add(p.toString()));
    o.add("searched", searched);
    o.addProperty("version", r.version().map(v -> v.text()).orElse(null));
    o.addProperty("versionSource", r.versionSource());
    o.addProperty("socName", r.socName());
    o.add("capabilities", capabilities(r.capabilities()));
    JsonArray missing = new JsonArray();
    r.missingSymbols().forEach(missing::add);
    o.add("missingSymbols", missing);
    return o;
  }

  private static JsonArray capabilities(Set<Capability> caps) {
    JsonArray a = new JsonArray();
    new TreeSet<>(caps.stream().map(Capability::name).toList()).forEach(a::add);
    return a;
  }

  /**
   * What the probes found, as a simulator profile ({@link SimProfile}): version, SoC and
   * capabilities as the backend reports them, the registration probe's verdict, and the watchdog
   * code the simulator uses for the SoC (no probe can tell it without a hanging kernel).
   */
  private static void addProfile(JsonObject report, RuntimeInfo info, DeviceProbes.Report probes) {
    try {
      SimProfile profile =
          SimProfile.measured(
              "aicpu-launch doctor on device "
                  + probes.logicalDevice()
                  + " of "
                  + info.backend()
                  + ": "
                  + info.description(),
              info.version(),
              info.socName(),
              info.capabilities(),
              probes.jsonLoader().filter(v -> !v.accepted()).map(v -> v.code()).orElse(null),
              SimProfile.watchdogErrorFor(info.socName()));
      report.add("profile", JsonParser.parseString(profile.toJson()));
    } catch (IllegalArgumentException e) {
      report.addProperty("profileProblem", Failures.oneLine(e));
    }
  }

  private static JsonObject probesJson(DeviceProbes.Report r) {
    JsonObject o = new JsonObject();
    o.addProperty("device", r.logicalDevice());
    o.addProperty("physicalDevice", r.physicalDevice());
    JsonArray findings = new JsonArray();
    for (DeviceProbes.Finding f : r.findings()) {
      JsonObject j = new JsonObject();
      j.addProperty("probe", f.name());
      j.addProperty("outcome", f.outcome().name().toLowerCase(Locale.ROOT).replace('_', ' '));
      j.addProperty("detail", Failures.oneLine(f.detail()));
      if (f.code() != 0) {
        j.addProperty("cannCode", f.code());
        j.addProperty("function", f.function());
      }
      findings.add(j);
    }
    o.add("findings", findings);
    r.jsonLoader()
        .ifPresent(
            v -> {
              JsonObject loader = new JsonObject();
              loader.addProperty("accepted", v.accepted());
              if (!v.accepted()) {
                loader.addProperty("cannCode", v.code());
                loader.addProperty("cannName", v.cannName());
                loader.addProperty("function", v.function());
              }
              o.add("jsonLoader", loader);
            });
    return o;
  }

  /** The strategy table and the policy's default for the backend {@code aicpu} stands for. */
  private static void describe(AicpuLaunch aicpu, DeviceProbes.Report probes, JsonObject o) {
    RuntimeInfo info = aicpu.runtimeInfo();
    o.addProperty("backend", info.backend());
    o.addProperty("description", info.description());
    o.addProperty("version", info.version().text());
    o.addProperty("socName", info.socName());
    o.addProperty("deviceArch", info.deviceArch().displayName());
    o.add("capabilities", capabilities(info.capabilities()));
    BackendComponent c = aicpu.component();
    JsonObject deployments = new JsonObject();
    for (Map.Entry<String, Deployment> d : new TreeMap<>(c.deployments()).entrySet()) {
      deployments.add(d.getKey(), verdict(d.getValue().refusal(info), false));
    }
    o.add("deployments", deployments);
    Deployment upload = c.deployments().get(DispatcherUploadDeployment.NAME);
    JsonObject launches = new JsonObject();
    for (Map.Entry<String, LaunchStrategy> l : new TreeMap<>(c.launchStrategies()).entrySet()) {
      Optional<String> refusal =
          upload == null
              ? Optional.of("no dispatcher-upload deployment")
              : l.getValue()
                  .refusal(info, upload)
                  .or(() -> c.policy().loaderRefusal(l.getValue(), info, probes.jsonLoader()));
      launches.add(l.getKey(), verdict(refusal, l.getValue().explicitOnly()));
    }
    o.add("launches", launches);
    o.addProperty("policyDefault", policyDefault(c, info, probes));
  }

  private static JsonObject verdict(Optional<String> refusal, boolean explicitOnly) {
    JsonObject v = new JsonObject();
    v.addProperty("works", refusal.isEmpty());
    v.addProperty("explicitOnly", explicitOnly);
    v.addProperty("refusal", refusal.orElse(null));
    return v;
  }

  /**
   * What the policy picks for a fresh runtime SO on device 0, asked with the packaged example
   * runtime as the SO; no device call.
   */
  private static String policyDefault(
      BackendComponent c, RuntimeInfo info, DeviceProbes.Report probes) {
    Optional<byte[]> example = PackagedSos.bytes(info.deviceArch(), PackagedSos.VECTOR_RUNTIME);
    if (example.isEmpty()) {
      return "unknown: this build packages no example runtime for "
          + info.deviceArch().displayName();
    }
    Fingerprint fp = Fingerprints.of(example.get());
    PreinstallNaming naming = PreinstallNaming.DEFAULT;
    RuntimeImage image =
        new RuntimeImage(
            Path.of("/").resolve(PackagedSos.VECTOR_RUNTIME),
            fp.value(),
            fp.hex(),
            fp.source() == Fingerprint.Source.BUILD_ID
                ? RuntimeImage.SOURCE_BUILD_ID
                : RuntimeImage.SOURCE_FNV1A_64,
            naming.basename(fp, 0),
            OpenSessionCommand.DEFAULT_ENTRIES.stream()
                .map(e -> new EntryPoint(e, naming.opType(e, fp)))
                .toList(),
            example.get().length,
            info.deviceArch().elfMachine());
    try {
      return c.policy()
          .decide(
              info,
              image,
              new PolicyRequest(
                  Optional.empty(),
                  Optional.empty(),
                  probes.physicalDevice(),
                  0,
                  probes.jsonLoader()))
          .reason();
    } catch (AicpuLaunchException e) {
      return "none: " + Failures.oneLine(e);
    }
  }

  private static void printSelected(PrintWriter out, JsonObject s) {
    out.println();
    String requested = s.get("requested").getAsString();
    if (!s.get("usable").getAsBoolean()) {
      out.println("Backend " + requested + ": NOT usable: " + s.get("reason").getAsString());
      return;
    }
    out.println(
        "Backend "
            + requested
            + " -> "
            + s.get("backend").getAsString()
            + ": "
            + s.get("description").getAsString());
    out.println("  because: " + s.get("reason").getAsString());
    out.println(
        "  CANN "
            + s.get("version").getAsString()
            + ", SoC "
            + s.get("socName").getAsString()
            + ", device code for "
            + s.get("deviceArch").getAsString());
    out.println("  capabilities: " + s.get("capabilities"));
    JsonObject probes = s.getAsJsonObject("probes");
    out.println(
        "  probes on device "
            + probes.get("device").getAsInt()
            + " (physical "
            + probes.get("physicalDevice").getAsInt()
            + "):");
    for (var f : probes.getAsJsonArray("findings")) {
      JsonObject finding = f.getAsJsonObject();
      String outcome = finding.get("outcome").getAsString();
      out.printf(
          Locale.ROOT,
          "    %-20s %s%s%n",
          finding.get("probe").getAsString(),
          outcome.equals("passed") ? "" : outcome.toUpperCase(Locale.ROOT) + ": ",
          finding.get("detail").getAsString());
    }
    out.println("  deployments:");
    printVerdicts(out, s.getAsJsonObject("deployments"));
    out.println("  launch strategies (with dispatcher-upload):");
    printVerdicts(out, s.getAsJsonObject("launches"));
    out.println("  policy default: " + s.get("policyDefault").getAsString());
  }

  private static void printVerdicts(PrintWriter out, JsonObject verdicts) {
    for (String name : verdicts.keySet()) {
      JsonObject v = verdicts.getAsJsonObject(name);
      String state;
      if (!v.get("works").getAsBoolean()) {
        state = "refused: " + v.get("refusal").getAsString();
      } else if (v.get("explicitOnly").getAsBoolean()) {
        state = "works, explicit opt-in only";
      } else {
        state = "works";
      }
      out.printf(Locale.ROOT, "    %-18s %s%n", name, state);
    }
  }
}
