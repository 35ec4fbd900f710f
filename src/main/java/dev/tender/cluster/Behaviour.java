package dev.tender.cluster;

/**
 * A capability's rules as pure functions: no I/O, no clock but {@link DecisionContext#now()}, no
 * randomness but {@link DecisionContext#newId(String)}. The {@link PartitionActor} calls them on its
 * own event loop, carries out the returned {@link Decision} (state, timers and sends committed in one
 * transaction) and only then replies.
 */
public interface Behaviour<S, C, R> {
  Decision<S, R> decide(S state, C command, DecisionContext ctx);

  /** A durable timer this aggregate set has come due. Delivered at least once; fired at most once. */
  Decision<S, R> onTimer(S state, String timer, DecisionContext ctx);
}
