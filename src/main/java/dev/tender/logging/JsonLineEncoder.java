package dev.tender.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.encoder.EncoderBase;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.event.KeyValuePair;

/**
 * One JSON object per line ({@code TENDER_LOG_FORMAT=json}), flat so log shippers index every field:
 * {@code timestamp} (UTC, ms), {@code level}, {@code logger}, {@code thread}, {@code message},
 * {@code node} (the logger context's property, see {@link Logs#node}), then the event's MDC entries and
 * SLF4J key-value pairs (e.g. {@code kind}, {@code partition}, {@code request_id}), and {@code exception}
 * (the stack trace) if there is one. Numbers and booleans among key-value pairs stay JSON numbers and
 * booleans; a key that would shadow one of the fields above is dropped.
 */
public final class JsonLineEncoder extends EncoderBase<ILoggingEvent> {
  private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
      .withZone(ZoneOffset.UTC);
  private static final Set<String> RESERVED = Set.of("timestamp", "level", "logger", "thread", "message", Logs.NODE, "exception");
  private static final byte[] NOTHING = new byte[0];

  @Override
  public byte[] headerBytes() {
    return NOTHING;
  }

  @Override
  public byte[] footerBytes() {
    return NOTHING;
  }

  @Override
  public byte[] encode(ILoggingEvent event) {
    StringBuilder out = new StringBuilder(256);
    out.append('{');
    field(out, "timestamp", TIMESTAMP.format(event.getInstant()));
    field(out, "level", event.getLevel().toString());
    field(out, "logger", event.getLoggerName());
    field(out, "thread", event.getThreadName());
    field(out, "message", event.getFormattedMessage());
    String node = getContext() == null ? null : getContext().getProperty(Logs.NODE);
    if (node != null) {
      field(out, Logs.NODE, node);
    }
    Set<String> written = new HashSet<>(RESERVED);
    Map<String, String> mdc = event.getMDCPropertyMap();
    if (mdc != null) {
      mdc.forEach((k, v) -> {
        if (k != null && written.add(k)) {
          field(out, k, v);
        }
      });
    }
    List<KeyValuePair> pairs = event.getKeyValuePairs();
    if (pairs != null) {
      for (KeyValuePair kv : pairs) {
        if (kv.key != null && kv.value != null && written.add(kv.key)) {
          out.append(',');
          string(out, kv.key);
          out.append(':');
          value(out, kv.value);
        }
      }
    }
    IThrowableProxy thrown = event.getThrowableProxy();
    if (thrown != null) {
      field(out, "exception", ThrowableProxyUtil.asString(thrown));
    }
    out.append("}\n");
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static void field(StringBuilder out, String name, String value) {
    if (out.length() > 1) {
      out.append(',');
    }
    string(out, name);
    out.append(':');
    if (value == null) {
      out.append("null");
    } else {
      string(out, value);
    }
  }

  private static void value(StringBuilder out, Object v) {
    if (v == null) {
      out.append("null");
    } else if (v instanceof Boolean || v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
      out.append(v);
    } else {
      string(out, String.valueOf(v));
    }
  }

  /** A JSON string: quotes, backslashes and control characters escaped, so one event is always one line. */
  static void string(StringBuilder out, String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20 || c == '\u2028' || c == '\u2029') {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
