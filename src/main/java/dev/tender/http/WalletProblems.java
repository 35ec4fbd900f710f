package dev.tender.http;

import dev.tender.cluster.Response;
import dev.tender.wallet.AccountType;
import dev.tender.wallet.WalletReply;
import io.vertx.core.Future;

/** Wallet rejections as the API's errors (400 each unless the request was about a hold's state). */
final class WalletProblems {
  private WalletProblems() {}

  /** The account's view, or the failure the API answers: a rejection as {@link #of}, a reused key as 422. */
  static Future<WalletReply.View> view(Response<WalletReply> response, AccountType type) {
    return switch (Problems.reply(response)) {
      case WalletReply.View v -> Future.succeededFuture(v);
      case WalletReply.Rejected r -> Future.failedFuture(of(r, type));
    };
  }

  static ApiError of(WalletReply.Rejected r, AccountType type) {
    return switch (r.reason()) {
      case INVALID_GIFT_CARD -> new ApiError(400, "INVALID_GIFT_CARD", r.detail());
      case GIFT_CARD_LOCKED -> new ApiError(400, "GIFT_CARD_LOCKED", r.detail());
      case INSUFFICIENT_BALANCE -> new ApiError(400, type == AccountType.GIFT_CARD ? "INSUFFICIENT_GIFT_CARD_BALANCE" : "INSUFFICIENT_BALANCE",
          r.detail());
      case CURRENCY_MISMATCH -> new ApiError(400, "CURRENCY_MISMATCH", r.detail());
      case INVALID_AMOUNT -> ApiError.invalidField("amount", r.detail());
      case ALREADY_EXISTS -> new ApiError(409, "ALREADY_EXISTS", r.detail());
      case HOLD_NOT_FOUND -> new ApiError(404, "HOLD_NOT_FOUND", r.detail());
      case HOLD_SETTLED -> new ApiError(409, "HOLD_SETTLED", r.detail());
      case NOT_APPLICABLE -> new ApiError(400, "NOT_APPLICABLE", r.detail());
    };
  }
}
