package dev.tender.logging;

import ch.qos.logback.classic.LoggerContext;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * One logging backend for the whole process: SLF4J with Logback ({@code logback.xml}). {@link #install()}
 * routes what still logs through {@code java.util.logging} into SLF4J and puts Hazelcast and Vert.x on
 * SLF4J (Netty finds it by itself); {@link #node} names the node every line of the JSON format carries.
 */
public final class Logs {
  /** The logger-context property (and JSON field) naming this process's node. */
  public static final String NODE = "node";
  /** {@code text} (default) or {@code json}: read by {@code logback.xml} as {@code ${TENDER_LOG_FORMAT:-text}}. */
  public static final String FORMAT_ENV = "TENDER_LOG_FORMAT";

  private static final Pattern LONG_DIGIT_RUN = Pattern.compile("(?<!\\d)\\d{8,}(?!\\d)");
  /** The local part of an email (login-kind keys are {@code email:<address>}): personal, so only its first character stays. */
  private static final Pattern EMAIL_LOCAL_PART = Pattern.compile("([^\\s:@]+)@");
  private static boolean installed;

  private Logs() {}

  /** Idempotent; call before Vert.x or Hazelcast start (Main and Node.boot both do). */
  public static synchronized void install() {
    if (installed) {
      return;
    }
    // Hazelcast reads this when its first logger is made; cluster.xml says the same for the instance.
    setIfAbsent("hazelcast.logging.type", "slf4j");
    // Vert.x would pick SLF4J by itself once it is on the class path; this makes the choice explicit.
    setIfAbsent("vertx.logger-delegate-factory-class-name", "io.vertx.core.logging.SLF4JLogDelegateFactory");
    // java.util.logging's console handler goes; its records go to SLF4J. LevelChangePropagator (logback.xml)
    // keeps JUL's levels equal to ours, so a disabled JUL call is dropped before the bridge sees it.
    SLF4JBridgeHandler.removeHandlersForRootLogger();
    SLF4JBridgeHandler.install();
    installed = true;
  }

  /**
   * What is wrong with {@code TENDER_LOG_FORMAT} in {@code env}, or null if it is unset, {@code text}
   * or {@code json} (any other value would leave Logback without an appender: no output at all).
   */
  public static String formatProblem(Map<String, String> env) {
    String format = env.get(FORMAT_ENV);
    return format == null || format.equals("text") || format.equals("json") ? null
        : FORMAT_ENV + " must be text or json, got '" + format + "'";
  }

  /**
   * Names the node in every log line from now on, whatever thread logs it (event loops, Hazelcast's,
   * Netty's, workers): a logger-context property, not MDC, which is per thread. One node per process;
   * a node restarted in-process (rejoin) or the next node of a test replaces it.
   */
  public static void node(String nodeId) {
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
      context.putProperty(NODE, nodeId);
    }
  }

  /**
   * {@code s} with every run of 8 or more digits masked but its last 4, and every email's local part but its
   * first character, for aggregate keys and store messages in logs: a gift card's number is its bearer secret
   * when it has no PIN, and phone numbers and emails are personal. Other ids (ULIDs, order numbers, coupon
   * codes) stay readable.
   */
  public static String maskDigits(String s) {
    if (s == null) {
      return null;
    }
    String digits = LONG_DIGIT_RUN.matcher(s).replaceAll(m -> "*".repeat(m.group().length() - 4) + m.group().substring(m.group().length() - 4));
    return EMAIL_LOCAL_PART.matcher(digits).replaceAll(m -> m.group(1).charAt(0) + "***@");
  }

  private static void setIfAbsent(String property, String value) {
    if (System.getProperty(property) == null) {
      System.setProperty(property, value);
    }
  }
}
