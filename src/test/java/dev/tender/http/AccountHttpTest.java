package dev.tender.http;

import static dev.tender.TestNode.await;
import static dev.tender.http.ErrorEnvelope.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tender.TestNode;
import dev.tender.account.PasswordHasher;
import dev.tender.account.User;
import dev.tender.account.UserCommand;
import dev.tender.account.UserKind;
import dev.tender.account.UserReply;
import dev.tender.auth.RevokedSessions;
import dev.tender.cluster.PartitionRouter;
import dev.tender.cluster.Request;
import dev.tender.cluster.Response;
import dev.tender.store.TestDatabase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Customer accounts over real HTTP on both stores: registration that keeps the anonymous shopper's
 * id and cart, sign-in, reset and change of passwords with the sessions they revoke, and the attacks
 * an account system must refuse (OTP guessing, reuse, password guessing, other customers' ids). The
 * per-address throttle is set high here; {@link SignInThrottleHttpTest} tests it.
 */
class AccountHttpTest {
  static final String PASSWORD = "correct horse battery";

  @Nested
  class Memory extends Contract {}

  @Nested
  class Pg extends Contract {
    @Test
    void another_node_refuses_a_signed_out_access_token_within_its_poll() throws Exception {
      Session s = register(newEmail());
      // A second node on the same database, not clustered with the first: it takes none of the partitions whose
      // leases the first renews, so what it serves a bearer here is what needs no partition, the catalog.
      TestNode other = TestNode.start(Map.of("TENDER_STORE", "pg", "TENDER_PG_URL", TestDatabase.URL));
      try {
        ok(other.call(HttpMethod.GET, "/catalog/products", s.access, null));
        ok(post("/auth/logout", s.access, null));
        long signedOut = System.nanoTime();
        long deadline = signedOut + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
        while (other.call(HttpMethod.GET, "/catalog/products", s.access, null).statusCode() == 200 && System.nanoTime() < deadline) {
          Thread.sleep(100);
        }
        assertError(other.call(HttpMethod.GET, "/catalog/products", s.access, null), 401, "UNAUTHORIZED");
        long tookMs = (System.nanoTime() - signedOut) / 1_000_000;
        // The poll's period and a generous margin: this machine may be busy.
        assertThat(tookMs).as("refused within the poll (%s) and a margin", RevokedSessions.POLL)
            .isLessThan(RevokedSessions.POLL.toMillis() + 10_000);
      } finally {
        other.close();
      }
    }

    @Test
    void the_stored_password_hash_is_argon2id() throws Exception {
      Session s = register(newEmail());
      Pool pool = PgBuilder.pool().connectingTo(TestDatabase.URL).using(node.vertx).build();
      try {
        var rows = await(pool.preparedQuery("SELECT body FROM documents WHERE kind = 'user' AND key = $1").execute(Tuple.of(s.userId)));
        assertThat(rows.rowCount()).isEqualTo(1);
        String body = new String(rows.iterator().next().getBuffer("body").getBytes(), StandardCharsets.ISO_8859_1);
        assertThat(body).contains("$argon2id$v=19$m=19456,t=2,p=1$").doesNotContain(PASSWORD);
      } finally {
        await(pool.close());
      }
    }
  }

  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  abstract class Contract {
    TestNode node;

    @BeforeAll
    void start() throws Exception {
      Map<String, String> env = new HashMap<>(Map.of("TENDER_SIGN_IN_ATTEMPTS_PER_ADDRESS", "100000"));
      if (getClass().getSimpleName().equals("Pg")) {
        TestDatabase.requireMigrated();
        env.put("TENDER_STORE", "pg");
        env.put("TENDER_PG_URL", TestDatabase.URL);
      }
      node = TestNode.start(env);
    }

    @AfterAll
    void stop() throws Exception {
      node.close();
    }

    record Session(String userId, String access, String refresh) {
      static Session of(JsonObject content) {
        return new Session(content.getJsonObject("user").getString("id"), content.getString("access_token"),
            content.getString("refresh_token"));
      }
    }

    HttpResponse<Buffer> post(String path, String bearer, JsonObject body) throws Exception {
      HttpRequest<Buffer> req = node.request(HttpMethod.POST, path).putHeader("x-debug-mode", "true");
      if (bearer != null) {
        req.putHeader("Authorization", "Bearer " + bearer);
      }
      return await(body == null ? req.send() : req.sendJsonObject(body));
    }

    JsonObject ok(HttpResponse<Buffer> r) {
      assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
      return r.bodyAsJsonObject().getJsonObject("content");
    }

    Session anonymous() throws Exception {
      return Session.of(node.anonymousSession());
    }

    static String newEmail() {
      return "c-" + UUID.randomUUID() + "@example.com";
    }

    static JsonObject claims(String jwt) {
      return new JsonObject(new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8));
    }

    /** Registers {@code email} with {@link #PASSWORD} from a fresh anonymous session, verified by the echoed OTP. */
    Session register(String email) throws Exception {
      Session anon = anonymous();
      JsonObject sent = ok(post("/auth/register/password", anon.access, new JsonObject().put("email", email)
          .put("password", PASSWORD).put("confirm_password", PASSWORD).put("first_name", "Asha")));
      return Session.of(ok(post("/auth/verify-otp", anon.access, new JsonObject().put("otp", sent.getString("otp"))
          .put("otp_token", sent.getString("otp_token")).put("otp_action", "register"))));
    }

    HttpResponse<Buffer> signIn(String email, String password, String bearer) throws Exception {
      return post("/auth/login/password", bearer, new JsonObject().put("email", email).put("password", password));
    }

    @Test
    void registering_keeps_the_anonymous_shoppers_id_and_cart_and_the_tokens_say_logged_in() throws Exception {
      Session anon = anonymous();
      String cartId = ok(node.call(HttpMethod.POST, "/carts", anon.access, new JsonObject().put("items", new io.vertx.core.json.JsonArray()
          .add(new JsonObject().put("product_id", "p06").put("variant_id", null).put("quantity", 1)))))
          .getJsonObject("cart").getString("id");
      String email = newEmail();
      JsonObject sent = ok(post("/auth/register/password", anon.access, new JsonObject().put("email", email.toUpperCase())
          .put("password", PASSWORD).put("confirm_password", PASSWORD)));
      assertThat(sent.getString("otp_action")).isEqualTo("register");
      assertThat(sent.getString("otp")).matches("\\d{6}");
      JsonObject verified = ok(post("/auth/verify-otp", anon.access, new JsonObject().put("otp", sent.getString("otp"))
          .put("otp_token", sent.getString("otp_token")).put("otp_action", "register")));
      Session s = Session.of(verified);
      assertThat(s.userId).isEqualTo(anon.userId);
      JsonObject user = verified.getJsonObject("user");
      assertThat(user.getString("email")).isEqualTo(email);
      assertThat(user.getBoolean("is_email_verified")).isTrue();
      assertThat(user.getJsonArray("login_methods")).containsExactly("email", "password");
      JsonObject c = claims(s.access);
      assertThat(c.getBoolean("is_logged_in")).isTrue();
      assertThat(c.getBoolean("is_anonymous")).isFalse();
      assertThat(c.getString("customer_id")).isEqualTo(anon.userId);
      assertThat(c.getString("email")).isEqualTo(email);
      assertThat(ok(node.call(HttpMethod.GET, "/carts/users/" + s.userId, s.access, null)).getJsonObject("cart").getString("id"))
          .isEqualTo(cartId);
      // The anonymous session's refresh token died with the anonymous identity.
      assertError(post("/auth/refresh-token", null, new JsonObject().put("refresh_token", anon.refresh)), 401, "INVALID_REFRESH_TOKEN");
      // Its refresh gives a signed-in pair.
      JsonObject refreshed = ok(post("/auth/refresh-token", null, new JsonObject().put("refresh_token", s.refresh)));
      assertThat(claims(refreshed.getString("access_token")).getBoolean("is_logged_in")).isTrue();
    }

    @Test
    void registering_an_address_twice_is_refused_at_verification() throws Exception {
      String email = newEmail();
      register(email);
      Session other = anonymous();
      JsonObject sent = ok(post("/auth/register/email", other.access, new JsonObject().put("email", email).put("first_name", "Eve")));
      // The answer is the same as for a new address; only the code's holder learns it is taken.
      assertThat(sent.containsKey("otp")).isFalse();
      assertError(post("/auth/verify-otp", other.access, new JsonObject().put("otp", "123456")
          .put("otp_token", sent.getString("otp_token")).put("otp_action", "register")), 400, "INVALID_OTP");
    }

    @Test
    void five_wrong_codes_burn_the_otp_and_a_used_code_is_refused() throws Exception {
      Session anon = anonymous();
      JsonObject sent = ok(post("/auth/register/email", anon.access, new JsonObject().put("email", newEmail()).put("first_name", "A")));
      String right = sent.getString("otp");
      String wrong = right.equals("000000") ? "111111" : "000000";
      JsonObject attempt = new JsonObject().put("otp_token", sent.getString("otp_token")).put("otp_action", "register");
      for (int i = 0; i < 5; i++) {
        assertError(post("/auth/verify-otp", anon.access, attempt.copy().put("otp", wrong)), 400, "INVALID_OTP");
      }
      assertError(post("/auth/verify-otp", anon.access, attempt.copy().put("otp", right)), 400, "INVALID_OTP");

      JsonObject again = ok(post("/auth/register/email", anon.access, new JsonObject().put("email", newEmail()).put("first_name", "A")));
      JsonObject use = new JsonObject().put("otp", again.getString("otp")).put("otp_token", again.getString("otp_token"))
          .put("otp_action", "register");
      ok(post("/auth/verify-otp", anon.access, use));
      assertError(post("/auth/verify-otp", anon.access, use), 400, "INVALID_OTP");
    }

    @Test
    void wrong_passwords_lock_known_and_unknown_accounts_alike() throws Exception {
      String email = newEmail();
      register(email);
      String unknown = newEmail();
      for (int i = 0; i < 5; i++) {
        HttpResponse<Buffer> wrong = signIn(email, "wrong password " + i, null);
        HttpResponse<Buffer> nobody = signIn(unknown, "wrong password " + i, null);
        assertError(wrong, 401, "INVALID_CREDENTIALS");
        assertThat(nobody.statusCode()).isEqualTo(401);
        assertThat(nobody.bodyAsJsonObject()).isEqualTo(wrong.bodyAsJsonObject());
      }
      HttpResponse<Buffer> locked = signIn(email, PASSWORD, null); // even the right password, while locked
      assertError(locked, 429, "ACCOUNT_LOCKED");
      assertThat(Long.parseLong(locked.getHeader("Retry-After"))).isBetween(1L, 15 * 60L + 1);
      HttpResponse<Buffer> lockedUnknown = signIn(unknown, PASSWORD, null);
      assertError(lockedUnknown, 429, "ACCOUNT_LOCKED");
    }

    @Test
    void another_customers_id_is_not_found_on_every_account_route() throws Exception {
      Session a = register(newEmail());
      Session b = register(newEmail());
      JsonObject address = new JsonObject().put("first_name", "B").put("phone", "9876543210").put("email", "b@example.com")
          .put("address_line1", "1 Main St").put("pincode", "560001").put("city", "Bengaluru").put("state", "Karnataka")
          .put("country", "India");
      String addressId = ok(node.call(HttpMethod.POST, "/customers/" + b.userId + "/addresses", b.access, address))
          .getJsonObject("address").getString("id");
      String user = "/auth/user/" + b.userId;
      String addresses = "/customers/" + b.userId + "/addresses";
      assertError(node.call(HttpMethod.GET, user, a.access, null), 404, "NOT_FOUND");
      assertError(node.call(HttpMethod.PUT, user, a.access, new JsonObject().put("first_name", "Mallory")), 404, "NOT_FOUND");
      assertError(node.call(HttpMethod.PUT, user + "/deactivate", a.access, null), 404, "NOT_FOUND");
      assertError(node.call(HttpMethod.GET, addresses, a.access, null), 404, "NOT_FOUND");
      assertError(node.call(HttpMethod.POST, addresses, a.access, address), 404, "NOT_FOUND");
      assertError(node.call(HttpMethod.GET, addresses + "/" + addressId, a.access, null), 404, "NOT_FOUND");
      assertError(node.call(HttpMethod.PUT, addresses + "/" + addressId, a.access, address.copy().put("city", "Pune")), 404, "NOT_FOUND");
      assertError(node.call(HttpMethod.DELETE, addresses + "/" + addressId, a.access, null), 404, "NOT_FOUND");
      // An anonymous shopper has no customer id at all.
      assertError(node.call(HttpMethod.GET, addresses, anonymous().access, null), 404, "NOT_FOUND");
      // B's data is untouched.
      JsonObject mine = ok(node.call(HttpMethod.GET, user, b.access, null)).getJsonObject("user");
      assertThat(mine.getString("first_name")).isEqualTo("Asha");
      assertThat(ok(node.call(HttpMethod.GET, addresses + "/" + addressId, b.access, null)).getJsonObject("address").getString("city"))
          .isEqualTo("Bengaluru");
    }

    @Test
    void a_reset_password_signs_in_and_revokes_every_other_session() throws Exception {
      String email = newEmail();
      Session first = register(email);
      Session second = Session.of(ok(signIn(email, PASSWORD, null)));
      JsonObject sent = ok(post("/auth/forgot-password", null, new JsonObject().put("email", email)));
      String newPassword = "a brand new password";
      JsonObject reset = ok(post("/auth/reset-password", null, new JsonObject().put("new_password", newPassword)
          .put("confirm_password", newPassword).put("otp", sent.getString("otp")).put("otp_token", sent.getString("otp_token"))));
      assertThat(reset.getJsonObject("user").getString("id")).isEqualTo(first.userId);
      for (Session old : new Session[] {first, second}) {
        assertError(post("/auth/refresh-token", null, new JsonObject().put("refresh_token", old.refresh)), 401, "INVALID_REFRESH_TOKEN");
      }
      ok(post("/auth/refresh-token", null, new JsonObject().put("refresh_token", reset.getString("refresh_token"))));
      assertError(signIn(email, PASSWORD, null), 401, "INVALID_CREDENTIALS");
      ok(signIn(email, newPassword, null));
      // An unknown address gets the same answer, and no code that works.
      JsonObject nobody = ok(post("/auth/forgot-password", null, new JsonObject().put("email", newEmail())));
      assertThat(nobody.fieldNames()).containsExactlyInAnyOrder("otp_token", "otp_action");
    }

    @Test
    void changing_the_password_needs_the_old_one_and_ends_the_other_sessions() throws Exception {
      String email = newEmail();
      Session s = register(email);
      Session elsewhere = Session.of(ok(signIn(email, PASSWORD, null)));
      String next = "another long password";
      assertError(post("/auth/change-password", s.access, new JsonObject().put("old_password", "not it").put("new_password", next)
          .put("confirm_password", next)), 401, "INVALID_CREDENTIALS");
      JsonObject changed = ok(post("/auth/change-password", s.access, new JsonObject().put("old_password", PASSWORD)
          .put("new_password", next).put("confirm_password", next)));
      assertThat(changed.getString("access_token")).isNotBlank();
      assertError(post("/auth/refresh-token", null, new JsonObject().put("refresh_token", elsewhere.refresh)), 401, "INVALID_REFRESH_TOKEN");
      ok(post("/auth/refresh-token", null, new JsonObject().put("refresh_token", changed.getString("refresh_token"))));
      ok(signIn(email, next, null));
      assertError(post("/auth/change-password", anonymous().access, new JsonObject().put("old_password", PASSWORD)
          .put("new_password", next).put("confirm_password", next)), 401, "UNAUTHORIZED");
    }

    @Test
    void logout_answers_a_new_anonymous_pair_and_ends_the_session() throws Exception {
      Session s = register(newEmail());
      JsonObject out = ok(post("/auth/logout", s.access, null));
      assertThat(out.getJsonObject("user").getBoolean("is_anonymous")).isTrue();
      assertThat(out.getJsonObject("user").getString("id")).isNotEqualTo(s.userId);
      assertThat(claims(out.getString("access_token")).getBoolean("is_logged_in")).isFalse();
      assertError(post("/auth/refresh-token", null, new JsonObject().put("refresh_token", s.refresh)), 401, "INVALID_REFRESH_TOKEN");
      // The signed-out access token no longer opens anything, although it has not expired.
      assertError(node.call(HttpMethod.GET, "/auth/user/" + s.userId, s.access, null), 401, "UNAUTHORIZED");
      assertError(node.call(HttpMethod.GET, "/carts/users/" + s.userId, s.access, null), 401, "UNAUTHORIZED");
      ok(node.call(HttpMethod.GET, "/auth/user/" + out.getJsonObject("user").getString("id"), out.getString("access_token"), null));
    }

    @Test
    void a_password_change_ends_the_other_sessions_access_tokens_at_once() throws Exception {
      String email = newEmail();
      Session s = register(email);
      Session elsewhere = Session.of(ok(signIn(email, PASSWORD, null)));
      ok(node.call(HttpMethod.GET, "/auth/user/" + s.userId, elsewhere.access, null));
      String next = "yet another long password";
      JsonObject changed = ok(post("/auth/change-password", s.access, new JsonObject().put("old_password", PASSWORD)
          .put("new_password", next).put("confirm_password", next)));
      assertError(node.call(HttpMethod.GET, "/auth/user/" + s.userId, elsewhere.access, null), 401, "UNAUTHORIZED");
      ok(node.call(HttpMethod.GET, "/auth/user/" + s.userId, changed.getString("access_token"), null));
    }

    @Test
    void signing_in_merges_the_anonymous_cart_into_the_customers() throws Exception {
      String email = newEmail();
      Session customer = register(email);
      ok(node.call(HttpMethod.POST, "/carts", customer.access, items("p06", 1)));
      Session anon = anonymous();
      ok(node.call(HttpMethod.POST, "/carts", anon.access, items("p06", 2)));
      Session back = Session.of(ok(signIn(email, PASSWORD, anon.access)));
      assertThat(back.userId).isEqualTo(customer.userId);
      JsonObject cart = ok(node.call(HttpMethod.GET, "/carts/users/" + back.userId, back.access, null)).getJsonObject("cart");
      assertThat(cart.getJsonArray("cart_items").getJsonObject(0).getInteger("quantity")).isEqualTo(3);
      // The anonymous session ended with the sign-in that took its cart.
      assertError(node.call(HttpMethod.GET, "/carts/users/" + anon.userId, anon.access, null), 401, "UNAUTHORIZED");
    }

    @Test
    void a_deactivated_account_cannot_sign_in_or_refresh() throws Exception {
      String email = newEmail();
      Session s = register(email);
      JsonObject user = ok(node.call(HttpMethod.PUT, "/auth/user/" + s.userId + "/deactivate", s.access, null)).getJsonObject("user");
      assertThat(user.getBoolean("is_active")).isFalse();
      assertError(post("/auth/refresh-token", null, new JsonObject().put("refresh_token", s.refresh)), 401, "INVALID_REFRESH_TOKEN");
      assertError(signIn(email, PASSWORD, null), 401, "ACCOUNT_DEACTIVATED");
      assertError(signIn(email, "wrong password", null), 401, "INVALID_CREDENTIALS");
    }

    @Test
    void a_weaker_stored_hash_is_replaced_at_the_next_sign_in() throws Exception {
      String email = newEmail();
      Session s = register(email);
      PartitionRouter<UserCommand, UserReply> users =
          new PartitionRouter<>(node.vertx, UserKind.KIND, node.node.config().partitions(), 5_000);
      String weak = PasswordHasher.hashWith(new PasswordHasher.Params(4096, 1, 1), PASSWORD, new java.security.SecureRandom());
      await(users.send(new Request<>(new UserCommand.SetPassword(s.userId, weak, null), s.userId, "test-weak-" + s.userId, null, true)));
      ok(signIn(email, PASSWORD, null));
      User stored = ((UserReply.UserView) ((Response.Done<UserReply>) await(users.read(new UserCommand.Get(s.userId)))).reply()).user();
      assertThat(stored.passwordHash()).startsWith("$argon2id$v=19$m=19456,t=2,p=1$").isNotEqualTo(weak);
    }

    @Test
    void a_customer_moves_to_a_new_email_proved_by_a_code_and_the_old_one_no_longer_signs_in() throws Exception {
      String old = newEmail();
      Session s = register(old);
      String next = newEmail();
      assertError(node.call(HttpMethod.PUT, "/auth/user/" + s.userId, s.access, new JsonObject().put("email", next)),
          400, "VERIFICATION_REQUIRED");
      assertError(post("/auth/generate-otp", anonymous().access, new JsonObject().put("channel", "email").put("email", next)
          .put("otp_action", "update-email")), 401, "UNAUTHORIZED");
      JsonObject sent = ok(post("/auth/generate-otp", s.access, new JsonObject().put("channel", "email").put("email", next)
          .put("otp_action", "update-email")));
      JsonObject moved = ok(post("/auth/verify-otp", s.access, new JsonObject().put("otp", sent.getString("otp"))
          .put("otp_token", sent.getString("otp_token")).put("otp_action", "update-email")));
      assertThat(moved.getJsonObject("user").getString("email")).isEqualTo(next);
      assertThat(moved.getJsonObject("user").getString("id")).isEqualTo(s.userId);
      assertThat(claims(moved.getString("access_token")).getString("email")).isEqualTo(next);
      ok(signIn(next, PASSWORD, null));
      eventually(() -> assertError(signIn(old, PASSWORD, null), 401, "INVALID_CREDENTIALS")); // released through the outbox
      // The old address is free for someone else now; the new one is taken.
      register(old);
      Session other = register(newEmail());
      JsonObject taken = ok(post("/auth/generate-otp", other.access, new JsonObject().put("channel", "email").put("email", next)
          .put("otp_action", "update-email")));
      assertThat(taken.containsKey("otp")).as("a taken address gets a notice, not a code").isFalse();
    }

    void eventually(ThrowingRunnable check) throws Exception {
      AssertionError last = null;
      for (int i = 0; i < 50; i++) {
        try {
          check.run();
          return;
        } catch (AssertionError e) {
          last = e;
          Thread.sleep(100);
        }
      }
      throw last;
    }

    interface ThrowingRunnable {
      void run() throws Exception;
    }

    @Test
    void an_anonymous_token_from_before_the_registration_cannot_reach_or_extend_the_account() throws Exception {
      Session anon = anonymous();
      JsonObject sent = ok(post("/auth/register/password", anon.access, new JsonObject().put("email", newEmail())
          .put("password", PASSWORD).put("confirm_password", PASSWORD)));
      Session customer = Session.of(ok(post("/auth/verify-otp", anon.access, new JsonObject().put("otp", sent.getString("otp"))
          .put("otp_token", sent.getString("otp_token")).put("otp_action", "register"))));
      assertThat(customer.userId).isEqualTo(anon.userId);
      // The registration ended the anonymous session: its token sees no profile and changes none.
      assertError(node.call(HttpMethod.GET, "/auth/user/" + anon.userId, anon.access, null), 401, "UNAUTHORIZED");
      assertError(node.call(HttpMethod.PUT, "/auth/user/" + anon.userId, anon.access, new JsonObject().put("first_name", "Mallory")),
          401, "UNAUTHORIZED");
      assertError(node.call(HttpMethod.PUT, "/auth/user/" + anon.userId + "/deactivate", anon.access, null), 401, "UNAUTHORIZED");
      // Registering with it is registering with no token: a new customer, not a second way into this one.
      String mallory = newEmail();
      JsonObject again = ok(post("/auth/register/password", anon.access, new JsonObject().put("email", mallory)
          .put("password", PASSWORD).put("confirm_password", PASSWORD)));
      Session other = Session.of(ok(post("/auth/verify-otp", anon.access, new JsonObject().put("otp", again.getString("otp"))
          .put("otp_token", again.getString("otp_token")).put("otp_action", "register"))));
      assertThat(other.userId).isNotEqualTo(customer.userId);
      assertThat(Session.of(ok(signIn(mallory, PASSWORD, null))).userId).isEqualTo(other.userId);
      assertThat(ok(node.call(HttpMethod.GET, "/auth/user/" + customer.userId, customer.access, null)).getJsonObject("user")
          .getBoolean("is_active")).isTrue();
    }

    @Test
    void bad_input_is_refused_and_changes_nothing() throws Exception {
      String email = newEmail();
      assertError(post("/auth/register/password", null, new JsonObject().put("email", email).put("password", "short")
          .put("confirm_password", "short")), 400, "VALIDATION_ERROR");
      assertError(post("/auth/register/password", null, new JsonObject().put("email", email).put("password", PASSWORD)
          .put("confirm_password", PASSWORD + "x")), 400, "VALIDATION_ERROR");
      assertError(post("/auth/register/password", null, new JsonObject().put("email", "not-an-email").put("password", PASSWORD)
          .put("confirm_password", PASSWORD)), 400, "VALIDATION_ERROR");
      assertError(post("/auth/login/phone", null, new JsonObject().put("phone", "12345")), 400, "VALIDATION_ERROR");
      assertError(post("/auth/verify-otp", null, new JsonObject().put("otp", "12ab56").put("otp_token", "x.y")
          .put("otp_action", "register")), 400, "VALIDATION_ERROR");
      assertError(post("/auth/verify-otp", null, new JsonObject().put("otp", "123456").put("otp_token", "garbage")
          .put("otp_action", "register")), 400, "INVALID_OTP");
      assertError(post("/auth/login/password", null, new JsonObject().put("email", email).put("password", "x".repeat(129))),
          400, "VALIDATION_ERROR");
      // Nothing was registered: the address is still free.
      register(email);
    }

    JsonObject items(String productId, int quantity) {
      return new JsonObject().put("items", new io.vertx.core.json.JsonArray()
          .add(new JsonObject().put("product_id", productId).put("variant_id", null).put("quantity", quantity)));
    }
  }
}
