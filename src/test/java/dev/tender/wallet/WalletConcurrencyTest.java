package dev.tender.wallet;

import static dev.tender.TestNode.await;
import static dev.tender.cluster.TwoMembers.replies;
import static dev.tender.cluster.TwoMembers.reply;
import static dev.tender.cluster.TwoMembers.responses;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tender.cluster.Response;
import dev.tender.cluster.TwoMembers;
import dev.tender.wallet.WalletReply.Reason;
import dev.tender.wallet.WalletReply.Rejected;
import dev.tender.wallet.WalletReply.View;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Row;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The wallet kind is exact under concurrency: two real Hazelcast members in this JVM over one
 * PostgreSQL, commands sent through both members' routers at once, and the ledger (table
 * {@code wallet_ledger}) checked with SQL afterwards.
 */
class WalletConcurrencyTest {
  private static final String UNIT = "INR";
  private static final String SCOPE = "wallet-concurrency-test";

  @RegisterExtension
  final TwoMembers<WalletCommand, WalletReply> cluster = new TwoMembers<>(WalletKind.KIND, SCOPE);

  // ---- tests ----------------------------------------------------------------------------------

  @Test
  void fifty_concurrent_holds_of_the_whole_balance_from_two_members_place_exactly_one() throws Exception {
    String card = issue(1_000);
    Instant expires = Instant.now().plus(Duration.ofMinutes(10));

    List<Future<Response<WalletReply>>> sent = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      WalletCommand hold = new WalletCommand.PlaceHold(card, "hold-" + i + "-" + UUID.randomUUID(), 1_000, UNIT, expires, null,
          "order-" + i);
      sent.add(cluster.send(i % 2 == 0 ? cluster.routerA() : cluster.routerB(), hold, "key-" + UUID.randomUUID()));
    }
    List<WalletReply> replies = replies(sent);

    List<View> placed = replies.stream().filter(View.class::isInstance).map(View.class::cast).toList();
    List<Rejected> refused = replies.stream().filter(Rejected.class::isInstance).map(Rejected.class::cast).toList();
    assertThat(placed).as("replies: %s", replies).hasSize(1);
    assertThat(placed.get(0).held()).isEqualTo(1_000);
    assertThat(refused).hasSize(49).allSatisfy(r -> assertThat(r.reason()).isEqualTo(Reason.INSUFFICIENT_BALANCE));

    assertThat(cluster.count("SELECT count(*) FROM wallet_ledger WHERE account_key = $1 AND entry_type = 'hold'", card)).isEqualTo(1);
    assertThat(cluster.count("SELECT count(*) FROM wallet_ledger WHERE account_key = $1 AND (balance_after < 0 OR held_after < 0"
        + " OR held_after > balance_after)", card)).isZero();
    assertThat(cluster.count("SELECT count(*) FROM wallet_ledger WHERE account_key = $1", card)).isEqualTo(2); // issue + hold

    View now = get(card);
    assertThat(now.balance()).isEqualTo(1_000);
    assertThat(now.held()).isEqualTo(1_000);
    assertThat(now.available()).isZero();
    assertLastLineMatches(card, now);
  }

  @Test
  void many_concurrent_holds_that_all_fit_each_write_their_ledger_line() throws Exception {
    String card = issue(1_000);
    Instant expires = Instant.now().plus(Duration.ofMinutes(10));
    int holds = 60;

    List<Future<Response<WalletReply>>> sent = new ArrayList<>();
    for (int i = 0; i < holds; i++) {
      WalletCommand hold = new WalletCommand.PlaceHold(card, "small-" + i, 10, UNIT, expires, null, "order-" + i);
      sent.add(cluster.send(i % 2 == 0 ? cluster.routerA() : cluster.routerB(), hold, "key-" + UUID.randomUUID()));
    }
    List<WalletReply> replies = replies(sent);
    assertThat(replies).as("replies").allSatisfy(r -> assertThat(r).isInstanceOf(View.class));

    View now = get(card);
    assertThat(now.balance()).isEqualTo(1_000);
    assertThat(now.held()).isEqualTo(10L * holds);

    // Every change of value is a line: seq 1..61 without gaps, one hold line per hold, held growing by 10 each.
    List<Row> lines = cluster.rows("SELECT seq, entry_type, hold_id, balance_after, held_after FROM wallet_ledger"
        + " WHERE account_key = $1 ORDER BY seq", card);
    assertThat(lines).extracting(r -> r.getLong("seq")).as("ledger seqs")
        .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, holds + 1).boxed().toList());
    assertThat(lines.stream().filter(r -> "hold".equals(r.getString("entry_type"))).map(r -> r.getString("hold_id")).distinct().count())
        .isEqualTo(holds);
    for (int i = 1; i < lines.size(); i++) {
      assertThat(lines.get(i).getLong("held_after")).as("held_after of seq %d", i + 1).isEqualTo(10L * i);
    }
    assertLastLineMatches(card, now);
  }

  @Test
  void a_capture_racing_the_hold_expiry_timer_settles_each_hold_exactly_once() throws Exception {
    long[] offsetsMs = {-250, -60, -20, -5, 0, 15, 40, 120, 400};
    int cards = offsetsMs.length;
    long amount = 600;
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < cards; i++) {
      keys.add(issue(1_000));
    }

    // Every hold through member A, expiring together about 1.5 s from now.
    Instant expires = Instant.now().plusMillis(1_500);
    List<Future<Response<WalletReply>>> holds = new ArrayList<>();
    for (int i = 0; i < cards; i++) {
      holds.add(cluster.send(cluster.routerA(), new WalletCommand.PlaceHold(keys.get(i), "race-" + i, amount, UNIT, expires, null, "order"),
          "hold-key-" + UUID.randomUUID()));
    }
    assertThat(replies(holds)).allSatisfy(r -> assertThat(r).isInstanceOf(View.class));

    // Each capture through member B, around the expiry (before, at, just after, well after).
    List<Future<Response<WalletReply>>> captures = new ArrayList<>();
    Vertx b = cluster.memberB().vertx;
    for (int i = 0; i < cards; i++) {
      String key = keys.get(i);
      String holdId = "race-" + i;
      long delay = Math.max(1, expires.toEpochMilli() + offsetsMs[i] - System.currentTimeMillis());
      Promise<Response<WalletReply>> done = Promise.promise();
      b.setTimer(delay, t -> cluster.send(cluster.routerB(), new WalletCommand.Capture(key, holdId, "order paid"),
          "capture-key-" + UUID.randomUUID()).onComplete(done));
      captures.add(done.future());
    }
    List<WalletReply> captureReplies = replies(captures);

    Map<String, Integer> outcomes = new HashMap<>();
    List<String> timersLeft = new ArrayList<>();
    for (int i = 0; i < cards; i++) {
      String key = keys.get(i);
      String holdId = "race-" + i;
      View settled = awaitSettled(key);
      List<Row> settling = cluster.rows("SELECT entry_type FROM wallet_ledger WHERE account_key = $1 AND hold_id = $2"
          + " AND entry_type IN ('capture', 'release')", key, holdId);
      assertThat(settling).as("settling lines of %s (capture offset %d ms)", holdId, offsetsMs[i]).hasSize(1);
      String outcome = settling.get(0).getString("entry_type");
      outcomes.merge(outcome, 1, Integer::sum);
      WalletReply captureReply = captureReplies.get(i);
      if (outcome.equals("capture")) {
        assertThat(captureReply).as("capture reply of %s", holdId).isInstanceOf(View.class);
        assertThat(settled.balance()).isEqualTo(1_000 - amount);
      } else {
        assertThat(captureReply).as("capture reply of %s", holdId).isInstanceOfSatisfying(Rejected.class,
            r -> assertThat(r.reason()).isEqualTo(Reason.HOLD_SETTLED));
        assertThat(settled.balance()).isEqualTo(1_000);
      }
      assertThat(settled.held()).isZero();
      assertThat(cluster.count("SELECT count(*) FROM wallet_ledger WHERE account_key = $1", key)).as("lines of %s", key).isEqualTo(3);
      assertLastLineMatches(key, settled);
    }
    System.out.println("capture/expiry race outcomes: " + outcomes + " (client retries: " + cluster.clientRetries() + ")");
    // Settled holds leave no timer behind: each account's hold timer, due at the expiry, fires, finds
    // nothing open and deletes its own row.
    long deadline = System.currentTimeMillis() + 10_000;
    do {
      timersLeft.clear();
      for (String key : keys) {
        cluster.rows("SELECT name, due_at, generation FROM timers WHERE kind = 'wallet' AND key = $1", key)
            .forEach(t -> timersLeft.add(key + ": " + t.deepToString()));
      }
      if (!timersLeft.isEmpty()) {
        Thread.sleep(100);
      }
    } while (!timersLeft.isEmpty() && System.currentTimeMillis() < deadline);
    assertThat(timersLeft).as("timer rows left behind by settled holds").isEmpty();
  }

  @Test
  void a_hold_sent_again_with_the_same_or_another_key_is_placed_once() throws Exception {
    String card = issue(1_000);
    Instant expires = Instant.now().plus(Duration.ofMinutes(10));
    WalletCommand hold = new WalletCommand.PlaceHold(card, "order-7-hold", 300, UNIT, expires, null, "order-7");
    String k1 = "k1-" + UUID.randomUUID();

    // At once: the same key through both members, and two other keys for the same hold id.
    List<Future<Response<WalletReply>>> burst = List.of(
        cluster.sendRaw(cluster.routerA(), hold, k1), cluster.sendRaw(cluster.routerB(), hold, k1),
        cluster.sendRaw(cluster.routerA(), hold, "k2-" + UUID.randomUUID()),
        cluster.sendRaw(cluster.routerB(), hold, "k3-" + UUID.randomUUID()));
    List<Response<WalletReply>> answered = responses(burst);
    assertThat(answered).allSatisfy(r -> assertThat(r).isInstanceOfSatisfying(Response.Done.class,
        d -> assertThat(d.reply()).isInstanceOfSatisfying(View.class, v -> assertThat(v.held()).isEqualTo(300))));
    assertThat(answered.subList(0, 2).stream().filter(r -> !((Response.Done<WalletReply>) r).replayed()).count())
        .as("the same key is decided at most once").isLessThanOrEqualTo(1);

    // Later: the first key again (answered from its record), another key again (the open hold, no new line).
    Response<WalletReply> again = await(cluster.sendRaw(cluster.routerB(), hold, k1));
    assertThat(again).isInstanceOfSatisfying(Response.Done.class, d -> {
      assertThat(d.replayed()).isTrue();
      assertThat(d.reply()).isInstanceOfSatisfying(View.class, v -> assertThat(v.held()).isEqualTo(300));
    });
    assertThat(reply(await(cluster.send(cluster.routerA(), hold, "k4-" + UUID.randomUUID())))).isInstanceOfSatisfying(View.class,
        v -> assertThat(v.held()).isEqualTo(300));
    // The same hold id with another amount is refused, not placed.
    WalletCommand other = new WalletCommand.PlaceHold(card, "order-7-hold", 400, UNIT, expires, null, "order-7");
    assertThat(reply(await(cluster.send(cluster.routerB(), other, "k5-" + UUID.randomUUID())))).isInstanceOfSatisfying(Rejected.class,
        r -> assertThat(r.reason()).isEqualTo(Reason.INVALID_AMOUNT));

    assertThat(cluster.count("SELECT count(*) FROM wallet_ledger WHERE account_key = $1 AND entry_type = 'hold'", card)).isEqualTo(1);
    assertThat(cluster.count("SELECT count(*) FROM wallet_ledger WHERE account_key = $1 AND hold_id = $2", card, "order-7-hold"))
        .isEqualTo(1);
    assertThat(cluster.count("SELECT count(*) FROM wallet_ledger WHERE account_key = $1", card)).isEqualTo(2);
    View now = get(card);
    assertThat(now.balance()).isEqualTo(1_000);
    assertThat(now.held()).isEqualTo(300);
    assertLastLineMatches(card, now);
  }

  // ---- helpers --------------------------------------------------------------------------------

  /** Issues a gift card with a fresh random number and no PIN; answers its key. */
  private String issue(long amount) throws Exception {
    String key = AccountType.GIFT_CARD.key(GiftCardNumbers.random().number());
    WalletReply r = reply(await(cluster.send(cluster.routerA(), new WalletCommand.Issue(key, amount, UNIT, null, null, "test issue"),
        "issue-" + UUID.randomUUID())));
    assertThat(r).as("issue of %s", key).isInstanceOfSatisfying(View.class, v -> assertThat(v.balance()).isEqualTo(amount));
    return key;
  }

  private View get(String key) throws Exception {
    return (View) reply(await(cluster.routerA().read(new WalletCommand.Get(key))));
  }

  /** Polls until the account has nothing held (its hold captured or released), up to 15 s. */
  private View awaitSettled(String key) throws Exception {
    long deadline = System.currentTimeMillis() + 15_000;
    View v = get(key);
    while (v.held() != 0 && System.currentTimeMillis() < deadline) {
      Thread.sleep(100);
      v = get(key);
    }
    assertThat(v.held()).as("%s still holds after 15 s: %s", key, v).isZero();
    return v;
  }

  /** The account's newest ledger line says what the account says. */
  private void assertLastLineMatches(String key, View v) throws Exception {
    List<Row> last = cluster.rows("SELECT balance_after, held_after FROM wallet_ledger WHERE account_key = $1"
        + " ORDER BY seq DESC LIMIT 1", key);
    assertThat(last).hasSize(1);
    assertThat(last.get(0).getLong("balance_after")).as("balance_after of the last line").isEqualTo(v.balance());
    assertThat(last.get(0).getLong("held_after")).as("held_after of the last line").isEqualTo(v.held());
  }
}
