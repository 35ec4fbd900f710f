package dev.tender.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The profiles: the demo conveniences of dev, and a production node that refuses the public development secrets. */
class TenderConfigTest {
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private TenderConfig load(Map<String, String> env) throws Exception {
    try {
      return TenderConfig.load(vertx, env).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw (Exception) e.getCause();
    }
  }

  private static final Map<String, String> OWN_SECRETS = Map.of("TENDER_PROFILE", "production",
      "TENDER_JWT_SECRET", "a-production-secret-of-at-least-32-chars", "TENDER_GIFT_CARD_PIN_SECRET", "a-production-pin-secret",
      "TENDER_API_KEY", "live-api-key", "TENDER_ADMIN_KEY", "live-admin-key", "TENDER_PAYU_KEY", "live-merchant",
      "TENDER_PAYU_SALT", "live-merchant-salt", "TENDER_PAYU_URL", "https://secure.payu.in");

  @Test
  void dev_is_the_default_with_its_demo_balances_and_coupon() throws Exception {
    TenderConfig c = load(Map.of());
    assertThat(c.profile()).isEqualTo(TenderConfig.Profile.DEV);
    assertThat(c.welcomeCreditMinor()).isEqualTo(50_000);
    assertThat(c.welcomePoints()).isEqualTo(1_000);
    assertThat(c.demoCoupons()).isTrue();
  }

  @Test
  void production_refuses_every_built_in_secret_and_names_them() {
    assertThatThrownBy(() -> load(Map.of("TENDER_PROFILE", "production")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("jwt_secret").hasMessageContaining("gift_card_pin_secret")
        .hasMessageContaining("api_key").hasMessageContaining("admin_key").hasMessageContaining("payu_key and payu_salt")
        .hasMessageContaining("payu_url");
    Map<String, String> oneLeft = new java.util.HashMap<>(OWN_SECRETS);
    oneLeft.remove("TENDER_ADMIN_KEY");
    assertThatThrownBy(() -> load(oneLeft)).hasMessageContaining("admin_key").hasMessageNotContaining("jwt_secret");
    Map<String, String> testMerchant = new java.util.HashMap<>(OWN_SECRETS);
    testMerchant.put("TENDER_PAYU_SALT", TenderConfig.TEST_PAYU_SALT);
    assertThatThrownBy(() -> load(testMerchant)).hasMessageContaining("payu_key and payu_salt").hasMessageNotContaining("admin_key");
  }

  @Test
  void production_has_no_welcome_balances_and_no_demo_coupon_whatever_is_set() throws Exception {
    Map<String, String> env = new java.util.HashMap<>(OWN_SECRETS);
    env.put("TENDER_WELCOME_POINTS", "500");
    TenderConfig c = load(env);
    assertThat(c.profile()).isEqualTo(TenderConfig.Profile.PRODUCTION);
    assertThat(c.welcomeCreditMinor()).isZero();
    assertThat(c.welcomePoints()).isZero();
    assertThat(c.demoCoupons()).isFalse();
  }

  @Test
  void an_unknown_profile_is_refused() {
    assertThatThrownBy(() -> load(Map.of("TENDER_PROFILE", "staging"))).hasMessageContaining("dev or production");
  }
}
