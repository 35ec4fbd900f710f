package dev.tender.account;

import dev.tender.cart.CartWire;
import dev.tender.cluster.WireCodec;
import dev.tender.cluster.WireIn;
import dev.tender.cluster.WireOut;
import java.util.ArrayList;
import java.util.List;

/** Compact binary forms of the login and user kinds' commands, replies and states. */
public final class AccountWire {
  private AccountWire() {}

  static void registration(Login.Registration r, WireOut out) {
    out.bool(r != null);
    if (r != null) {
      out.str(r.firstName()).str(r.lastName()).str(r.email()).str(r.phone()).str(r.countryCode()).str(r.passwordHash());
    }
  }

  static Login.Registration registration(WireIn in) {
    return in.bool() ? new Login.Registration(in.str(), in.str(), in.str(), in.str(), in.str(), in.str()) : null;
  }

  public static final WireCodec<Login> LOGINS = new WireCodec<>() {
    @Override
    public void write(Login s, WireOut out) {
      out.str(s.id()).str(s.userId()).i32(s.failures()).instant(s.failuresSince()).instant(s.lockedUntil()).i32(s.otps().size());
      for (Login.Otp o : s.otps()) {
        out.str(o.token()).str(o.action()).str(o.codeHash()).instant(o.issuedAt()).instant(o.expiresAt()).i32(o.wrongTries())
            .bool(o.used());
        registration(o.registration(), out);
      }
    }

    @Override
    public Login read(WireIn in) {
      String id = in.str();
      String userId = in.str();
      int failures = in.i32();
      var since = in.instant();
      var locked = in.instant();
      int n = in.i32();
      List<Login.Otp> otps = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        otps.add(new Login.Otp(in.str(), in.str(), in.str(), in.instant(), in.instant(), in.i32(), in.bool(), registration(in)));
      }
      return new Login(id, userId, List.copyOf(otps), failures, since, locked);
    }
  };

  public static final WireCodec<LoginCommand> LOGIN_COMMANDS = new WireCodec<>() {
    @Override
    public void write(LoginCommand c, WireOut out) {
      switch (c) {
        case LoginCommand.IssueOtp x -> {
          out.i32(0).str(x.id()).str(x.token()).str(x.action()).str(x.codeHash()).instant(x.expiresAt());
          registration(x.registration(), out);
        }
        case LoginCommand.VerifyOtp x -> out.i32(1).str(x.id()).str(x.token()).str(x.codeHash()).str(x.action()).str(x.newUserId())
            .str(x.callerUserId());
        case LoginCommand.BeginPasswordAttempt x -> out.i32(2).str(x.id());
        case LoginCommand.PasswordSucceeded x -> out.i32(3).str(x.id());
        case LoginCommand.Lookup x -> out.i32(4).str(x.id());
        case LoginCommand.Release x -> out.i32(5).str(x.id()).str(x.userId());
      }
    }

    @Override
    public LoginCommand read(WireIn in) {
      return switch (in.i32()) {
        case 0 -> new LoginCommand.IssueOtp(in.str(), in.str(), in.str(), in.str(), in.instant(), registration(in));
        case 1 -> new LoginCommand.VerifyOtp(in.str(), in.str(), in.str(), in.str(), in.str(), in.str());
        case 2 -> new LoginCommand.BeginPasswordAttempt(in.str());
        case 3 -> new LoginCommand.PasswordSucceeded(in.str());
        case 4 -> new LoginCommand.Lookup(in.str());
        case 5 -> new LoginCommand.Release(in.str(), in.str());
        default -> throw new IllegalArgumentException("unknown login command tag");
      };
    }
  };

  public static final WireCodec<LoginReply> LOGIN_REPLIES = new WireCodec<>() {
    @Override
    public void write(LoginReply r, WireOut out) {
      switch (r) {
        case LoginReply.Owner x -> {
          out.i32(0).str(x.userId()).bool(x.created());
          registration(x.registration(), out);
        }
        case LoginReply.Throttled x -> out.i32(1).instant(x.until()).bool(x.locked());
        case LoginReply.Rejected x -> out.i32(2).str(x.reason().name()).str(x.detail());
      }
    }

    @Override
    public LoginReply read(WireIn in) {
      return switch (in.i32()) {
        case 0 -> new LoginReply.Owner(in.str(), in.bool(), registration(in));
        case 1 -> new LoginReply.Throttled(in.instant(), in.bool());
        case 2 -> new LoginReply.Rejected(LoginReply.Reason.valueOf(in.str()), in.str());
        default -> throw new IllegalArgumentException("unknown login reply tag");
      };
    }
  };

  static void savedAddress(User.SavedAddress a, WireOut out) {
    CartWire.address(a.address(), out);
    out.bool(a.defaultBilling()).bool(a.defaultShipping());
  }

  static User.SavedAddress savedAddress(WireIn in) {
    return new User.SavedAddress(CartWire.address(in), in.bool(), in.bool());
  }

  public static final WireCodec<User> USERS = new WireCodec<>() {
    @Override
    public void write(User u, WireOut out) {
      out.str(u.id()).str(u.firstName()).str(u.lastName()).str(u.email()).bool(u.emailVerified()).str(u.phone()).str(u.countryCode())
          .bool(u.phoneVerified()).str(u.notificationPreferences()).str(u.customerGroupId()).str(u.passwordHash()).bool(u.active())
          .instant(u.createdAt()).instant(u.modifiedAt()).i32(u.addresses().size());
      u.addresses().forEach(a -> savedAddress(a, out));
    }

    @Override
    public User read(WireIn in) {
      String id = in.str();
      String first = in.str();
      String last = in.str();
      String email = in.str();
      boolean emailVerified = in.bool();
      String phone = in.str();
      String cc = in.str();
      boolean phoneVerified = in.bool();
      String prefs = in.str();
      String group = in.str();
      String hash = in.str();
      boolean active = in.bool();
      var created = in.instant();
      var modified = in.instant();
      int n = in.i32();
      List<User.SavedAddress> addresses = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        addresses.add(savedAddress(in));
      }
      return new User(id, first, last, email, emailVerified, phone, cc, phoneVerified, prefs, group, hash, active, created, modified,
          List.copyOf(addresses));
    }
  };

  public static final WireCodec<UserCommand> USER_COMMANDS = new WireCodec<>() {
    @Override
    public void write(UserCommand c, WireOut out) {
      switch (c) {
        case UserCommand.Create x -> {
          out.i32(0).str(x.userId());
          registration(x.registration(), out);
          out.bool(x.emailVerified()).bool(x.phoneVerified());
        }
        case UserCommand.Get x -> out.i32(1).str(x.userId());
        case UserCommand.UpdateProfile x -> out.i32(2).str(x.userId()).str(x.firstName()).str(x.lastName()).str(x.notificationPreferences());
        case UserCommand.SetPassword x -> out.i32(3).str(x.userId()).str(x.passwordHash()).str(x.expectedCurrent());
        case UserCommand.Deactivate x -> out.i32(4).str(x.userId());
        case UserCommand.MarkVerified x -> out.i32(5).str(x.userId()).bool(x.email());
        case UserCommand.SaveAddress x -> {
          out.i32(6).str(x.userId());
          savedAddress(x.address(), out);
          out.bool(x.replace());
        }
        case UserCommand.RemoveAddress x -> out.i32(7).str(x.userId()).str(x.addressId());
        case UserCommand.ChangeIdentifier x -> out.i32(8).str(x.userId()).bool(x.email()).str(x.value()).str(x.countryCode());
      }
    }

    @Override
    public UserCommand read(WireIn in) {
      return switch (in.i32()) {
        case 0 -> new UserCommand.Create(in.str(), registration(in), in.bool(), in.bool());
        case 1 -> new UserCommand.Get(in.str());
        case 2 -> new UserCommand.UpdateProfile(in.str(), in.str(), in.str(), in.str());
        case 3 -> new UserCommand.SetPassword(in.str(), in.str(), in.str());
        case 4 -> new UserCommand.Deactivate(in.str());
        case 5 -> new UserCommand.MarkVerified(in.str(), in.bool());
        case 6 -> new UserCommand.SaveAddress(in.str(), savedAddress(in), in.bool());
        case 7 -> new UserCommand.RemoveAddress(in.str(), in.str());
        case 8 -> new UserCommand.ChangeIdentifier(in.str(), in.bool(), in.str(), in.str());
        default -> throw new IllegalArgumentException("unknown user command tag");
      };
    }
  };

  public static final WireCodec<UserReply> USER_REPLIES = new WireCodec<>() {
    @Override
    public void write(UserReply r, WireOut out) {
      switch (r) {
        case UserReply.UserView v -> {
          out.i32(0);
          USERS.write(v.user(), out);
        }
        case UserReply.Rejected x -> out.i32(1).str(x.reason().name()).str(x.detail());
      }
    }

    @Override
    public UserReply read(WireIn in) {
      return in.i32() == 0 ? new UserReply.UserView(USERS.read(in))
          : new UserReply.Rejected(UserReply.Reason.valueOf(in.str()), in.str());
    }
  };
}
