package dev.tender.cluster;

import java.util.concurrent.TimeUnit;

/**
 * The timing of partition ownership, in one place because the values depend on each other and on the
 * failure detection of {@code cluster.xml} (a member silent for 5 s is removed from the view).
 *
 * <p>An owner holds each partition under a lease that the database grants and times by its own clock
 * ({@code partition_owners.lease_until}); its keeper renews all of them every {@link #TICK_MS}. The owner
 * trusts a renewal for {@link #LEASE_MS} minus {@link #MARGIN_MS}, counted on its monotonic clock from
 * when it SENT the renewal (before the database started timing). So no two clocks need to agree on the
 * time; the owner stops serving before anyone can acquire as long as its clock runs no slower than the
 * database's by more than the margin over one lease (25%).
 */
public final class Leases {
  /** The keeper reconciles and renews this often. */
  public static final long TICK_MS = 500;
  /**
   * Eight ticks: a few renewals lost to a slow database cost nothing. Under the 5 s failure detection, so
   * the lease of an owner that died or froze has lapsed by the time the others see it gone, and
   * failover is no slower than detection.
   */
  public static final long LEASE_MS = 4_000;
  /** How much shorter the owner trusts a lease than the database enforces it: the clock-rate allowance. */
  public static final long MARGIN_MS = 1_000;
  /**
   * A member gaining a partition whose recorded owner is still a member waits this long for its
   * graceful release (unregister, drain, release) before it tries to acquire, then acquires only once
   * the lease has lapsed.
   */
  public static final long HANDOVER_WAIT_MS = 3_000;

  private Leases() {}

  /** The {@link System#nanoTime} until which a lease of {@code leaseMs}, renewal sent at {@code sentNanos}, is trusted. */
  public static long trustedUntil(long sentNanos, long leaseMs) {
    return sentNanos + TimeUnit.MILLISECONDS.toNanos(leaseMs - MARGIN_MS);
  }

  /** True once {@code nowNanos} reached {@code untilNanos} (both {@link System#nanoTime} readings). */
  public static boolean lapsed(long untilNanos, long nowNanos) {
    return nowNanos - untilNanos >= 0;
  }
}
