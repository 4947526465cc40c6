package io.github.aicpulaunch.app.cli;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.github.aicpulaunch.app.AicpuLaunch;
import io.github.aicpulaunch.ports.InvalidRequestException;
import io.github.aicpulaunch.ports.in.LaunchCommand;
import io.github.aicpulaunch.ports.in.OpenSessionCommand;
import io.github.aicpulaunch.ports.in.Session;
import io.github.aicpulaunch.ports.in.SessionInfo;
import io.github.aicpulaunch.ports.in.TimeoutChain;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code aicpu-launch run}: one entry of a user's runtime SO, launched once. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Bootstrap a runtime SO on a device, register the entries it declares, launch one entry",
      "with the bytes of a payload file, wait for it and report what the policy chose and why.",
      "The payload is passed as given: it may hold only values, not device addresses."
    },
    footer = {
      "",
      "Exit codes: 0 the launch succeeded; 1 the payload cannot be read, or something failed",
      "after the first device call (the message names the phase: open, bootstrap, registration",
      "probe, registration, init launch, exec, sync or unload; CANN's code and the way out are",
      "printed); 3 refused before any device call (wrong-arch SO, missing entry, a strategy this",
      "CANN cannot run, a KFC latch conflict); 4 the backend asked for is not available;",
      "64 wrong usage."
    })
final class RunCommand implements Callable<Integer> {
  @Spec CommandSpec spec = CommandSpec.create();

  @Parameters(index = "0", paramLabel = "<so>", description = "The runtime SO to launch.")
  Path so = Path.of("");

  @Option(
      names = "--entry",
      paramLabel = "NAME",
      description = "The entry to launch (default: ${DEFAULT-VALUE}).")
  String entry = "simpler_aicpu_exec";

  @Option(
      names = "--declare",
      paramLabel = "E1,E2",
      split = ",",
      description = {
        "Every entry to register when the session opens; the launched entry is added when",
        "missing (default: simpler_aicpu_exec,simpler_aicpu_init)."
      })
  List<String> declared = new ArrayList<>(OpenSessionCommand.DEFAULT_ENTRIES);

  @Option(
      names = "--payload",
      required = true,
      paramLabel = "FILE",
      description = "The argument bytes of the launch (1..65536 bytes).")
  Path payload = Path.of("");

  @Option(
      names = "--blocks",
      paramLabel = "N",
      description = "AICPU blocks (default: ${DEFAULT-VALUE}).")
  int blocks = 1;

  @Option(
      names = "--device",
      paramLabel = "N",
      description = "Logical device id (default: ${DEFAULT-VALUE}).")
  int device = 0;

  @Option(
      names = "--launch",
      paramLabel = "STRATEGY",
      description = {
        "rts-json, direct-aicpu, dispatch-through, custom-kernel (explicit only, #822) or",
        "legacy-kfc (with --deploy legacy-kfc) (default: the policy's choice)."
      })
  @Nullable String launch;

  @Option(
      names = "--deploy",
      paramLabel = "DEPLOYMENT",
      description = "dispatcher-upload, preinstalled or legacy-kfc (default: the policy's choice).")
  @Nullable String deploy;

  @Option(
      names = "--fast-fail",
      description =
          "Timeouts of 2 s / 3 s / 4 s (scheduler, op-execute, stream sync) instead of"
              + " 10 s / 45 s / 50 s.")
  boolean fastFail;

  @Option(names = "--json", description = "Print one JSON object instead of text.")
  boolean json;

  @Mixin BackendOptions backend = new BackendOptions();

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    List<String> entries = new ArrayList<>(declared);
    if (!entries.contains(entry)) {
      entries.add(entry);
    }
    OpenSessionCommand open;
    LaunchCommand command;
    try {
      open =
          new OpenSessionCommand(
              device,
              so,
              entries,
              deploy,
              launch,
              fastFail ? TimeoutChain.FAST_FAIL : TimeoutChain.DEFAULT);
      command = new LaunchCommand(entry, ByteBuffer.wrap(Files.readAllBytes(payload)), blocks);
    } catch (IOException e) {
      err.println("aicpu-launch run: cannot read the payload " + payload + ": " + e);
      return ExitCodes.FAILED;
    } catch (InvalidRequestException | IllegalArgumentException e) {
      return Failures.report(err, "run", e, ExitCodes.REFUSED);
    }
    try (AicpuLaunch aicpu = backend.open()) {
      long start = System.nanoTime();
      try (Session session = aicpu.open(open)) {
        long opened = System.nanoTime();
        session.launch(command);
        long done = System.nanoTime();
        Result r =
            new Result(
                aicpu,
                session.info(),
                command.payload().remaining(),
                opened - start,
                done - opened);
        out.println(json ? r.json() : r.text());
        out.flush();
        return ExitCodes.OK;
      }
    } catch (RuntimeException e) {
      if (json) {
        out.println(Failures.json(e));
        out.flush();
      }
      return Failures.report(err, "run", e);
    }
  }

  private final class Result {
    private final String backendName;
    private final String reason;
    private final SessionInfo info;
    private final int payloadBytes;
    private final long openNanos;
    private final long launchNanos;

    Result(
        AicpuLaunch aicpu, SessionInfo info, int payloadBytes, long openNanos, long launchNanos) {
      this.backendName = aicpu.backendDescription();
      this.reason = aicpu.reason();
      this.info = info;
      this.payloadBytes = payloadBytes;
      this.openNanos = openNanos;
      this.launchNanos = launchNanos;
    }

    String text() {
      String f = "%-12s %s%n";
      StringBuilder sb = new StringBuilder();
      sb.append(String.format(Locale.ROOT, f, "backend:", backendName));
      sb.append(String.format(Locale.ROOT, f, "because:", reason));
      sb.append(String.format(Locale.ROOT, f, "policy:", info.policyReason()));
      sb.append(
          String.format(
              Locale.ROOT,
              f,
              "runtime:",
              info.fingerprint()
                  + " ("
                  + info.fingerprintSource()
                  + ") as "
                  + info.preinstallName()));
      sb.append(String.format(Locale.ROOT, f, "registered:", String.join(", ", info.entries())));
      sb.append(
          String.format(
              Locale.ROOT,
              f,
              "launched:",
              entry
                  + " on device "
                  + info.device()
                  + ", "
                  + blocks
                  + " block(s), "
                  + payloadBytes
                  + "-byte payload"));
      sb.append(
          String.format(
              Locale.ROOT,
              f,
              "time:",
              String.format(
                  Locale.ROOT,
                  "open %.1f ms, launch and wait %.1f ms",
                  openNanos / 1e6,
                  launchNanos / 1e6)));
      sb.append(String.format(Locale.ROOT, f, "result:", "ok"));
      return sb.toString().stripTrailing();
    }

    String json() {
      JsonObject o = new JsonObject();
      o.addProperty("backend", backendName);
      o.addProperty("backendReason", reason);
      o.addProperty("deployment", info.deployment());
      o.addProperty("launch", info.launch());
      o.addProperty("policyReason", info.policyReason());
      o.addProperty("device", info.device());
      o.addProperty("fingerprint", info.fingerprint());
      o.addProperty("fingerprintSource", info.fingerprintSource());
      o.addProperty("preinstallName", info.preinstallName());
      JsonArray e = new JsonArray();
      info.entries().forEach(e::add);
      o.add("entries", e);
      o.addProperty("entry", entry);
      o.addProperty("blocks", blocks);
      o.addProperty("payloadBytes", payloadBytes);
      o.addProperty("openMicros", openNanos / 1000);
      o.addProperty("launchMicros", launchNanos / 1000);
      o.addProperty("result", "ok");
      return new GsonBuilder().create().toJson(o);
    }
  }
}
