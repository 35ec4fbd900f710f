package dev.tender.cluster;

/**
 * This node's sense of its own liveness: the partition keeper beats every tick. A node that was
 * paused (SIGSTOP, a long GC, a frozen VM) wakes up with a stale beat; its partition actors then
 * confirm their epoch in the store before serving anything from memory, since another member may
 * have taken their partitions over while they slept. Written by the keeper, read by actors.
 */
public final class Heartbeat {
  /** A gap this long means "I may have been gone": well under the 5 s failure detection of cluster.xml. */
  public static final long MAX_GAP_MS = 2_000;

  private volatile long lastBeatMs = System.currentTimeMillis();

  public void beat() {
    lastBeatMs = System.currentTimeMillis();
  }

  /** True if neither the last beat nor {@code confirmedAtMs} is within {@link #MAX_GAP_MS} of {@code nowMs}. */
  public boolean stale(long nowMs, long confirmedAtMs) {
    return nowMs - Math.max(lastBeatMs, confirmedAtMs) > MAX_GAP_MS;
  }
}
