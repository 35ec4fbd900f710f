package dev.tender.http;

import dev.tender.account.User;
import dev.tender.account.UserCommand;
import dev.tender.account.UserReply;
import dev.tender.cluster.PartitionRouter;
import dev.tender.cluster.Request;
import io.vertx.core.Future;

/** The HTTP layer's way to a customer: sends user-kind commands and turns their answers into users or API errors. */
final class UserClient {
  private final PartitionRouter<UserCommand, UserReply> users;

  UserClient(PartitionRouter<UserCommand, UserReply> users) {
    this.users = users;
  }

  /** The registered customer with this id, or null (an anonymous shopper, or nobody). */
  Future<User> find(String userId) {
    return users.read(new UserCommand.Get(userId)).map(r -> switch (Problems.reply(r)) {
      case UserReply.UserView v -> v.user();
      case UserReply.Rejected rej -> null;
    });
  }

  /** Sends a command under a key of the server's (a step of a bigger request) and answers the user it leaves. */
  Future<User> send(UserCommand command) {
    Request<UserCommand> request = command instanceof UserCommand.Mutation ? Idempotency.minted(command, command.userId())
        : Request.read(command);
    return users.send(request).compose(r -> switch (Problems.reply(r)) {
      case UserReply.UserView v -> Future.succeededFuture(v.user());
      case UserReply.Rejected rej -> Future.failedFuture(problem(rej));
    });
  }

  private static ApiError problem(UserReply.Rejected r) {
    return switch (r.reason()) {
      case NOT_FOUND -> ApiError.notFound("user");
      case ADDRESS_NOT_FOUND -> ApiError.notFound("address");
      case TOO_MANY_ADDRESSES -> new ApiError(400, "TOO_MANY_ADDRESSES", r.detail());
      case PASSWORD_CHANGED -> new ApiError(409, "PASSWORD_CHANGED", r.detail());
      case DEACTIVATED -> new ApiError(401, "ACCOUNT_DEACTIVATED", r.detail());
    };
  }
}
