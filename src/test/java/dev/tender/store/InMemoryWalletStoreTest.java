package dev.tender.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tender.wallet.Account;
import dev.tender.wallet.AccountType;
import dev.tender.wallet.LedgerEntry;
import dev.tender.wallet.LedgerEntry.Type;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The memory store refuses the ledger lines the PostgreSQL schema refuses, and keeps the rest. */
class InMemoryWalletStoreTest {
  private static final String KEY = AccountType.GIFT_CARD.key("4000000000000001");
  private static final Instant AT = Instant.parse("2026-11-23T10:00:00Z");

  private final InMemoryWalletStore store = new InMemoryWalletStore();
  private Account written = Account.none(KEY);
  private final List<LedgerEntry> lines = new ArrayList<>();

  private static LedgerEntry line(long seq, Type type, long amount, String hold, long balance, long held) {
    return new LedgerEntry(seq, type, amount, hold, "ref", AT, balance, held);
  }

  /** The account after these lines (its balance and held as the last one says). */
  private Account with(LedgerEntry... more) {
    List<LedgerEntry> all = new ArrayList<>(lines);
    all.addAll(List.of(more));
    LedgerEntry last = all.get(all.size() - 1);
    return new Account(KEY, Account.Status.ACTIVE, "INR", last.balanceAfter(), last.heldAfter(), last.seq(), null, null, 0, null,
        Map.of(), all, Map.of(), null);
  }

  /** Stages the lines; applies them if the store finds nothing wrong, and answers what it found. */
  private String write(LedgerEntry... more) throws Exception {
    Account after = with(more);
    MemoryWrite w = (MemoryWrite) store.stage(KEY, written, after, await(store.load(KEY)).version(), 1);
    assertThat(w.applicable()).isTrue();
    String why = w.violation();
    if (why == null) {
      w.apply();
      written = after;
      lines.addAll(List.of(more));
    }
    return why;
  }

  private static <T> T await(io.vertx.core.Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get();
  }

  @Test
  void lines_that_break_the_ledger_constraints_are_refused_and_change_nothing() throws Exception {
    assertThat(write(line(1, Type.ISSUE, 1_000, null, 1_000, 0), line(2, Type.HOLD, 300, "h1", 1_000, 300))).isNull();
    assertThat(write(line(3, Type.HOLD, 100, "h1", 1_000, 400))).contains("taken twice");
    assertThat(write(line(3, Type.HOLD, 100, "h2", 1_000, 400), line(4, Type.HOLD, 100, "h2", 1_000, 500)))
        .as("the same hold twice in one write").contains("taken twice");
    assertThat(write(line(3, Type.CAPTURE, 300, "h1", 700, 0), line(4, Type.RELEASE, 300, "h1", 700, 0))).contains("settled twice");
    assertThat(write(line(3, Type.ADJUST, -1_100, null, -100, 300))).contains("leaves balance -100");
    assertThat(write(line(3, Type.HOLD, 800, "h3", 1_000, 1_100))).contains("held 1100");
    assertThat(await(store.ledger(KEY, 10))).extracting(LedgerEntry::seq).containsExactly(1L, 2L);

    assertThat(write(line(3, Type.CAPTURE, 300, "h1", 700, 0))).isNull();
    assertThat(write(line(4, Type.RELEASE, 300, "h1", 700, 0))).as("settled already").contains("settled twice");
    assertThat(write(line(4, Type.HOLD, 700, "h4", 700, 700), line(5, Type.RELEASE, 700, "h4", 700, 0))).isNull();
    assertThat(await(store.ledger(KEY, 2))).extracting(LedgerEntry::seq).containsExactly(4L, 5L);
    assertThat(await(store.ledger(KEY, 10))).hasSize(5);
  }
}
