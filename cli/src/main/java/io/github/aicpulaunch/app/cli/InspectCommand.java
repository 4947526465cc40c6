package io.github.aicpulaunch.app.cli;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.github.aicpulaunch.domain.elf.ElfLinkage;
import io.github.aicpulaunch.domain.inspect.CardEnvironment;
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
import picocli.CommandLine.Model.CommandSpec;

/** {@code aicpu-launch inspect}: what the device would make of a runtime SO. */
final class InspectCommand implements Callable<Integer> {
  final CommandSpec spec = CommandModel.command(this, "inspect");

  Path so = Path.of("");

  int device = 0;

  List<String> entries = new ArrayList<>();

  List<String> onlyEntries = new ArrayList<>();

  String cardGlibc = CardEnvironment.DEFAULT_MAX_GLIBC;

  boolean json;

  InspectCommand() {
    spec.usageMessage()
        .header("Check a shared object against the runtime contract without touching a device.")
        .description(
            "Print an SO's ELF class, machine, Build-ID, fingerprint (and how it was derived), its"
                + " preinstall name for a device, its exported entry points, what it needs from"
                + " the process that loads it, and whether it satisfies the runtime contract:"
                + " every entry exported as a function, no library or symbol a card's AICPU"
                + " process lacks, no glibc version newer than the card's. Touches no device.",
            "",
            "What a card provides: libc, libm, libpthread, libdl, librt, libstdc++, libgcc_s,"
                + " libascend_hal and the AICPU process's own DlogRecord and halGetDeviceInfo"
                + " (docs/ABI.md \"Device environment\"). The card's glibc is an assumption, "
                + CardEnvironment.DEFAULT_MAX_GLIBC
                + " unless --card-glibc says otherwise (no public source states it: read it on"
                + " your card, docs/DEBUGGING.md).")
        .footer(
            "",
            "Exit codes: 0 the SO satisfies the contract; 2 it was read but does not;",
            "1 it cannot be read (the reason is printed on one line); 64 wrong usage.");
    spec.addPositional(
        CommandModel.positional("0", Path.class, so, v -> so = v)
            .paramLabel("<so>")
            .required(true)
            .description("The shared object to inspect.")
            .build());
    spec.addOption(
        CommandModel.option("--device", int.class, device, v -> device = v)
            .paramLabel("N")
            .description("Device id the preinstall name is for (default: ${DEFAULT-VALUE}).")
            .build());
    spec.addOption(
        CommandModel.list("--entry", String.class, entries, v -> entries = v)
            .paramLabel("NAME")
            .description(
                "Another entry point the runtime must export, besides simpler_aicpu_exec and "
                    + "simpler_aicpu_init; repeat for several.")
            .build());
    spec.addOption(
        CommandModel.list("--only-entry", String.class, onlyEntries, v -> onlyEntries = v)
            .paramLabel("NAME")
            .description(
                "The entry points the runtime must export, instead of the defaults (e.g. a"
                    + " dispatcher's or a legacy runtime's); repeat for several.")
            .build());
    spec.addOption(
        CommandModel.option("--card-glibc", String.class, cardGlibc, v -> cardGlibc = v)
            .paramLabel("VERSION")
            .description(
                "The newest glibc version the card's AICPU OS has, e.g. 2.28, or 'none' to skip"
                    + " the check (default: "
                    + CardEnvironment.DEFAULT_MAX_GLIBC
                    + ", an assumption).")
            .build());
    spec.addOption(
        CommandModel.option("--json", boolean.class, json, v -> json = v)
            .description("Print one JSON object instead of text.")
            .build());
    CommandModel.addStandardHelpOptions(spec);
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    List<String> required = new ArrayList<>();
    if (onlyEntries.isEmpty()) {
      required.addAll(OpenSessionCommand.DEFAULT_ENTRIES);
      entries.stream().filter(e -> !required.contains(e)).forEach(required::add);
    } else if (!entries.isEmpty()) {
      err.println(
          "aicpu-launch inspect: --entry adds to the default entries and --only-entry replaces"
              + " them; use one or the other.");
      return ExitCodes.USAGE;
    } else {
      onlyEntries.stream().filter(e -> !required.contains(e)).forEach(required::add);
    }
    CardEnvironment card;
    try {
      card =
          CardEnvironment.defaults()
              .withMaxGlibc(cardGlibc.equalsIgnoreCase("none") ? null : cardGlibc.strip());
    } catch (IllegalArgumentException e) {
      err.println("aicpu-launch inspect: --card-glibc " + e.getMessage() + ", or none.");
      return ExitCodes.USAGE;
    }
    SoReport report;
    try {
      report = new RuntimeSoInspector(PreinstallNaming.DEFAULT).inspect(so, device, required, card);
    } catch (AicpuLaunchException e) {
      return Failures.report(err, "inspect", e, ExitCodes.FAILED);
    }
    if (json) {
      out.println(toJson(report));
    } else {
      printText(out, report);
    }
    out.flush();
    return report.satisfiesContract() ? ExitCodes.OK : ExitCodes.NOT_SATISFIED;
  }

  /**
   * A path or name as one printable line: control characters escaped, so a report stays parseable.
   */
  static String printable(String s) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        case '\\' -> sb.append("\\\\");
        default -> {
          if (c < 0x20 || c == 0x7f) {
            sb.append(String.format("\\x%02x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.toString();
  }

  private static void printText(PrintWriter out, SoReport r) {
    String format = "%-13s %s%n";
    ElfLinkage l = r.linkage();
    out.printf(format, "file:", printable(r.path().toString()));
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
      String mark =
          r.entriesExportedAsData().contains(entry)
              ? "[!] " + printable(entry) + " (exported as data, not a function)"
              : (r.elf().exports(entry) ? "[x] " : "[ ] ") + printable(entry);
      out.printf(format, "", mark);
    }
    out.printf(
        format,
        "needs:",
        l.needed().isEmpty()
            ? "(no libraries)"
            : String.join(", ", l.needed().stream().map(InspectCommand::printable).toList()));
    long strong = l.imports().stream().filter(i -> !i.weak()).count();
    out.printf(
        format,
        "imports:",
        strong
            + " symbols"
            + (r.unresolved().isEmpty()
                ? ", each from a card library or the AICPU process"
                : ", " + r.unresolved().size() + " that nothing on a card defines:"));
    for (ElfLinkage.Import i : r.unresolved()) {
      out.printf(format, "", "[ ] " + printable(i.name()));
    }
    String glibc = r.card().maxGlibc();
    out.printf(
        format,
        "glibc:",
        glibc == null
            ? "not checked (--card-glibc none)"
            : r.glibcTooNew().isEmpty()
                ? "needs nothing newer than " + glibc + " (the card's, assumed)"
                : "needs "
                    + String.join(", ", r.glibcTooNew())
                    + ", newer than "
                    + glibc
                    + " (the card's, assumed): "
                    + String.join(", ", r.glibcTooNewSymbols()));
    out.printf(
        format,
        "contract:",
        r.satisfiesContract() ? "satisfied" : "NOT satisfied: " + printable(r.contractProblem()));
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
    o.add("exportedFunctions", strings(r.elf().exportedFunctions()));
    o.add("exportedData", strings(r.linkage().exportedData()));
    o.add("requiredEntries", strings(r.requiredEntries()));
    o.add("missingEntries", strings(r.missingEntries()));
    o.add("entriesExportedAsData", strings(r.entriesExportedAsData()));
    o.add("needed", strings(r.linkage().needed()));
    o.add("foreignLibraries", strings(r.foreignLibraries()));
    JsonArray imports = new JsonArray();
    for (ElfLinkage.Import i : r.linkage().imports()) {
      JsonObject j = new JsonObject();
      j.addProperty("name", i.name());
      j.addProperty("weak", i.weak());
      j.addProperty("version", i.version());
      j.addProperty("library", i.library());
      j.addProperty("resolvedOnCard", !r.unresolved().contains(i));
      imports.add(j);
    }
    o.add("imports", imports);
    o.add("unresolved", strings(r.unresolved().stream().map(ElfLinkage.Import::name).toList()));
    o.addProperty("cardGlibc", r.card().maxGlibc());
    o.addProperty("cardGlibcSource", "assumption (inspect --card-glibc); docs/DEBUGGING.md");
    o.add("glibcTooNew", strings(r.glibcTooNew()));
    o.add("glibcTooNewSymbols", strings(r.glibcTooNewSymbols()));
    o.addProperty("satisfiesContract", r.satisfiesContract());
    if (!r.satisfiesContract()) {
      o.addProperty("contractProblem", r.contractProblem());
      o.add("problems", strings(r.problems()));
    }
    return new GsonBuilder().serializeNulls().create().toJson(o);
  }

  private static JsonArray strings(List<String> values) {
    JsonArray a = new JsonArray();
    values.forEach(a::add);
    return a;
  }
}
