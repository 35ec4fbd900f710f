package dev.tender.exchange;

import dev.tender.cluster.Behaviour;
import dev.tender.cluster.Decision;
import dev.tender.cluster.DecisionContext;
import dev.tender.cluster.Kind;
import dev.tender.cluster.WireCodec;
import dev.tender.cluster.WireIn;
import dev.tender.cluster.WireOut;

/**
 * Two small kinds that prove the runtime's timers and outbox: a ping, started by a command, waits on
 * a durable timer, then sends {@code Ping} to the pong kind through its outbox; the pong counts it and
 * answers {@code Pong} through its own outbox; the ping records it. Exactly once means every finished
 * exchange has one ping counted and one pong recorded, whatever node died in between.
 */
public final class Exchange {
  private Exchange() {}

  public enum Status { NEW, WAITING, PINGED, DONE }

  /** State of the ping side. */
  public record PingState(String id, Status status, int pongs) {}

  /** State of the pong side. */
  public record PongState(int pings) {}

  public sealed interface PingCommand {
    String id();

    record Start(String id, long delayMs) implements PingCommand {}

    record Pong(String id, int pings) implements PingCommand {}

    record Get(String id) implements PingCommand {}
  }

  public sealed interface PongCommand {
    String id();

    record Ping(String id) implements PongCommand {}

    record Get(String id) implements PongCommand {}
  }

  /** Both kinds answer with a snapshot of their side. */
  public record View(String status, int count) {}

  static final WireCodec<View> VIEWS = new WireCodec<>() {
    @Override
    public void write(View v, WireOut out) {
      out.str(v.status()).i32(v.count());
    }

    @Override
    public View read(WireIn in) {
      return new View(in.str(), in.i32());
    }
  };

  static final WireCodec<PingCommand> PING_COMMANDS = new WireCodec<>() {
    @Override
    public void write(PingCommand c, WireOut out) {
      switch (c) {
        case PingCommand.Start s -> out.i32(0).str(s.id()).i64(s.delayMs());
        case PingCommand.Pong p -> out.i32(1).str(p.id()).i32(p.pings());
        case PingCommand.Get g -> out.i32(2).str(g.id());
      }
    }

    @Override
    public PingCommand read(WireIn in) {
      return switch (in.i32()) {
        case 0 -> new PingCommand.Start(in.str(), in.i64());
        case 1 -> new PingCommand.Pong(in.str(), in.i32());
        default -> new PingCommand.Get(in.str());
      };
    }
  };

  static final WireCodec<PongCommand> PONG_COMMANDS = new WireCodec<>() {
    @Override
    public void write(PongCommand c, WireOut out) {
      switch (c) {
        case PongCommand.Ping p -> out.i32(0).str(p.id());
        case PongCommand.Get g -> out.i32(1).str(g.id());
      }
    }

    @Override
    public PongCommand read(WireIn in) {
      return in.i32() == 0 ? new PongCommand.Ping(in.str()) : new PongCommand.Get(in.str());
    }
  };

  static final WireCodec<PingState> PING_STATES = new WireCodec<>() {
    @Override
    public void write(PingState s, WireOut out) {
      out.str(s.id()).str(s.status().name()).i32(s.pongs());
    }

    @Override
    public PingState read(WireIn in) {
      return new PingState(in.str(), Status.valueOf(in.str()), in.i32());
    }
  };

  static final WireCodec<PongState> PONG_STATES = new WireCodec<>() {
    @Override
    public void write(PongState s, WireOut out) {
      out.i32(s.pings());
    }

    @Override
    public PongState read(WireIn in) {
      return new PongState(in.i32());
    }
  };

  public static final Kind<PingCommand, View> PING = new Kind<>("ping", PingCommand::id,
      c -> !(c instanceof PingCommand.Get), PING_COMMANDS, VIEWS);
  public static final Kind<PongCommand, View> PONG = new Kind<>("pong", PongCommand::id,
      c -> !(c instanceof PongCommand.Get), PONG_COMMANDS, VIEWS);

  static final String SEND_TIMER = "send-ping";

  /** The ping side: start → timer → Ping (outbox) … Pong → done. */
  public static final Behaviour<PingState, PingCommand, View> PING_RULES = new Behaviour<>() {
    @Override
    public Decision<PingState, View> decide(PingState s, PingCommand c, DecisionContext ctx) {
      return switch (c) {
        case PingCommand.Start st -> s.status() != Status.NEW ? Decision.reply(view(s))
            : Decision.<PingState, View>persist(new PingState(s.id(), Status.WAITING, 0), new View(Status.WAITING.name(), 0))
                .setTimer(SEND_TIMER, ctx.now().plusMillis(st.delayMs()));
        case PingCommand.Pong p -> {
          PingState next = new PingState(s.id(), Status.DONE, s.pongs() + 1);
          yield Decision.persist(next, view(next));
        }
        case PingCommand.Get g -> Decision.reply(view(s));
      };
    }

    @Override
    public Decision<PingState, View> onTimer(PingState s, String timer, DecisionContext ctx) {
      if (!SEND_TIMER.equals(timer) || s.status() != Status.WAITING) {
        return Decision.none();
      }
      return Decision.<PingState, View>persist(new PingState(s.id(), Status.PINGED, s.pongs()), null)
          .send(PONG, new PongCommand.Ping(s.id()));
    }

    private View view(PingState s) {
      return new View(s.status().name(), s.pongs());
    }
  };

  /** The pong side: counts pings and answers each through the outbox. */
  public static final Behaviour<PongState, PongCommand, View> PONG_RULES = new Behaviour<>() {
    @Override
    public Decision<PongState, View> decide(PongState s, PongCommand c, DecisionContext ctx) {
      return switch (c) {
        case PongCommand.Ping p -> {
          PongState next = new PongState(s.pings() + 1);
          yield Decision.<PongState, View>persist(next, new View("PONGED", next.pings()))
              .send(PING, new PingCommand.Pong(p.id(), next.pings()));
        }
        case PongCommand.Get g -> Decision.reply(new View(s.pings() == 0 ? "NEW" : "PONGED", s.pings()));
      };
    }

    @Override
    public Decision<PongState, View> onTimer(PongState s, String timer, DecisionContext ctx) {
      return Decision.none();
    }
  };
}
