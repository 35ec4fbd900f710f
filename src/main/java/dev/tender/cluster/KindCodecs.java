package dev.tender.cluster;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageCodec;

/**
 * Event-bus codecs of a kind's {@link Request}s and {@link Response}s. Locally a message is the
 * immutable record itself; between nodes it is the kind's compact {@link WireCodec} form.
 */
public final class KindCodecs {
  private KindCodecs() {}

  public static void register(EventBus bus, Kind<?, ?> kind) {
    bus.registerCodec(requests(kind));
    bus.registerCodec(responses(kind));
  }

  public static <C> MessageCodec<Request<C>, Request<C>> requests(Kind<C, ?> kind) {
    return new RequestCodec<>(kind);
  }

  public static <R> MessageCodec<Response<R>, Response<R>> responses(Kind<?, R> kind) {
    return new ResponseCodec<>(kind);
  }

  public static void unregister(EventBus bus, Kind<?, ?> kind) {
    bus.unregisterCodec(kind.requestCodecName());
    bus.unregisterCodec(kind.responseCodecName());
  }

  static final class RequestCodec<C> extends LocalByReference<Request<C>> {
    private final Kind<C, ?> kind;

    RequestCodec(Kind<C, ?> kind) {
      super(kind.requestCodecName());
      this.kind = kind;
    }

    @Override
    public void encodeToWire(Buffer buffer, Request<C> r) {
      WireOut out = new WireOut(buffer);
      out.str(r.scope()).str(r.key()).bytes(r.fingerprint()).bool(r.mayRepeat());
      kind.commands().write(r.command(), out);
    }

    @Override
    public Request<C> decodeFromWire(int pos, Buffer buffer) {
      WireIn in = new WireIn(buffer, pos);
      String scope = in.str();
      String key = in.str();
      byte[] fingerprint = in.bytes();
      boolean mayRepeat = in.bool();
      return new Request<>(kind.commands().read(in), scope, key, fingerprint, mayRepeat);
    }
  }

  static final class ResponseCodec<R> extends LocalByReference<Response<R>> {
    private final Kind<?, R> kind;

    ResponseCodec(Kind<?, R> kind) {
      super(kind.responseCodecName());
      this.kind = kind;
    }

    @Override
    public void encodeToWire(Buffer buffer, Response<R> r) {
      WireOut out = new WireOut(buffer);
      switch (r) {
        case Response.Done<R> d -> {
          out.i32(0).bool(d.replayed());
          kind.replies().write(d.reply(), out);
        }
        case Response.KeyReused<R> k -> out.i32(1);
      }
    }

    @Override
    public Response<R> decodeFromWire(int pos, Buffer buffer) {
      WireIn in = new WireIn(buffer, pos);
      return switch (in.i32()) {
        case 0 -> {
          boolean replayed = in.bool();
          yield new Response.Done<>(kind.replies().read(in), replayed);
        }
        case 1 -> new Response.KeyReused<>();
        default -> throw new IllegalArgumentException("unknown response tag");
      };
    }
  }

  /** Immutable records: safe to pass by reference within the JVM. */
  abstract static class LocalByReference<T> implements MessageCodec<T, T> {
    private final String name;

    LocalByReference(String name) {
      this.name = name;
    }

    @Override
    public T transform(T t) {
      return t;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public byte systemCodecID() {
      return -1;
    }
  }
}
