package dev.tender.http;

import com.github.f4b6a3.ulid.UlidCreator;
import dev.tender.account.Login;
import dev.tender.account.LoginCommand;
import dev.tender.account.LoginId;
import dev.tender.account.LoginReply;
import dev.tender.account.User;
import dev.tender.account.UserCommand;
import dev.tender.auth.Principal;
import dev.tender.auth.TokenPair;
import dev.tender.auth.TokenService;
import dev.tender.cluster.PartitionRouter;
import dev.tender.cluster.Request;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Customer accounts: registration, sign-in by password or one-time password, password reset and
 * change, logout, and the customer's own profile. Sign-in limits per identifier are the login kind's
 * (exact); per client address, {@link ClientThrottle}'s. Unknown and wrong credentials get one answer,
 * and an unknown account still pays for an Argon2id verification, so neither the message nor the time
 * tells which accounts exist. Password hashing runs on worker threads.
 */
final class AccountRoutes {
  private static final Logger LOG = LoggerFactory.getLogger(AccountRoutes.class);
  static final Duration OTP_TTL = Duration.ofMinutes(10);
  static final int PASSWORD_MIN_CHARS = 8;
  static final int PASSWORD_MAX_CHARS = 128;
  static final int NAME_MAX_CHARS = 100;
  static final int NOTIFICATION_PREFERENCES_MAX_BYTES = 2048;
  private static final Set<String> VERIFY_ACTIONS =
      Set.of("login", "register", "verify-email", "verify-phone", "update-email", "update-phone");
  private static final Set<String> GENERATE_ACTIONS =
      Set.of("register", "reset-password", "verify-email", "verify-phone", "update-email", "update-phone");

  private final Vertx vertx;
  private final TokenService tokens;
  private final PartitionRouter<LoginCommand, LoginReply> logins;
  private final UserClient users;
  private final SignInHandoff handoff;
  private final StorefrontServer.AccountParts parts;
  private final io.vertx.core.WorkerExecutor hashing;

  AccountRoutes(Vertx vertx, TokenService tokens, PartitionRouter<LoginCommand, LoginReply> logins, UserClient users,
                SignInHandoff handoff, StorefrontServer.AccountParts parts) {
    this.vertx = vertx;
    this.tokens = tokens;
    this.logins = logins;
    this.users = users;
    this.handoff = handoff;
    this.parts = parts;
    // Shared by name: every HTTP verticle of the node uses the same pool.
    this.hashing = vertx.createSharedWorkerExecutor("tender-password-hashing", Runtime.getRuntime().availableProcessors());
  }

  void mount(Router r, String base, Handler<RoutingContext> bearer) {
    r.post(base + "/auth/login/password").handler(this::loginWithPassword);
    r.post(base + "/auth/login/email").handler(ctx -> otpLogin(ctx, true));
    r.post(base + "/auth/login/phone").handler(ctx -> otpLogin(ctx, false));
    r.post(base + "/auth/verify-otp").handler(this::verifyOtp);
    r.post(base + "/auth/register/password").handler(this::registerWithPassword);
    r.post(base + "/auth/register/email").handler(ctx -> register(ctx, true));
    r.post(base + "/auth/register/phone").handler(ctx -> register(ctx, false));
    r.post(base + "/auth/generate-otp").handler(this::generateOtp);
    r.post(base + "/auth/forgot-password").handler(this::forgotPassword);
    r.post(base + "/auth/reset-password").handler(this::resetPassword);
    r.post(base + "/auth/change-password").handler(bearer).handler(this::changePassword);
    r.post(base + "/auth/logout").handler(bearer).handler(this::logout);
    r.get(base + "/auth/user/:id").handler(bearer).handler(this::getUser);
    r.put(base + "/auth/user/:id").handler(bearer).handler(this::updateUser);
    r.put(base + "/auth/user/:id/deactivate").handler(bearer).handler(this::deactivate);
  }

  // ---- sign-in

  private void loginWithPassword(RoutingContext ctx) {
    JsonObject body = Bodies.object(ctx);
    LoginId id = identifier(body);
    String password = password(body, "password");
    throttle(ctx);
    caller(ctx).compose(caller -> login(new LoginCommand.BeginPasswordAttempt(id.value())).compose(reply -> {
      if (reply instanceof LoginReply.Throttled t) {
        return Future.failedFuture(locked(t));
      }
      String userId = ((LoginReply.Owner) reply).userId();
      Future<User> user = userId == null ? Future.succeededFuture() : users.find(userId);
      return user.compose(u -> blocking(() -> {
        if (u == null || u.passwordHash() == null) {
          parts.hasher().burn(password); // the same cost as a wrong password
          return false;
        }
        return parts.hasher().verify(password, u.passwordHash());
      }).compose(right -> {
        if (!right) {
          return Future.failedFuture(wrongCredentials());
        }
        if (!u.active()) {
          return Future.failedFuture(new ApiError(401, "ACCOUNT_DEACTIVATED", "the account is deactivated"));
        }
        return login(new LoginCommand.PasswordSucceeded(id.value()))
            .compose(x -> rehashIfWeak(u, password))
            .compose(x -> signIn(caller, u));
      }));
    })).onSuccess(content -> Envelope.ok(ctx, "signed in", content)).onFailure(ctx::fail);
  }

  /** A hash made under older, weaker settings is replaced now that the password is at hand; a failure here costs nothing. */
  private Future<Void> rehashIfWeak(User u, String password) {
    if (!parts.hasher().needsRehash(u.passwordHash())) {
      return Future.succeededFuture();
    }
    return blocking(() -> parts.hasher().hash(password))
        .compose(hash -> users.send(new UserCommand.SetPassword(u.id(), hash, u.passwordHash())))
        .<Void>mapEmpty()
        .otherwise(e -> {
          LOG.debug("password rehash of a customer skipped", e);
          return null;
        });
  }

  private void otpLogin(RoutingContext ctx, boolean email) {
    JsonObject body = Bodies.object(ctx);
    LoginId id = email ? email(body, "email") : phone(body);
    boolean registerIfMissing = Bodies.optionalBoolean(body, "register_if_not_exists", false);
    Login.Registration registration = !registerIfMissing ? null : email
        ? new Login.Registration(null, null, id.bare(), null, null, null)
        : new Login.Registration(null, null, null, phoneNumber(id), countryCode(id), null);
    throttle(ctx);
    issueOtp(ctx, id, "login", registration);
  }

  private void verifyOtp(RoutingContext ctx) {
    JsonObject body = Bodies.object(ctx);
    String action = Bodies.requiredString(body, "otp_action");
    if (action.equals("reset-password")) {
      throw new ApiError(400, "VALIDATION_ERROR", "a reset-password code is used with POST /auth/reset-password");
    }
    if (!VERIFY_ACTIONS.contains(action)) {
      throw ApiError.invalidField("otp_action", "must be one of " + VERIFY_ACTIONS);
    }
    String token = Bodies.requiredString(body, "otp_token");
    String code = otp(body);
    LoginId id = identifierOf(token);
    throttle(ctx);
    caller(ctx).compose(caller -> {
      if (action.startsWith("update-") && (caller == null || !caller.loggedIn())) {
        return Future.failedFuture(new ApiError(401, "UNAUTHORIZED", "sign in to change an email or phone"));
      }
      // A shopper registering keeps the id they had while anonymous: their cart, wishlist and balances stay theirs.
      // Unless that id is a customer's already: an anonymous token from before a registration must not bind a
      // second address to the account it became.
      Future<String> newUserId = caller == null || !caller.anonymous() ? Future.succeededFuture(UlidCreator.getMonotonicUlid().toString())
          : users.find(caller.userId()).map(u -> u == null ? caller.userId() : UlidCreator.getMonotonicUlid().toString());
      return newUserId.compose(userId -> login(new LoginCommand.VerifyOtp(id.value(), token, parts.otps().hash(token, code), action,
          userId, caller == null ? null : caller.userId())))
          .compose(reply -> switch (reply) {
            case LoginReply.Rejected r -> Future.failedFuture(problem(r));
            case LoginReply.Throttled t -> Future.failedFuture(locked(t));
            case LoginReply.Owner o when action.startsWith("update-") -> moved(o.userId(), id).compose(u -> signIn(caller, u));
            case LoginReply.Owner o when action.startsWith("verify-") ->
                users.send(new UserCommand.MarkVerified(o.userId(), id.isEmail())).compose(u -> signIn(caller, u));
            case LoginReply.Owner o when o.created() ->
                users.send(new UserCommand.Create(o.userId(), o.registration(), id.isEmail(), !id.isEmail())).compose(u -> signIn(caller, u));
            case LoginReply.Owner o -> existing(o.userId()).compose(u -> signIn(caller, u));
          });
    }).onSuccess(content -> Envelope.ok(ctx, "verified", content)).onFailure(ctx::fail);
  }

  // ---- registration

  private void registerWithPassword(RoutingContext ctx) {
    JsonObject body = Bodies.object(ctx);
    LoginId id = identifier(body);
    String password = newPassword(body, "password");
    Profile p = profile(body, id, false);
    throttle(ctx);
    blocking(() -> parts.hasher().hash(password))
        .onSuccess(hash -> issueOtp(ctx, id, "register",
            new Login.Registration(p.firstName, p.lastName, p.email, p.phone, p.countryCode, hash)))
        .onFailure(ctx::fail);
  }

  private void register(RoutingContext ctx, boolean email) {
    JsonObject body = Bodies.object(ctx);
    LoginId id = email ? email(body, "email") : phone(body);
    Profile p = profile(body, id, true);
    throttle(ctx);
    issueOtp(ctx, id, "register", new Login.Registration(p.firstName, p.lastName, p.email, p.phone, p.countryCode, null));
  }

  private record Profile(String firstName, String lastName, String email, String phone, String countryCode) {}

  /** The profile a registration carries; the identifier's own field is taken from it, the other is kept unverified. */
  private static Profile profile(JsonObject body, LoginId id, boolean firstNameRequired) {
    String first = firstNameRequired ? Bodies.requiredString(body, "first_name") : Bodies.optionalString(body, "first_name");
    String last = Bodies.optionalString(body, "last_name");
    Bodies.maxChars("first_name", first, NAME_MAX_CHARS);
    Bodies.maxChars("last_name", last, NAME_MAX_CHARS);
    String email = id.isEmail() ? id.bare() : body.getValue("email") == null ? null : email(body, "email").bare();
    String phone = !id.isEmail() ? phoneNumber(id) : body.getValue("phone") == null ? null : phoneNumber(phone(body));
    String cc = !id.isEmail() ? countryCode(id) : phone == null ? null : countryCode(phone(body));
    return new Profile(first, last, email, phone, cc);
  }

  private void generateOtp(RoutingContext ctx) {
    JsonObject body = Bodies.object(ctx);
    String channel = Bodies.requiredString(body, "channel");
    String action = Bodies.requiredString(body, "otp_action");
    LoginId id = switch (channel) {
      case "email" -> email(body, "email");
      case "sms", "whatsapp" -> phone(body);
      default -> throw ApiError.invalidField("channel", "must be sms, whatsapp or email");
    };
    if (!GENERATE_ACTIONS.contains(action)) {
      throw ApiError.invalidField("otp_action", "must be one of " + GENERATE_ACTIONS);
    }
    throttle(ctx);
    if (action.startsWith("update-")) {
      caller(ctx).onComplete(ar -> {
        if (ar.failed() || ar.result() == null || !ar.result().loggedIn()) {
          ctx.fail(new ApiError(401, "UNAUTHORIZED", "sign in to change an email or phone"));
        } else {
          issueOtp(ctx, id, action, null);
        }
      });
      return;
    }
    Login.Registration registration = !action.equals("register") ? null : id.isEmail()
        ? new Login.Registration(null, null, id.bare(), null, null, null)
        : new Login.Registration(null, null, null, phoneNumber(id), countryCode(id), null);
    issueOtp(ctx, id, action, registration);
  }

  // ---- passwords

  private void forgotPassword(RoutingContext ctx) {
    JsonObject body = Bodies.object(ctx);
    LoginId id = identifier(body);
    throttle(ctx);
    issueOtp(ctx, id, "reset-password", null);
  }

  private void resetPassword(RoutingContext ctx) {
    JsonObject body = Bodies.object(ctx);
    String password = newPassword(body, "new_password");
    String token = Bodies.requiredString(body, "otp_token");
    String code = otp(body);
    LoginId id = identifierOf(token);
    throttle(ctx);
    caller(ctx).compose(caller -> blocking(() -> parts.hasher().hash(password)).compose(hash ->
        login(new LoginCommand.VerifyOtp(id.value(), token, parts.otps().hash(token, code), "reset-password", null, null))
            .compose(reply -> switch (reply) {
              case LoginReply.Owner o -> users.send(new UserCommand.SetPassword(o.userId(), hash, null))
                  // The one who holds the code may sign in again even if wrong guesses had locked the account.
                  .compose(u -> login(new LoginCommand.PasswordSucceeded(id.value())).map(u));
              case LoginReply.Rejected r -> Future.failedFuture(r.reason() == LoginReply.Reason.NO_ACCOUNT
                  ? invalidOtp("unknown or superseded code") : problem(r));
              case LoginReply.Throttled t -> Future.failedFuture(locked(t));
            })
            .compose(u -> signIn(caller, u, true)))) // signIn checks the account is active
        .onSuccess(content -> Envelope.ok(ctx, "password reset", content)).onFailure(ctx::fail);
  }

  private void changePassword(RoutingContext ctx) {
    Principal p = Guards.principal(ctx);
    JsonObject body = Bodies.object(ctx);
    String old = password(body, "old_password");
    String password = newPassword(body, "new_password");
    if (!p.loggedIn()) {
      throw new ApiError(401, "UNAUTHORIZED", "sign in to change a password");
    }
    throttle(ctx);
    existing(p.userId()).compose(u -> blocking(() -> u.passwordHash() != null && parts.hasher().verify(old, u.passwordHash()))
        .compose(right -> {
          if (!right) {
            return Future.failedFuture(wrongCredentials());
          }
          return blocking(() -> parts.hasher().hash(password))
              .compose(hash -> users.send(new UserCommand.SetPassword(u.id(), hash, u.passwordHash())))
              .compose(changed -> tokens.signIn(changed.claims()))
              .compose(pair -> tokens.revokeSessions(u.id(), pair.principal().session()).map(pair));
        }))
        .onSuccess(pair -> Envelope.ok(ctx, "password changed",
            new JsonObject().put("access_token", pair.accessToken()).put("refresh_token", pair.refreshToken())))
        .onFailure(ctx::fail);
  }

  private void logout(RoutingContext ctx) {
    tokens.signOut(Guards.principal(ctx))
        .onSuccess(pair -> Envelope.ok(ctx, "signed out", withTokens(AccountJson.anonymousUser(pair.principal().userId()), pair)))
        .onFailure(ctx::fail);
  }

  // ---- the customer's own profile

  private void getUser(RoutingContext ctx) {
    Principal p = ownUser(ctx);
    users.find(p.userId()).onSuccess(u -> {
      // A customer's profile is for their signed-in sessions; an anonymous token naming the id (from before the
      // registration) sees nothing.
      if (u == null ? !p.anonymous() : !p.loggedIn()) {
        ctx.fail(ApiError.notFound("user"));
        return;
      }
      Envelope.ok(ctx, "user", new JsonObject().put("user", u == null ? AccountJson.anonymousUser(p.userId()) : AccountJson.user(u)));
    }).onFailure(ctx::fail);
  }

  private void updateUser(RoutingContext ctx) {
    Principal p = ownCustomer(ctx);
    JsonObject body = Bodies.object(ctx);
    String first = Bodies.optionalString(body, "first_name");
    Bodies.maxChars("first_name", first, NAME_MAX_CHARS);
    if (first != null && first.isBlank()) {
      throw ApiError.invalidField("first_name", "must not be blank");
    }
    String last = body.containsKey("last_name") && body.getValue("last_name") == null ? "" : Bodies.optionalString(body, "last_name");
    Bodies.maxChars("last_name", last, NAME_MAX_CHARS);
    String prefs = null;
    if (body.getValue("notification_preferences") != null) {
      prefs = Bodies.requiredObject(body, "notification_preferences").encode();
      if (Bodies.utf8Bytes(prefs) > NOTIFICATION_PREFERENCES_MAX_BYTES) {
        throw ApiError.invalidField("notification_preferences", "must encode to at most " + NOTIFICATION_PREFERENCES_MAX_BYTES + " bytes");
      }
    }
    String preferences = prefs;
    existing(p.userId()).compose(u -> {
      if (changes(body, "email", u.email()) || changes(body, "phone", u.phone())) {
        return Future.failedFuture(new ApiError(400, "VERIFICATION_REQUIRED",
            "an email or phone is changed by proving it: POST /auth/generate-otp with otp_action update-email or update-phone,"
                + " then /auth/verify-otp"));
      }
      return users.send(new UserCommand.UpdateProfile(u.id(), first, last, preferences));
    }).onSuccess(u -> Envelope.ok(ctx, "user updated", new JsonObject().put("user", AccountJson.user(u)))).onFailure(ctx::fail);
  }

  private void deactivate(RoutingContext ctx) {
    Principal p = ownCustomer(ctx);
    existing(p.userId())
        .compose(u -> users.send(new UserCommand.Deactivate(u.id())))
        .compose(u -> tokens.revokeSessions(u.id(), null).map(u))
        .onSuccess(u -> Envelope.ok(ctx, "account deactivated", new JsonObject().put("user", AccountJson.user(u))))
        .onFailure(ctx::fail);
  }

  // ---- shared steps

  /**
   * Tokens for the customer, and the anonymous session they came from handed over: its cart joins theirs
   * (unless it is already theirs: a registration keeps the id), and its refresh tokens stop working.
   */
  private Future<JsonObject> signIn(Principal caller, User u) {
    return signIn(caller, u, false);
  }

  /** With {@code endOtherSessions}, every other session of the customer ends too (a password reset). */
  private Future<JsonObject> signIn(Principal caller, User u, boolean endOtherSessions) {
    return active(u).compose(x -> tokens.signIn(u.claims()))
        .compose(pair -> endOtherSessions ? tokens.revokeSessions(u.id(), pair.principal().session()).map(pair) : Future.succeededFuture(pair))
        .compose(pair -> {
          if (caller == null || !caller.anonymous()) {
            return Future.succeededFuture(pair);
          }
          if (!caller.userId().equals(u.id())) {
            // A stale anonymous token of another customer's id hands nothing over.
            return users.find(caller.userId()).compose(other -> other != null ? Future.succeededFuture(pair) : handOver(caller, u, pair));
          }
          return handOver(caller, u, pair);
        })
        .map(pair -> withTokens(AccountJson.user(u), pair));
  }

  /**
   * The anonymous session the customer signed in from ends: its cart joins theirs (unless it is already theirs,
   * as after a registration, which keeps the id), and its refresh tokens stop working.
   */
  private Future<TokenPair> handOver(Principal caller, User u, TokenPair pair) {
    if (caller.userId().equals(u.id())) {
      return caller.session() == null ? Future.succeededFuture(pair) : tokens.revokeSession(caller.session()).map(pair);
    }
    return handoff.merge(caller.userId(), u.id())
        .otherwise(e -> {
          // Signing in must not fail for the cart: the anonymous cart stays where it was.
          LOG.warn("an anonymous cart was not merged at sign-in", e);
          return null;
        })
        .compose(x -> tokens.revokeSessions(caller.userId(), null)).map(pair);
  }

  private void issueOtp(RoutingContext ctx, LoginId id, String action, Login.Registration registration) {
    String token = id.otpToken(parts.otps().newTokenSuffix());
    String code = parts.otps().newCode();
    login(new LoginCommand.IssueOtp(id.value(), token, action, parts.otps().hash(token, code),
        parts.clock().instant().plus(OTP_TTL), registration))
        .compose(reply -> {
          if (reply instanceof LoginReply.Throttled t) {
            return Future.failedFuture(new TooManyAttempts("TOO_MANY_OTP_REQUESTS", "too many codes asked for; try again later",
                secondsUntil(t)));
          }
          String owner = ((LoginReply.Owner) reply).userId();
          // What is delivered depends on the account; what is answered does not.
          boolean meaningful = switch (action) {
            case "register", "update-email", "update-phone" -> owner == null;
            case "login" -> owner != null || registration != null;
            default -> owner != null;
          };
          String delivered = meaningful ? code : null;
          return parts.sender().send(id, action, delivered).map(v -> {
            JsonObject content = new JsonObject().put("otp_token", token).put("otp_action", action);
            if (delivered != null && parts.echoOtp() && "true".equalsIgnoreCase(ctx.request().getHeader("x-debug-mode"))) {
              content.put("otp", delivered);
            }
            return content;
          });
        })
        .onSuccess(content -> Envelope.ok(ctx, "one-time password sent", content)).onFailure(ctx::fail);
  }

  private Future<LoginReply> login(LoginCommand command) {
    Request<LoginCommand> request = command instanceof LoginCommand.Mutation ? Idempotency.minted(command, command.id())
        : Request.read(command);
    return logins.send(request).map(Problems::reply);
  }

  /**
   * The user once the login kind's outbox has moved them to {@code id}. Only the outbox sends the move, so two
   * changes in a row apply in their order; this waits briefly for it (it lands in milliseconds) and otherwise
   * answers 503: the move is durable and the client may read the user again.
   */
  private Future<User> moved(String userId, LoginId id) {
    return moved(userId, id, 40);
  }

  private Future<User> moved(String userId, LoginId id, int triesLeft) {
    return existing(userId).compose(u -> {
      if (id.equals(u.loginId(id.isEmail()))) {
        return Future.succeededFuture(u);
      }
      if (triesLeft == 0) {
        return Future.failedFuture(new ApiError(503, "SERVICE_UNAVAILABLE", "the change is being applied; read the user again"));
      }
      return vertx.timer(50, java.util.concurrent.TimeUnit.MILLISECONDS).compose(v -> moved(userId, id, triesLeft - 1));
    });
  }

  /** A user who must exist (signed in, or the owner of a claimed identifier). */
  private Future<User> existing(String userId) {
    return users.find(userId).compose(u -> u != null ? Future.succeededFuture(u) : Future.failedFuture(ApiError.notFound("user")));
  }

  private static Future<Void> active(User u) {
    return u.active() ? Future.succeededFuture() : Future.failedFuture(new ApiError(401, "ACCOUNT_DEACTIVATED", "the account is deactivated"));
  }

  /** The optional bearer of an auth route: a valid one is the shopper signing in; anything else is ignored. */
  private Future<Principal> caller(RoutingContext ctx) {
    String token = Guards.bearerToken(ctx);
    return token == null ? Future.succeededFuture() : tokens.verifyAccess(token).otherwiseEmpty();
  }

  /** Password hashing on its own pool, sized to the cores: a flood of sign-ins cannot starve Vert.x's shared workers. */
  private <T> Future<T> blocking(Callable<T> work) {
    return hashing.executeBlocking(work, false);
  }

  private void throttle(RoutingContext ctx) {
    long wait = parts.throttle().take(clientKey(ctx));
    if (wait > 0) {
      throw new TooManyAttempts("TOO_MANY_ATTEMPTS", "too many sign-in attempts from this address; try again later", wait);
    }
  }

  /** The client address throttled: IPv4 as is, IPv6 by its /64 (one subscriber's whole prefix). */
  static String clientKey(RoutingContext ctx) {
    String host = ctx.request().remoteAddress() == null ? "?" : ctx.request().remoteAddress().hostAddress();
    if (host.indexOf(':') < 0) {
      return host;
    }
    try {
      byte[] a = java.net.InetAddress.getByName(host).getAddress();
      return a.length == 16 ? java.util.HexFormat.of().formatHex(a, 0, 8) + "::/64" : host;
    } catch (java.net.UnknownHostException e) {
      return host;
    }
  }

  private long secondsUntil(LoginReply.Throttled t) {
    return Duration.between(parts.clock().instant(), t.until()).toSeconds() + 1;
  }

  private TooManyAttempts locked(LoginReply.Throttled t) {
    return new TooManyAttempts("ACCOUNT_LOCKED", "too many wrong passwords; the account is locked for a while", secondsUntil(t));
  }

  /** The caller's own {@code :id}; anyone else's looks like nothing. */
  private static Principal ownUser(RoutingContext ctx) {
    Principal p = Guards.principal(ctx);
    if (!p.userId().equals(ctx.pathParam("id"))) {
      throw ApiError.notFound("user");
    }
    return p;
  }

  /** {@link #ownUser}, signed in: profile changes are a customer's, never an anonymous token's. */
  private static Principal ownCustomer(RoutingContext ctx) {
    Principal p = ownUser(ctx);
    if (!p.loggedIn()) {
      throw ApiError.notFound("user");
    }
    return p;
  }

  private static boolean changes(JsonObject body, String field, String current) {
    Object v = body.getValue(field);
    return v != null && !v.equals(current);
  }

  private static JsonObject withTokens(JsonObject user, TokenPair pair) {
    return new JsonObject().put("user", user).put("access_token", pair.accessToken()).put("refresh_token", pair.refreshToken());
  }

  static ApiError wrongCredentials() {
    return new ApiError(401, "INVALID_CREDENTIALS", "wrong email, phone or password");
  }

  private static ApiError invalidOtp(String why) {
    return new ApiError(400, "INVALID_OTP", why);
  }

  private static ApiError problem(LoginReply.Rejected r) {
    return switch (r.reason()) {
      case INVALID_OTP -> invalidOtp(r.detail());
      case ALREADY_REGISTERED -> new ApiError(400, "ALREADY_REGISTERED", r.detail());
      case NO_ACCOUNT -> new ApiError(400, "INVALID_OTP", "the code is right, but there is no account to sign in to; register first");
    };
  }

  // ---- input

  private static LoginId identifier(JsonObject body) {
    return body.getValue("email") != null ? email(body, "email") : phone(body);
  }

  private static LoginId email(JsonObject body, String field) {
    String v = Bodies.requiredString(body, field);
    Bodies.maxChars(field, v, LoginId.EMAIL_MAX_CHARS);
    try {
      return LoginId.email(v);
    } catch (IllegalArgumentException e) {
      throw ApiError.invalidField(field, e.getMessage());
    }
  }

  private static LoginId phone(JsonObject body) {
    String number = Bodies.requiredString(body, "phone");
    String cc = Bodies.optionalString(body, "country_code");
    Bodies.maxChars("phone", number, 20);
    Bodies.maxChars("country_code", cc, 8);
    try {
      return LoginId.phone(cc, number);
    } catch (IllegalArgumentException e) {
      throw ApiError.invalidField("phone", e.getMessage());
    }
  }

  private static String phoneNumber(LoginId id) {
    String bare = id.bare();
    return bare.substring(bare.length() - 10);
  }

  private static String countryCode(LoginId id) {
    String bare = id.bare();
    return bare.substring(0, bare.length() - 10);
  }

  private static String password(JsonObject body, String field) {
    String v = Bodies.requiredString(body, field);
    Bodies.maxChars(field, v, PASSWORD_MAX_CHARS);
    return v;
  }

  /** A new password: long enough, not too long to hash, and confirmed. */
  private static String newPassword(JsonObject body, String field) {
    String v = password(body, field);
    if (v.length() < PASSWORD_MIN_CHARS) {
      throw ApiError.invalidField(field, "must be at least " + PASSWORD_MIN_CHARS + " characters");
    }
    if (!v.equals(body.getValue("confirm_password"))) {
      throw ApiError.invalidField("confirm_password", "must equal " + field);
    }
    return v;
  }

  /** The identifier an OTP token was issued for; a token that names none is answered like a wrong code. */
  private static LoginId identifierOf(String token) {
    LoginId id = LoginId.ofOtpToken(token);
    if (id == null) {
      throw invalidOtp("unknown or superseded code");
    }
    return id;
  }

  private static String otp(JsonObject body) {
    Object v = body.getValue("otp");
    String code = v instanceof Number n ? String.format("%06d", n.longValue()) : v instanceof String s ? s.trim() : null;
    if (code == null || !code.matches("\\d{6}")) {
      throw ApiError.invalidField("otp", "must be 6 digits");
    }
    return code;
  }
}
