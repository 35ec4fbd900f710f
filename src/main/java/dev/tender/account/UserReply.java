package dev.tender.account;

/** What a customer answers. */
public sealed interface UserReply {
  record UserView(User user) implements UserReply {}

  record Rejected(Reason reason, String detail) implements UserReply {}

  enum Reason {
    NOT_FOUND,
    ADDRESS_NOT_FOUND,
    TOO_MANY_ADDRESSES,
    /** The password changed meanwhile. */
    PASSWORD_CHANGED,
    DEACTIVATED
  }
}
