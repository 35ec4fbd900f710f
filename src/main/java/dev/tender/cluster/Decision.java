package dev.tender.cluster;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What a {@link Behaviour} decided, as data the runtime carries out: the new state (null when
 * unchanged), the reply (null for a timer), commands for other kinds (written to the outbox with the
 * state and delivered at least once) and timers to set or cancel (rows written with the state).
 */
public record Decision<S, R>(S next, R reply, List<Send> sends, List<TimerOp> timers) {
  /** A command for another aggregate (of any kind), addressed by that kind's key of the command. */
  public record Send(Kind<?, ?> kind, Object command) {}

  /** Set {@code name} to fire at {@code due} (replacing a timer of that name), or cancel it ({@code due} null). */
  public record TimerOp(String name, Instant due) {}

  public static <S, R> Decision<S, R> reply(R reply) {
    return new Decision<>(null, reply, List.of(), List.of());
  }

  public static <S, R> Decision<S, R> persist(S next, R reply) {
    return new Decision<>(next, reply, List.of(), List.of());
  }

  /** Nothing changes and nobody is answered (a timer with nothing to do). */
  public static <S, R> Decision<S, R> none() {
    return new Decision<>(null, null, List.of(), List.of());
  }

  public <C> Decision<S, R> send(Kind<C, ?> kind, C command) {
    List<Send> s = new ArrayList<>(sends);
    s.add(new Send(kind, command));
    return new Decision<>(next, reply, List.copyOf(s), timers);
  }

  public Decision<S, R> setTimer(String name, Instant due) {
    List<TimerOp> t = new ArrayList<>(timers);
    t.add(new TimerOp(name, due));
    return new Decision<>(next, reply, sends, List.copyOf(t));
  }

  public Decision<S, R> cancelTimer(String name) {
    List<TimerOp> t = new ArrayList<>(timers);
    t.add(new TimerOp(name, null));
    return new Decision<>(next, reply, sends, List.copyOf(t));
  }

  boolean hasEffects() {
    return next != null || !sends.isEmpty() || !timers.isEmpty();
  }
}
