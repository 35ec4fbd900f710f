package dev.tender.promo;

import dev.tender.cluster.Documents;
import dev.tender.cluster.Kind;
import dev.tender.cluster.KindRuntime;

/**
 * The promotion kind: automatic promotions keyed by id, each a document. Its owner is the one writer
 * of a promotion; pricing reads them from every node's {@link Promotions} snapshot, never from here.
 */
public final class PromotionKind {
  public static final String NAME = "promotion";
  public static final Kind<PromotionCommand, PromotionReply> KIND = new Kind<>(NAME, PromotionCommand::id,
      c -> c instanceof PromotionCommand.Mutation, PromotionWire.COMMANDS, PromotionWire.REPLIES);

  private PromotionKind() {}

  public static KindRuntime<PromotionState, PromotionCommand, PromotionReply> runtime(Documents<PromotionState> store) {
    return new KindRuntime<>(KIND, new PromotionBehaviour(), store);
  }
}
