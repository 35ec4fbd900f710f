package dev.tender.wallet;

import dev.tender.cluster.PartitionActor;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.pcollections.HashTreePMap;
import org.pcollections.OrderedPMap;
import org.pcollections.PMap;
import org.pcollections.TreePVector;

/**
 * A wallet account: a gift card, a user's store credit or a user's loyalty points. The balance is the
 * value on the account, {@code held} the part set aside by open holds; only {@code balance - held} can
 * be held again. Both follow from the ledger ({@link LedgerEntry#balanceAfter()}); the account keeps
 * them, its open holds, the newest ledger lines and the outcome of recently settled holds, so every
 * command is decided without reading the ledger.
 *
 * @param unit the currency code, or {@link AccountType#POINTS}
 * @param seq the sequence number of the newest ledger line (0 = none)
 * @param pinHash a gift card's PIN, keyed-hashed (null = no PIN)
 * @param failedPins wrong PINs since the last right one or the last lock
 * @param lockedUntil PINs are refused until then (null = not locked)
 * @param settled hold id → CAPTURE or RELEASE, for the newest {@link #SETTLED_KEPT} settled holds
 * @param holdsDue when the account's one hold timer fires: at or before the earliest open hold's expiry
 *                 whenever a hold is open (null: no timer set)
 */
public record Account(String key, Status status, String unit, long balance, long held, long seq, Instant expiresAt,
                      String pinHash, int failedPins, Instant lockedUntil, Map<String, Hold> holds, List<LedgerEntry> recent,
                      Map<String, LedgerEntry.Type> settled, Instant holdsDue) {

  public enum Status { NONE, ACTIVE, DISABLED }

  /** Lines shown and stored with the account (the ledger table has them all). */
  public static final int RECENT_KEPT = 20;
  /**
   * Lines kept in memory: enough to still hold every line not yet written. The owner writes an
   * account's changes in batches, and a partition decides at most {@link PartitionActor#MAX_QUEUED}
   * commands and timers (a full queue holds both back) in the batch being written and as many in the next,
   * each command adding one line (the account's first also its welcome line) and a hold-timer firing up to
   * {@code WalletBehaviour.RELEASES_PER_FIRING}: about half of this at most.
   */
  static final int KEPT_IN_MEMORY = 4 * PartitionActor.MAX_QUEUED + RECENT_KEPT;
  public static final int SETTLED_KEPT = 256;

  /** Kept as persistent collections: the next state shares all but what changed with this one. */
  public Account {
    holds = holds instanceof PMap<String, Hold> p ? p : HashTreePMap.from(holds);
    recent = recent instanceof TreePVector<LedgerEntry> p ? p : TreePVector.from(recent);
    settled = settled instanceof OrderedPMap<String, LedgerEntry.Type> p ? p : OrderedPMap.from(settled);
  }

  /** The state of a key never written. */
  public static Account none(String key) {
    return new Account(key, Status.NONE, null, 0, 0, 0, null, null, 0, null, Map.of(), List.of(), Map.of(), null);
  }

  public AccountType type() {
    return AccountType.ofKey(key);
  }

  public long available() {
    return balance - held;
  }

  public boolean expired(Instant now) {
    return expiresAt != null && !now.isBefore(expiresAt);
  }

  public boolean locked(Instant now) {
    return lockedUntil != null && now.isBefore(lockedUntil);
  }

  /** What an operator or a storefront is told: active, disabled, expired or locked (none = unknown). */
  public String statusAt(Instant now) {
    if (status != Status.ACTIVE) {
      return status.name().toLowerCase();
    }
    return expired(now) ? "expired" : locked(now) ? "locked" : "active";
  }

  /** This account with one more ledger line, moving balance and held by the given amounts. */
  Account append(LedgerEntry.Type type, long balanceDelta, long heldDelta, long amount, String holdId, String reference, Instant at) {
    long newBalance = Math.addExact(balance, balanceDelta);
    long newHeld = Math.addExact(held, heldDelta);
    LedgerEntry entry = new LedgerEntry(seq + 1, type, amount, holdId, reference, at, newBalance, newHeld);
    TreePVector<LedgerEntry> lines = ((TreePVector<LedgerEntry>) recent).plus(entry);
    if (lines.size() > KEPT_IN_MEMORY) {
      lines = lines.minus(0);
    }
    return new Account(key, status, unit, newBalance, newHeld, seq + 1, expiresAt, pinHash, failedPins, lockedUntil, holds, lines,
        settled, holdsDue);
  }

  /** When the first open hold expires, or null. */
  public Instant earliestHoldExpiry() {
    Instant earliest = null;
    for (Hold h : holds.values()) {
      if (earliest == null || h.expiresAt().isBefore(earliest)) {
        earliest = h.expiresAt();
      }
    }
    return earliest;
  }

  /** This account with its hold timer due at {@code due} (null: none set). */
  Account withHoldsDue(Instant due) {
    return new Account(key, status, unit, balance, held, seq, expiresAt, pinHash, failedPins, lockedUntil, holds, recent, settled, due);
  }

  Account withStatus(Status s) {
    return new Account(key, s, unit, balance, held, seq, expiresAt, pinHash, failedPins, lockedUntil, holds, recent, settled, holdsDue);
  }

  Account withPins(int failed, Instant lockedUntil) {
    return new Account(key, status, unit, balance, held, seq, expiresAt, pinHash, failed, lockedUntil, holds, recent, settled, holdsDue);
  }

  Account opened(String unit, Instant expiresAt, String pinHash) {
    return new Account(key, Status.ACTIVE, unit, balance, held, seq, expiresAt, pinHash, 0, null, holds, recent, settled, holdsDue);
  }

  /** This account with its newest lines and settled holds as the ledger tells them (a store's load). */
  public Account withHistory(List<LedgerEntry> lines, Map<String, LedgerEntry.Type> settledHolds) {
    return new Account(key, status, unit, balance, held, seq, expiresAt, pinHash, failedPins, lockedUntil, holds, lines, settledHolds, holdsDue);
  }

  Account withHold(Hold hold) {
    return new Account(key, status, unit, balance, held, seq, expiresAt, pinHash, failedPins, lockedUntil,
        ((PMap<String, Hold>) holds).plus(hold.id(), hold), recent, settled, holdsDue);
  }

  Account settle(String holdId, LedgerEntry.Type outcome) {
    OrderedPMap<String, LedgerEntry.Type> done = ((OrderedPMap<String, LedgerEntry.Type>) settled).plus(holdId, outcome);
    if (done.size() > SETTLED_KEPT) {
      done = done.minus(done.keySet().iterator().next());
    }
    return new Account(key, status, unit, balance, held, seq, expiresAt, pinHash, failedPins, lockedUntil,
        ((PMap<String, Hold>) holds).minus(holdId), recent, done, holdsDue);
  }

  /** The newest {@link #RECENT_KEPT} lines: what is shown and stored with the account. */
  public List<LedgerEntry> newest() {
    return recent.size() <= RECENT_KEPT ? recent : tail(recent.size() - RECENT_KEPT);
  }

  /** Lines from index {@code from} on, each found in O(log n) (a sub-list of the tree would walk it whole). */
  private List<LedgerEntry> tail(int from) {
    List<LedgerEntry> lines = new java.util.ArrayList<>(recent.size() - from);
    for (int i = from; i < recent.size(); i++) {
      lines.add(recent.get(i));
    }
    return lines;
  }

  /**
   * The ledger lines this account has beyond {@code before}: what a write of it must append, every
   * one of them (a gap would leave the ledger not accounting for the balance, so it is refused loudly).
   */
  public List<LedgerEntry> entriesSince(Account before) {
    int from = recent.size();
    while (from > 0 && recent.get(from - 1).seq() > before.seq()) {
      from--;
    }
    List<LedgerEntry> lines = tail(from);
    if (lines.size() != seq - before.seq()) {
      throw new IllegalStateException(key + ": " + (seq - before.seq()) + " ledger lines to write, " + lines.size() + " kept");
    }
    return lines;
  }
}
