package dev.tender.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tender.cluster.DecisionContext;
import dev.tender.cluster.Fence;
import dev.tender.cluster.PartitionStore.Result;
import dev.tender.cluster.PartitionStore.Unit;
import dev.tender.wallet.Account;
import dev.tender.wallet.AccountType;
import dev.tender.wallet.LedgerEntry;
import dev.tender.wallet.PinHasher;
import dev.tender.wallet.WalletBehaviour;
import dev.tender.wallet.WalletCommand;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An account read back from PostgreSQL is the account that was written: its document keeps the balance
 * and open holds, and its newest lines and settled holds come back from the ledger rows.
 */
class PgWalletStoreTest {
  @RegisterExtension
  static final TestDatabase.PerClass DB = new TestDatabase.PerClass();

  private static <T> T await(io.vertx.core.Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void an_account_reloads_with_its_newest_lines_and_settled_holds_from_the_ledger() throws Exception {
    PgWalletStore store = new PgWalletStore(DB.pool());
    PgPartitionStore runtime = new PgPartitionStore(DB.pool(), 2);
    int partition = ThreadLocalRandom.current().nextInt(1_000_000);
    Fence fence = new Fence("wallet-store-test", partition,
        await(new PgPartitionOwnerStore(DB.pool()).acquire("wallet-store-test", partition, "test-node", 0)).getAsLong());
    WalletBehaviour rules = new WalletBehaviour(new PinHasher("a-test-secret-for-pins"), "INR", 0, 0);
    String key = AccountType.GIFT_CARD.key(String.valueOf(4_000_000_000_000_000L + ThreadLocalRandom.current().nextLong(1_000_000_000)));
    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
    DecisionContext ctx = DecisionContext.of(now, "t");
    Account a = Account.none(key);
    List<WalletCommand> commands = new java.util.ArrayList<>(List.of(new WalletCommand.Issue(key, 100_000, "INR", null, null, "issue")));
    for (int i = 0; i < 30; i++) { // more lines than the document would show
      commands.add(new WalletCommand.PlaceHold(key, "h" + i, 10, "INR", now.plusSeconds(600), null, "o" + i));
      commands.add(i % 2 == 0 ? new WalletCommand.Capture(key, "h" + i, "paid") : new WalletCommand.Release(key, "h" + i, "cancelled"));
    }
    commands.add(new WalletCommand.PlaceHold(key, "open", 500, "INR", now.plusSeconds(600), null, "o-open"));
    long version = 0;
    for (WalletCommand c : commands) {
      Account next = rules.decide(a, c, ctx).next();
      assertThat(await(runtime.commit(fence, List.of(new Unit(key, store.stage(key, a, next, version, fence.epoch()), List.of(), List.of(),
          List.of()))))).containsExactly(Result.COMMITTED);
      a = next;
      version++;
    }
    Account loaded = await(store.load(key)).state();
    assertThat(await(store.load(key)).version()).isEqualTo(version);
    assertThat(loaded.balance()).isEqualTo(a.balance());
    assertThat(loaded.held()).isEqualTo(500);
    assertThat(loaded.holds()).containsOnlyKeys("open");
    assertThat(loaded.holdsDue()).as("the hold timer's due").isEqualTo(now.plusSeconds(600)).isEqualTo(a.holdsDue());
    assertThat(loaded.newest()).isEqualTo(a.newest());
    assertThat(loaded.newest()).hasSize(Account.RECENT_KEPT);
    assertThat(loaded.settled()).isEqualTo(a.settled());
    assertThat(loaded.settled()).containsEntry("h0", LedgerEntry.Type.CAPTURE).containsEntry("h1", LedgerEntry.Type.RELEASE);
    assertThat(await(store.ledger(key, 1_000))).hasSize(62);
  }
}
