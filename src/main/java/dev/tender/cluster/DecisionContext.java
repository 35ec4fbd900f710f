package dev.tender.cluster;

import java.time.Instant;
import java.util.function.Supplier;

/** What a decision may know beyond state and command: the time, and ids stable across retries. */
public interface DecisionContext {
  Instant now();

  /**
   * An id for a step of the current command, the same every time this command is decided again (a
   * retry after a timeout, a takeover): derived from its idempotency key, never random.
   */
  String newId(String step);

  /** A context at {@code now} whose ids are {@code base/step}. */
  static DecisionContext of(Instant now, String base) {
    return of(now, () -> base);
  }

  /** Like {@link #of(Instant, String)}, building the base only when an id is asked for. */
  static DecisionContext of(Instant now, Supplier<String> base) {
    return new DecisionContext() {
      @Override
      public Instant now() {
        return now;
      }

      @Override
      public String newId(String step) {
        return base.get() + "/" + step;
      }
    };
  }
}
