package dev.tender.cluster;

/**
 * Compact binary form of a protocol type: what crosses the clustered event bus and what the runtime
 * keeps durably (idempotent replies, outbox payloads). It is neither the storage format of an
 * aggregate nor its HTTP JSON. Every codec has a round-trip test.
 */
public interface WireCodec<T> {
  void write(T value, WireOut out);

  T read(WireIn in);

  /** Encodes to a fresh byte array (durable records). */
  default byte[] toBytes(T value) {
    WireOut out = new WireOut();
    write(value, out);
    return out.buffer().getBytes();
  }

  default T fromBytes(byte[] bytes) {
    return read(new WireIn(io.vertx.core.buffer.Buffer.buffer(bytes), 0));
  }
}
