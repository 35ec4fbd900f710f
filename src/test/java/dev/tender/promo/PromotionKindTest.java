package dev.tender.promo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tender.cluster.Decision;
import dev.tender.cluster.DecisionContext;
import dev.tender.cluster.WireCodec;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The promotion kind: its rules decided in memory, its definition's checks, and its wire forms round-tripped. */
class PromotionKindTest {
  private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
  private final PromotionBehaviour rules = new PromotionBehaviour();

  private static final Promotion PERCENT = Promotion.percentOffAbove("BIG-SPEND_10", "10 % off above ₹1000 ✓", 1_000, 100_000, 50_000L,
      Instant.parse("2026-11-01T00:00:00.000000001Z"), Instant.parse("2026-12-01T00:00:00Z"));
  private static final Promotion PERCENT_PLAIN = Promotion.percentOffAbove("P2", "plain", 1_250, 0, null, null, null);
  private static final Promotion B2G1 = Promotion.buyXGetY("B2G1", "buy 2 get 1", "p03", null, 2, 1, T0, null);
  private static final Promotion TEE = Promotion.buyXGetY("TEE", "tee", "p01", "p01-s", 1, 1, null, T0.plusSeconds(5)).disabling();

  private static <T> void roundTrips(WireCodec<T> codec, T value) {
    assertThat(codec.fromBytes(codec.toBytes(value))).as("round trip of %s", value).isEqualTo(value);
  }

  @Test
  void every_command_reply_and_state_round_trips() {
    for (Promotion p : List.of(PERCENT, PERCENT_PLAIN, B2G1, TEE)) {
      roundTrips(PromotionWire.COMMANDS, new PromotionCommand.Create(p.id(), p));
      roundTrips(PromotionWire.REPLIES, new PromotionReply.View(p));
      roundTrips(PromotionWire.STATES, new PromotionState(p.id(), p));
    }
    roundTrips(PromotionWire.COMMANDS, new PromotionCommand.Disable("B2G1"));
    roundTrips(PromotionWire.COMMANDS, new PromotionCommand.Get("B2G1"));
    for (PromotionReply.Reason r : PromotionReply.Reason.values()) {
      roundTrips(PromotionWire.REPLIES, new PromotionReply.Rejected(r, "why ✓"));
    }
    roundTrips(PromotionWire.STATES, PromotionState.none("NOPE"));
    assertThat(PromotionKind.KIND.mutates().test(new PromotionCommand.Create("B2G1", B2G1))).isTrue();
    assertThat(PromotionKind.KIND.mutates().test(new PromotionCommand.Disable("B2G1"))).isTrue();
    assertThat(PromotionKind.KIND.mutates().test(new PromotionCommand.Get("B2G1"))).isFalse();
  }

  @Test
  void created_once_started_at_creation_when_no_start_is_given_then_read_and_disabled() {
    DecisionContext ctx = DecisionContext.of(T0, "req");
    Decision<PromotionState, PromotionReply> created = rules.decide(PromotionState.none("P2"),
        new PromotionCommand.Create("P2", PERCENT_PLAIN), ctx);
    Promotion stored = created.next().promotion();
    assertThat(stored.startsAt()).isEqualTo(T0);
    assertThat(created.reply()).isEqualTo(new PromotionReply.View(stored));
    assertThat(((PromotionReply.Rejected) rules.decide(created.next(), new PromotionCommand.Create("P2", PERCENT_PLAIN), ctx).reply())
        .reason()).isEqualTo(PromotionReply.Reason.ALREADY_EXISTS);
    assertThat(rules.decide(created.next(), new PromotionCommand.Get("P2"), ctx).reply()).isEqualTo(new PromotionReply.View(stored));

    Decision<PromotionState, PromotionReply> disabled = rules.decide(created.next(), new PromotionCommand.Disable("P2"), ctx);
    assertThat(disabled.next().promotion().disabled()).isTrue();
    assertThat(disabled.next().promotion().activeAt(T0)).isFalse();
    Decision<PromotionState, PromotionReply> again = rules.decide(disabled.next(), new PromotionCommand.Disable("P2"), ctx);
    assertThat(again.next()).as("disabling twice changes nothing").isNull();
    assertThat(again.reply()).isEqualTo(disabled.reply());

    for (PromotionCommand c : List.<PromotionCommand>of(new PromotionCommand.Get("X"), new PromotionCommand.Disable("X"))) {
      Decision<PromotionState, PromotionReply> d = rules.decide(PromotionState.none("X"), c, ctx);
      assertThat(d.next()).isNull();
      assertThat(((PromotionReply.Rejected) d.reply()).reason()).isEqualTo(PromotionReply.Reason.NOT_FOUND);
    }
  }

  @Test
  void active_from_its_start_until_before_its_expiry_unless_disabled() {
    Promotion p = Promotion.buyXGetY("W", "window", "p03", null, 1, 1, T0, T0.plusSeconds(10));
    assertThat(p.activeAt(T0.minusNanos(1))).isFalse();
    assertThat(p.activeAt(T0)).isTrue();
    assertThat(p.activeAt(T0.plusSeconds(10).minusNanos(1))).isTrue();
    assertThat(p.activeAt(T0.plusSeconds(10))).isFalse();
    assertThat(p.disabling().activeAt(T0)).isFalse();
    Promotions snapshot = Promotions.fixed(List.of(p, B2G1, TEE, PERCENT));
    assertThat(snapshot.all()).extracting(Promotion::id).containsExactly("B2G1", "BIG-SPEND_10", "TEE", "W");
    assertThat(snapshot.activeAt(T0)).extracting(Promotion::id).containsExactly("B2G1", "BIG-SPEND_10", "W");
    assertThat(snapshot.activeAt(Instant.parse("2026-12-01T00:00:00Z"))).extracting(Promotion::id).containsExactly("B2G1");
  }

  @Test
  void a_definition_that_makes_no_sense_is_refused() {
    assertThatThrownBy(() -> Promotion.percentOffAbove("lower", "x", 1_000, 0, null, null, null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Promotion.percentOffAbove("A".repeat(41), "x", 1_000, 0, null, null, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Promotion.percentOffAbove("P", "x", 0, 0, null, null, null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Promotion.percentOffAbove("P", "x", 10_001, 0, null, null, null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Promotion.percentOffAbove("P", "x", 1_000, -1, null, null, null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Promotion.percentOffAbove("P", "x", 1_000, 0, 0L, null, null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Promotion.buyXGetY("B", "x", "p03", null, 0, 1, null, null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Promotion.buyXGetY("B", "x", "p03", null, 1, 0, null, null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Promotion.buyXGetY("B", "x", null, null, 1, 1, null, null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Promotion.buyXGetY("B", "x", "p03", null, 1, 1, T0, T0)).isInstanceOf(IllegalArgumentException.class);
    assertThat(B2G1.freeUnits(2)).isZero();
    assertThat(B2G1.freeUnits(3)).isEqualTo(1);
    assertThat(B2G1.freeUnits(7)).isEqualTo(2);
    assertThat(B2G1.freeUnits(9)).isEqualTo(3);
  }
}
