package dev.tender.promo;

import dev.tender.cluster.Behaviour;
import dev.tender.cluster.Decision;
import dev.tender.cluster.DecisionContext;

/** A promotion's rules: created once, read, disabled. Carts never ask it; they price with each node's {@link Promotions}. */
public final class PromotionBehaviour implements Behaviour<PromotionState, PromotionCommand, PromotionReply> {
  @Override
  public Decision<PromotionState, PromotionReply> decide(PromotionState s, PromotionCommand command, DecisionContext ctx) {
    return switch (command) {
      case PromotionCommand.Create c -> {
        if (s.exists()) {
          yield reject(PromotionReply.Reason.ALREADY_EXISTS, "promotion " + c.id() + " exists");
        }
        if (c.promotion().startsAt() == null && c.promotion().expiresAt() != null && !c.promotion().expiresAt().isAfter(ctx.now())) {
          yield reject(PromotionReply.Reason.ALREADY_EXPIRED, "promotion " + c.id() + " would expire before it starts");
        }
        Promotion p = c.promotion().startingBy(ctx.now());
        yield Decision.persist(new PromotionState(c.id(), p), new PromotionReply.View(p));
      }
      case PromotionCommand.Disable d -> {
        if (!s.exists()) {
          yield notFound(d.id());
        }
        if (s.promotion().disabled()) {
          yield Decision.reply(new PromotionReply.View(s.promotion()));
        }
        Promotion p = s.promotion().disabling();
        yield Decision.persist(new PromotionState(s.id(), p), new PromotionReply.View(p));
      }
      case PromotionCommand.Get g -> s.exists() ? Decision.reply(new PromotionReply.View(s.promotion())) : notFound(g.id());
    };
  }

  @Override
  public Decision<PromotionState, PromotionReply> onTimer(PromotionState s, String timer, DecisionContext ctx) {
    return Decision.none();
  }

  private static Decision<PromotionState, PromotionReply> notFound(String id) {
    return reject(PromotionReply.Reason.NOT_FOUND, "unknown promotion " + id);
  }

  private static Decision<PromotionState, PromotionReply> reject(PromotionReply.Reason reason, String detail) {
    return Decision.reply(new PromotionReply.Rejected(reason, detail));
  }
}
