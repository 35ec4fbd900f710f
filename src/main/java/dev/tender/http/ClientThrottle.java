package dev.tender.http;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Credential attempts (sign-in, OTP, reset) per client address on this node: at most {@code limit}
 * in a sliding {@code windowSeconds}. It stops one address from spraying passwords over many
 * accounts; the per-account limits (exact, cluster-wide) live in the login kind. Counted per node:
 * behind a load balancer spreading one client over N nodes the bound is N times this one, which still
 * caps guessing. Shared by the node's HTTP verticles, hence synchronized; the table is bounded.
 */
public final class ClientThrottle {
  private static final int MAX_ADDRESSES = 100_000;

  private final int limit;
  private final long windowMs;
  private final Clock clock;
  private final Map<String, long[]> recent = new LinkedHashMap<>(1024, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, long[]> eldest) {
      return size() > MAX_ADDRESSES;
    }
  };

  public ClientThrottle(int limit, long windowSeconds, Clock clock) {
    this.limit = limit;
    this.windowMs = windowSeconds * 1000;
    this.clock = clock;
  }

  /** Counts an attempt from {@code address}: 0 if allowed, else the seconds until one is. */
  synchronized long take(String address) {
    long now = clock.millis();
    long[] ring = recent.computeIfAbsent(address, a -> new long[limit + 1]); // [0] = next slot, then the times
    int next = (int) ring[0];
    long oldest = ring[1 + next];
    if (oldest != 0 && now - oldest < windowMs) {
      return (oldest + windowMs - now + 999) / 1000;
    }
    ring[1 + next] = now;
    ring[0] = (next + 1) % limit;
    return 0;
  }
}
