package dev.tender.cluster;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/**
 * Which member should own which partition: rendezvous (highest-random-weight) hashing of
 * (member, partition). Every member computes it alone from the membership it sees; when a member
 * joins or leaves, only the partitions it gains or loses move. Views that briefly disagree can make
 * two members want one partition; the epoch fence in the store keeps that safe.
 */
public final class PartitionTable {
  private PartitionTable() {}

  public static String ownerOf(int partition, Collection<String> members) {
    String best = null;
    long bestScore = 0;
    for (String m : members) {
      long score = score(m, partition);
      if (best == null || Long.compareUnsigned(score, bestScore) > 0 || (score == bestScore && m.compareTo(best) < 0)) {
        best = m;
        bestScore = score;
      }
    }
    return best;
  }

  public static Set<Integer> ownedBy(String member, Collection<String> members, int partitions) {
    Set<Integer> owned = new HashSet<>();
    for (int p = 0; p < partitions; p++) {
      if (member.equals(ownerOf(p, members))) {
        owned.add(p);
      }
    }
    return owned;
  }

  /** String.hashCode is specified, so every JVM agrees; the splitmix64 finaliser spreads it. */
  static long score(String member, int partition) {
    long z = member.hashCode() * 0x9E3779B97F4A7C15L + partition;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
