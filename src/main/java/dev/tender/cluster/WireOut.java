package dev.tender.cluster;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** Appends primitives to a buffer; the reader is {@link WireIn}. Strings are length-prefixed UTF-8, -1 for null. */
public final class WireOut {
  private final Buffer buffer;

  public WireOut() {
    this(Buffer.buffer(128));
  }

  public WireOut(Buffer buffer) {
    this.buffer = buffer;
  }

  public Buffer buffer() {
    return buffer;
  }

  public WireOut str(String s) {
    if (s == null) {
      buffer.appendInt(-1);
    } else {
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      buffer.appendInt(b.length).appendBytes(b);
    }
    return this;
  }

  public WireOut i32(int v) {
    buffer.appendInt(v);
    return this;
  }

  public WireOut i64(long v) {
    buffer.appendLong(v);
    return this;
  }

  public WireOut bool(boolean v) {
    buffer.appendByte((byte) (v ? 1 : 0));
    return this;
  }

  public WireOut bytes(byte[] b) {
    if (b == null) {
      buffer.appendInt(-1);
    } else {
      buffer.appendInt(b.length).appendBytes(b);
    }
    return this;
  }

  /** Nullable, to the nanosecond. */
  public WireOut instant(Instant i) {
    bool(i != null);
    if (i != null) {
      buffer.appendLong(i.getEpochSecond()).appendInt(i.getNano());
    }
    return this;
  }

  /** Nullable long. */
  public WireOut optLong(Long v) {
    bool(v != null);
    if (v != null) {
      buffer.appendLong(v);
    }
    return this;
  }

  /** Nullable int. */
  public WireOut optInt(Integer v) {
    bool(v != null);
    if (v != null) {
      buffer.appendInt(v);
    }
    return this;
  }

  /** A count, then each string. */
  public WireOut strings(java.util.Collection<String> values) {
    i32(values.size());
    values.forEach(this::str);
    return this;
  }
}
