package dev.tender.sdk;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs node and npm for the tests that use the SDK test package ({@code src/test/sdk}: the storefront SDK
 * and payu-websdk), with a timeout, and returns exit code and output.
 */
public final class NodeScripts {
  public static final File DIR = new File("src/test/sdk");

  private NodeScripts() {}

  /** @param output stdout, and stderr after it when the command failed (npm warns on stderr) */
  public record Result(int exitCode, String output) {}

  public static boolean haveNode() throws Exception {
    return run(List.of("node", "--version"), Map.of(), 30).exitCode == 0;
  }

  public static Result run(List<String> command, Map<String, String> env, int timeoutSeconds) throws Exception {
    File out = File.createTempFile("tender-node", ".out");
    out.deleteOnExit();
    File err = File.createTempFile("tender-node", ".err");
    err.deleteOnExit();
    ProcessBuilder pb = new ProcessBuilder(command).directory(DIR).redirectOutput(out).redirectError(err);
    pb.environment().putAll(env);
    Process p;
    try {
      p = pb.start();
    } catch (java.io.IOException e) {
      return new Result(127, e.getMessage());
    }
    boolean finished = p.waitFor(timeoutSeconds, TimeUnit.SECONDS);
    if (!finished) {
      p.destroyForcibly().waitFor();
    }
    String stdout = Files.readString(out.toPath(), StandardCharsets.UTF_8);
    String stderr = Files.readString(err.toPath(), StandardCharsets.UTF_8);
    if (!finished) {
      return new Result(-1, "timed out after " + timeoutSeconds + " s\n" + stdout + stderr);
    }
    return new Result(p.exitValue(), p.exitValue() == 0 ? stdout : stdout + stderr);
  }
}
