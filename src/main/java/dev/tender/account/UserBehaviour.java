package dev.tender.account;

import dev.tender.account.UserReply.Reason;
import dev.tender.account.UserReply.Rejected;
import dev.tender.account.UserReply.UserView;
import dev.tender.cluster.Behaviour;
import dev.tender.cluster.Decision;
import dev.tender.cluster.DecisionContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A customer's rules: the profile, the password hash, deactivation and saved addresses. */
public final class UserBehaviour implements Behaviour<User, UserCommand, UserReply> {
  @Override
  public Decision<User, UserReply> decide(User s, UserCommand command, DecisionContext ctx) {
    Instant now = ctx.now();
    if (command instanceof UserCommand.Create c) {
      if (s.exists()) {
        return Decision.reply(new UserView(s)); // delivered again by the outbox, or answered to a retry
      }
      Login.Registration r = c.registration();
      return persist(new User(c.userId(), r.firstName(), r.lastName(), r.email(), c.emailVerified(), r.phone(), r.countryCode(),
          c.phoneVerified(), null, null, r.passwordHash(), true, now, now, List.of()));
    }
    if (!s.exists()) {
      return reject(Reason.NOT_FOUND, "no such user");
    }
    if (command instanceof UserCommand.Get) {
      return Decision.reply(new UserView(s));
    }
    if (!s.active()) {
      return command instanceof UserCommand.Deactivate ? Decision.reply(new UserView(s))
          : reject(Reason.DEACTIVATED, "the account is deactivated");
    }
    return switch (command) {
      case UserCommand.UpdateProfile u -> persist(s.with(u.firstName() != null ? u.firstName() : s.firstName(),
          u.lastName() == null ? s.lastName() : u.lastName().isEmpty() ? null : u.lastName(),
          u.notificationPreferences() != null ? u.notificationPreferences() : s.notificationPreferences(), now));
      case UserCommand.SetPassword p -> p.expectedCurrent() != null && !p.expectedCurrent().equals(s.passwordHash())
          ? reject(Reason.PASSWORD_CHANGED, "the password was changed meanwhile")
          : persist(s.withPassword(p.passwordHash(), now));
      case UserCommand.Deactivate d -> persist(s.deactivated(now));
      case UserCommand.MarkVerified m -> persist(s.verified(m.email(), now));
      case UserCommand.ChangeIdentifier c -> changeIdentifier(s, c, now);
      case UserCommand.SaveAddress a -> saveAddress(s, a, now);
      case UserCommand.RemoveAddress r -> {
        if (s.address(r.addressId()) == null) {
          yield reject(Reason.ADDRESS_NOT_FOUND, "no such address");
        }
        User.SavedAddress removed = s.address(r.addressId());
        yield persist(s.withAddresses(withDefaults(s.addresses().stream().filter(x -> !x.id().equals(r.addressId())).toList(),
            removed.defaultBilling(), removed.defaultShipping()), now));
      }
      case UserCommand.Create c -> throw new IllegalStateException("handled above");
      case UserCommand.Get g -> throw new IllegalStateException("handled above");
    };
  }

  @Override
  public Decision<User, UserReply> onTimer(User s, String timer, DecisionContext ctx) {
    return Decision.none(); // a customer sets no timers
  }

  private static Decision<User, UserReply> changeIdentifier(User s, UserCommand.ChangeIdentifier c, Instant now) {
    LoginId old = s.loginId(c.email());
    LoginId next = c.email() ? LoginId.email(c.value()) : LoginId.phone(c.countryCode(), c.value());
    if (next.equals(old)) {
      return Decision.reply(new UserView(s)); // delivered again, or the same one: nothing moves
    }
    Decision<User, UserReply> d = persist(s.withIdentifier(c.email(), c.value(), c.countryCode(), now));
    return old == null ? d : d.send(LoginKind.KIND, new LoginCommand.Release(old.value(), s.id()));
  }

  private static Decision<User, UserReply> saveAddress(User s, UserCommand.SaveAddress a, Instant now) {
    User.SavedAddress saved = a.address();
    List<User.SavedAddress> next = new ArrayList<>();
    boolean found = false;
    for (User.SavedAddress x : s.addresses()) {
      if (x.id().equals(saved.id())) {
        found = true;
        if (a.replace()) {
          next.add(saved);
          continue;
        }
      }
      next.add(x);
    }
    if (a.replace() && !found) {
      return reject(Reason.ADDRESS_NOT_FOUND, "no such address");
    }
    if (!a.replace()) {
      if (found) {
        return Decision.reply(new UserView(s)); // the same address id again: already saved
      }
      if (s.addresses().size() >= User.MAX_ADDRESSES) {
        return reject(Reason.TOO_MANY_ADDRESSES, "at most " + User.MAX_ADDRESSES + " saved addresses");
      }
      // The first address is the default for both until the customer says otherwise.
      next.add(s.addresses().isEmpty() ? new User.SavedAddress(saved.address(), true, true) : saved);
    }
    // One default of each kind: the address just marked default takes it from the others.
    List<User.SavedAddress> defaults = new ArrayList<>(next.size());
    for (User.SavedAddress x : next) {
      boolean self = x.id().equals(saved.id());
      defaults.add(new User.SavedAddress(x.address(), self ? x.defaultBilling() : x.defaultBilling() && !saved.defaultBilling(),
          self ? x.defaultShipping() : x.defaultShipping() && !saved.defaultShipping()));
    }
    return persist(s.withAddresses(defaults, now));
  }

  /**
   * The addresses left after removing one that was the default billing and/or shipping address: the newest
   * remaining address takes that default in its place, as saving the first one made it the default. (A
   * customer who cleared a default keeps none when removing another address.)
   */
  private static List<User.SavedAddress> withDefaults(List<User.SavedAddress> left, boolean wasBilling, boolean wasShipping) {
    if (left.isEmpty() || (!wasBilling && !wasShipping)) {
      return left;
    }
    List<User.SavedAddress> next = new ArrayList<>(left);
    User.SavedAddress newest = next.remove(next.size() - 1);
    next.add(new User.SavedAddress(newest.address(), newest.defaultBilling() || wasBilling, newest.defaultShipping() || wasShipping));
    return next;
  }

  private static Decision<User, UserReply> persist(User next) {
    return Decision.persist(next, new UserView(next));
  }

  private static Decision<User, UserReply> reject(Reason reason, String detail) {
    return Decision.reply(new Rejected(reason, detail));
  }
}
