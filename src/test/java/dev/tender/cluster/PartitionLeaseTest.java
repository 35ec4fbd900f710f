package dev.tender.cluster;

import static dev.tender.TestNode.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tender.exchange.Exchange;
import dev.tender.exchange.Exchange.PingCommand;
import dev.tender.exchange.Exchange.PingState;
import dev.tender.exchange.Exchange.View;
import dev.tender.store.InMemoryDocumentStore;
import dev.tender.store.InMemoryPartitionOwnerStore;
import dev.tender.store.InMemoryPartitionStore;
import io.vertx.core.eventbus.ReplyException;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** An actor serves, reads included, and fires timers only while its lease is valid by its own clock. */
class PartitionLeaseTest {
  private final InMemoryPartitionOwnerStore owners = new InMemoryPartitionOwnerStore();
  private final InMemoryDocumentStore<PingState> pingStates =
      new InMemoryDocumentStore<>(id -> new PingState(id, Exchange.Status.NEW, 0));
  private Harness harness;
  private PartitionRouter<PingCommand, View> pings;
  private PartitionActor<?, ?, ?> actor;

  @BeforeEach
  void start() throws Exception {
    // One partition per kind; a short deadline, so a refused request reaches the test after a few retries.
    harness = new Harness(List.of(
        new KindRuntime<>(Exchange.PING, Exchange.PING_RULES, pingStates),
        new KindRuntime<>(Exchange.PONG, Exchange.PONG_RULES, new InMemoryDocumentStore<>(id -> new Exchange.PongState(0)))),
        new InMemoryPartitionStore(owners), owners, 1, Clock.systemUTC(), 300).start();
    pings = harness.routers.of(Exchange.PING);
    actor = harness.actor(Exchange.PING.name(), 0);
  }

  @AfterEach
  void close() throws Exception {
    harness.close();
  }

  private void lapse() {
    actor.leaseValidUntil(System.nanoTime()); // as when the keeper stopped renewing
  }

  private void renew() {
    actor.leaseValidUntil(System.nanoTime() + TimeUnit.SECONDS.toNanos(60));
  }

  private String status(String id) throws Exception {
    return ((Response.Done<View>) await(pings.read(new PingCommand.Get(id)))).reply().status();
  }

  private static Request<PingCommand> start(String id, long delayMs) {
    return new Request<>(new PingCommand.Start(id, delayMs), "test", "start-" + id, null, false);
  }

  private static int refusal(Exception e) {
    assertThat(e).isInstanceOf(ExecutionException.class);
    ReplyException r = (ReplyException) e.getCause();
    assertThat(Failures.retryable(r)).isTrue();
    return r.failureCode();
  }

  @Test
  void an_actor_whose_lease_lapsed_refuses_reads_and_writes_with_not_owner_and_serves_again_after_renewal() throws Exception {
    await(pings.send(start("a", 60_000)));
    assertThat(status("a")).isEqualTo("WAITING"); // in memory now

    lapse();
    assertThat(refusal(assertThrows(Exception.class, () -> status("a")))).isEqualTo(Failures.NOT_OWNER);
    assertThat(refusal(assertThrows(Exception.class, () -> await(pings.send(start("b", 60_000))))))
        .isEqualTo(Failures.NOT_OWNER);
    assertThat(await(pingStates.load("b")).version()).as("nothing of the refused write applied").isZero();

    renew();
    assertThat(status("a")).isEqualTo("WAITING");
    assertThat(((Response.Done<View>) await(pings.send(start("b", 60_000)))).reply().status()).isEqualTo("WAITING");
  }

  @Test
  void a_timer_due_while_the_lease_lapsed_waits_and_fires_after_renewal() throws Exception {
    await(pings.send(start("t", 200)));
    lapse();
    Thread.sleep(200 + Leases.TICK_MS); // due, and looked at again once
    assertThat(await(pingStates.load("t")).state().status()).isEqualTo(Exchange.Status.WAITING);

    renew();
    long deadline = System.currentTimeMillis() + 5_000;
    while (await(pingStates.load("t")).state().status() == Exchange.Status.WAITING && System.currentTimeMillis() < deadline) {
      Thread.sleep(20);
    }
    assertThat(await(pingStates.load("t")).state().status()).isIn(Exchange.Status.PINGED, Exchange.Status.DONE);
  }
}
