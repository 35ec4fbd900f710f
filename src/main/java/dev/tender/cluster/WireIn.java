package dev.tender.cluster;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** Reads what {@link WireOut} wrote, in the same order. */
public final class WireIn {
  private final Buffer buffer;
  private int pos;

  public WireIn(Buffer buffer, int pos) {
    this.buffer = buffer;
    this.pos = pos;
  }

  /**
   * Whether anything is left to read. Stored states only ever gain fields at their end, so a reader
   * takes a missing tail (a document written before the field existed) as the field's default.
   */
  public boolean more() {
    return pos < buffer.length();
  }

  public String str() {
    int n = buffer.getInt(pos);
    pos += 4;
    if (n < 0) {
      return null;
    }
    String s = new String(buffer.getBytes(pos, pos + n), StandardCharsets.UTF_8);
    pos += n;
    return s;
  }

  public int i32() {
    int v = buffer.getInt(pos);
    pos += 4;
    return v;
  }

  public long i64() {
    long v = buffer.getLong(pos);
    pos += 8;
    return v;
  }

  public boolean bool() {
    return buffer.getByte(pos++) != 0;
  }

  public byte[] bytes() {
    int n = buffer.getInt(pos);
    pos += 4;
    if (n < 0) {
      return null;
    }
    byte[] b = buffer.getBytes(pos, pos + n);
    pos += n;
    return b;
  }

  public Instant instant() {
    if (!bool()) {
      return null;
    }
    long s = i64();
    return Instant.ofEpochSecond(s, i32());
  }

  public Long optLong() {
    return bool() ? i64() : null;
  }

  public Integer optInt() {
    return bool() ? i32() : null;
  }

  /** What {@link WireOut#strings} wrote, in order. */
  public java.util.List<String> strings() {
    int n = i32();
    java.util.List<String> values = new java.util.ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      values.add(str());
    }
    return java.util.List.copyOf(values);
  }
}
