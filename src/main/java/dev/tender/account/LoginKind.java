package dev.tender.account;

import dev.tender.cluster.Documents;
import dev.tender.cluster.Kind;
import dev.tender.cluster.KindRuntime;

/**
 * The login kind: sign-in identifiers (an email or a phone number) keyed by {@link LoginId}. Owning an
 * identifier is deciding on it, so registrations of one address race to a single writer, and its
 * sign-in limits are exact cluster-wide.
 */
public final class LoginKind {
  public static final String NAME = "login";
  public static final Kind<LoginCommand, LoginReply> KIND =
      new Kind<>(NAME, LoginCommand::id, c -> c instanceof LoginCommand.Mutation, AccountWire.LOGIN_COMMANDS, AccountWire.LOGIN_REPLIES);

  private LoginKind() {}

  public static KindRuntime<Login, LoginCommand, LoginReply> runtime(Documents<Login> store) {
    return new KindRuntime<>(KIND, new LoginBehaviour(), store);
  }
}
