package dev.tender.account;

import dev.tender.cluster.Documents;
import dev.tender.cluster.Kind;
import dev.tender.cluster.KindRuntime;

/** The user kind: registered customers keyed by user id (the id their anonymous session had). */
public final class UserKind {
  public static final String NAME = "user";
  public static final Kind<UserCommand, UserReply> KIND =
      new Kind<>(NAME, UserCommand::userId, c -> c instanceof UserCommand.Mutation, AccountWire.USER_COMMANDS, AccountWire.USER_REPLIES);

  private UserKind() {}

  public static KindRuntime<User, UserCommand, UserReply> runtime(Documents<User> store) {
    return new KindRuntime<>(KIND, new UserBehaviour(), store);
  }
}
