package io.github.aicpulaunch.app.cli;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.github.aicpulaunch.domain.inspect.RuntimeSoInspector;
import io.github.aicpulaunch.domain.inspect.SoReport;
import io.github.aicpulaunch.domain.naming.PreinstallNaming;
import io.github.aicpulaunch.ports.AicpuLaunchException;
import io.github.aicpulaunch.ports.in.OpenSessionCommand;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code aicpu-launch inspect}: what the device would make of a runtime SO. */
@Command(
    name = "inspect",
    mixinStandardHelpOptions = true,
    description = {
      "Print an SO's ELF class, machine, Build-ID, fingerprint (and how it was derived), its",
      "preinstall name for a device, its exported entry points, and whether it satisfies the",
      "runtime contract. Touches no device."
    },
    footer = {
      "",
      "Exit codes: 0 the SO satisfies the contract; 2 it was read but does not;",
      "1 it cannot be read (the reason is printed on one line); 64 wrong usage."
    })
final class InspectCommand implements Callable<Integer> {
  @Spec CommandSpec spec = CommandSpec.create();

  @Parameters(index = "0", paramLabel = "<so>", description = "The shared object to inspect.")
  Path so = Path.of("");

  @Option(
      names = "--device",
      paramLabel = "N",
      description = "Device id the preinstall name is for (default: ${DEFAULT-VALUE}).")
  int device = 0;

  @Option(
      names = "--entry",
      paramLabel = "NAME",
      description = {
        "An entry point the runtime must export; repeat for several.",
        "Default: simpler_aicpu_exec and simpler_aicpu_init."
      })
  List<String> entries = new ArrayList<>();

  @Option(names = "--json", description = "Print one JSON object instead of text.")
  boolean json;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    List<String> required = entries.isEmpty() ? OpenSessionCommand.DEFAULT_ENTRIES : entries;
    SoReport report;
    try {
      report = new RuntimeSoInspector(PreinstallNaming.DEFAULT).inspect(so, device, required);
    } catch (AicpuLaunchException e) {
      return Failures.report(spec.commandLine().getErr(), "inspect", e, ExitCodes.FAILED);
    }
    if (json) {
      out.println(toJson(report));
    } else {
      printText(out, report);
    }
    out.flush();
    return report.satisfiesContract() ? ExitCodes.OK : ExitCodes.NOT_SATISFIED;
  }

  private static void printText(PrintWriter out, SoReport r) {
    String format = "%-13s %s%n";
    out.printf(format, "file:", r.path());
    out.printf(format, "size:", r.size() + " bytes");
    out.printf(
        format,
        "class:",
        "ELF64, little-endian, " + (r.elf().isSharedObject() ? "shared object" : typeName(r)));
    out.printf(format, "machine:", r.elf().machineName());
    out.printf(format, "build-id:", r.elf().buildId().map(b -> b.hex()).orElse("(none)"));
    out.printf(format, "fingerprint:", r.fingerprint().hex());
    out.printf(format, "derived from:", r.fingerprintDerivation());
    out.printf(format, "preinstall:", r.preinstallName() + " (device " + r.device() + ")");
    out.printf(format, "exports:", r.elf().exportedFunctions().size() + " functions");
    for (String entry : r.requiredEntries()) {
      out.printf(format, "", (r.elf().exports(entry) ? "[x] " : "[ ] ") + entry);
    }
    out.printf(
        format,
        "contract:",
        r.satisfiesContract() ? "satisfied" : "NOT satisfied: " + r.contractProblem());
  }

  private static String typeName(SoReport r) {
    return "e_type " + r.elf().type() + " (not a shared object)";
  }

  private static String toJson(SoReport r) {
    JsonObject o = new JsonObject();
    o.addProperty("file", r.path().toString());
    o.addProperty("size", r.size());
    o.addProperty("elfClass", "ELF64");
    o.addProperty("sharedObject", r.elf().isSharedObject());
    o.addProperty("machine", r.elf().machineName());
    o.addProperty("eMachine", r.elf().machine());
    o.addProperty("buildId", r.elf().buildId().map(b -> b.hex()).orElse(null));
    o.addProperty("fingerprint", r.fingerprint().hex());
    o.addProperty("fingerprintSource", r.fingerprint().source().name());
    o.addProperty("fingerprintDerivation", r.fingerprintDerivation());
    o.addProperty("device", r.device());
    o.addProperty("preinstallName", r.preinstallName());
    JsonArray exported = new JsonArray();
    r.elf().exportedFunctions().forEach(exported::add);
    o.add("exportedFunctions", exported);
    JsonArray required = new JsonArray();
    r.requiredEntries().forEach(required::add);
    o.add("requiredEntries", required);
    JsonArray missing = new JsonArray();
    r.missingEntries().forEach(missing::add);
    o.add("missingEntries", missing);
    o.addProperty("satisfiesContract", r.satisfiesContract());
    if (!r.satisfiesContract()) {
      o.addProperty("contractProblem", r.contractProblem());
    }
    return new GsonBuilder().serializeNulls().create().toJson(o);
  }
}
