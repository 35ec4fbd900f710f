package dev.tender.config;

import io.vertx.config.ConfigRetriever;
import io.vertx.config.ConfigRetrieverOptions;
import io.vertx.config.ConfigStoreOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A node's settings. Sources, later ones winning: built-in defaults, then the JSON file named by
 * {@code TENDER_CONFIG} (if set), then environment variables {@code TENDER_<KEY>}
 * ({@code TENDER_PORT}, {@code TENDER_STORE}, {@code TENDER_PG_URL}, ...), each naming a key of
 * {@code defaults.json} in upper case. An unknown {@code TENDER_*} name is an error (a typo would
 * otherwise be silently ignored); {@code TENDER_TEST_*} are left to the test suite.
 */
public record TenderConfig(
    String host,
    int port,
    String storeId,
    String apiKey,
    String adminKey,
    String jwtSecret,
    StoreKind store,
    String pgUrl,
    int pgPoolSize,
    int pgWritesInFlight,
    long pgStatementTimeoutMs,
    int partitions,
    boolean cluster,
    String clusterConfig,
    String clusterName,
    int httpInstances,
    Duration cartTtl,
    Duration accessTokenTtl,
    Duration refreshTokenTtl,
    long requestTimeoutMs,
    long welcomeCreditMinor,
    long welcomePoints,
    long loyaltyPointValueMinor,
    String giftCardPinSecret,
    boolean demoCoupons,
    Profile profile,
    String payuKey,
    String payuSalt,
    String payuUrl,
    String publicUrl,
    Duration orderHoldTtl,
    Duration paymentRetryAfter,
    Duration orderPlacementTimeout,
    Duration paymentReconcileAfter,
    Duration paymentSweep,
    String storefrontReturnUrl,
    int signInAttemptsPerAddress,
    Duration signInWindow,
    Duration drainGrace,
    boolean metricsEnabled) {

  /**
   * {@code dev} (the default): the demo store, with SAVE10, welcome balances and the development secrets
   * (each warned about). {@code production}: no demo coupon, no welcome balances, and the node refuses to
   * start with any built-in secret or key.
   */
  public enum Profile { DEV, PRODUCTION }

  public enum StoreKind { MEMORY, PG }

  /** The built-in development secret; a node using it says so at start-up. */
  public static final String DEV_JWT_SECRET = "tender-development-secret-change-me-in-production";
  public static final String DEV_API_KEY = "test-api-key";
  public static final String DEV_ADMIN_KEY = "test-admin-key";
  /** The built-in development key for gift-card PINs; a node using it says so at start-up. */
  public static final String DEV_PIN_SECRET = "tender-development-pin-secret-change-me";
  /** PayU's published test merchant (its sandbox key and salt); the production profile refuses them. */
  public static final String TEST_PAYU_KEY = "gtKFFx";
  public static final String TEST_PAYU_SALT = "eCwWELxi";
  private static final String DEFAULTS = "dev/tender/config/defaults.json";
  private static final String ENV_PREFIX = "TENDER_";

  public TenderConfig {
    // The SDK finds its route templates by cutting the path at the first "/storefront" of the base URL.
    if (!storeId.matches("[A-Za-z0-9_-]+") || storeId.startsWith("storefront")) {
      throw new IllegalArgumentException("store_id must be [A-Za-z0-9_-]+ and must not start with 'storefront': " + storeId);
    }
    if (cluster && store != StoreKind.PG) {
      throw new IllegalArgumentException("a cluster keeps carts in PostgreSQL: set store to pg (TENDER_STORE=pg)");
    }
    if (adminKey.equals(apiKey)) {
      throw new IllegalArgumentException("admin_key must differ from api_key");
    }
    if (drainGrace.isNegative()) {
      throw new IllegalArgumentException("drain_grace_ms must not be negative");
    }
    if (signInAttemptsPerAddress < 1 || signInWindow.isNegative() || signInWindow.isZero()) {
      throw new IllegalArgumentException("sign_in_attempts_per_address and sign_in_window_seconds must be positive");
    }
    if (jwtSecret.length() < 32) {
      throw new IllegalArgumentException("jwt_secret must be at least 32 characters");
    }
    if (profile == Profile.PRODUCTION) {
      List<String> defaults = new java.util.ArrayList<>();
      if (DEV_JWT_SECRET.equals(jwtSecret)) {
        defaults.add("jwt_secret");
      }
      if (DEV_PIN_SECRET.equals(giftCardPinSecret)) {
        defaults.add("gift_card_pin_secret");
      }
      if (DEV_API_KEY.equals(apiKey)) {
        defaults.add("api_key");
      }
      if (DEV_ADMIN_KEY.equals(adminKey)) {
        defaults.add("admin_key");
      }
      if (TEST_PAYU_KEY.equals(payuKey) || TEST_PAYU_SALT.equals(payuSalt)) {
        defaults.add("payu_key and payu_salt");
      }
      if (payuUrl.isBlank()) {
        defaults.add("payu_url (the built-in test gateway is off in production)");
      }
      if (!defaults.isEmpty()) {
        throw new IllegalArgumentException("the production profile needs your own " + String.join(", ", defaults)
            + " (the built-in development values are public)");
      }
      // Demo conveniences are off in production: balances come only from the admin API.
      welcomeCreditMinor = 0;
      welcomePoints = 0;
      demoCoupons = false;
    }
    if (welcomeCreditMinor < 0 || welcomePoints < 0 || loyaltyPointValueMinor < 1) {
      throw new IllegalArgumentException("welcome_credit_minor and welcome_points must be >= 0, loyalty_point_value_minor >= 1");
    }
    if (giftCardPinSecret.length() < 16) {
      throw new IllegalArgumentException("gift_card_pin_secret must be at least 16 characters");
    }
    if (payuKey.isBlank() || payuSalt.isBlank()) {
      throw new IllegalArgumentException("payu_key and payu_salt must be set");
    }
    if (orderHoldTtl.compareTo(Duration.ofMinutes(20)) < 0 || paymentRetryAfter.isNegative()
        || orderPlacementTimeout.compareTo(Duration.ofSeconds(5)) < 0 || paymentReconcileAfter.isNegative() || paymentSweep.isNegative()) {
      throw new IllegalArgumentException("order_hold_ttl_seconds must be >= 1200, payment_retry_after_seconds >= 0, "
          + "order_placement_timeout_seconds >= 5, payment_reconcile_after_seconds and payment_sweep_seconds >= 0");
    }
    if (!storefrontReturnUrl.isBlank() && !storefrontReturnUrl.matches("https?://\\S+")) {
      throw new IllegalArgumentException("storefront_return_url must be an http(s) URL");
    }
    if (pgStatementTimeoutMs < 1) {
      throw new IllegalArgumentException("pg_statement_timeout_ms must be positive");
    }
    if (partitions < 1 || httpInstances < 1 || pgPoolSize < 1 || pgWritesInFlight < 1 || pgWritesInFlight > pgPoolSize) {
      throw new IllegalArgumentException("partitions, http_instances, pg_pool_size must be positive; pg_writes_in_flight from 1 to pg_pool_size");
    }
  }

  /** The storefront base path clients put in the SDK's {@code baseUrl}. */
  public String basePath() {
    return "/api/v1/" + storeId + "/storefront";
  }

  /** Whether this node serves the PayU look-alike under {@code /sim/payu} (never in production). */
  public boolean testGateway() {
    return profile != Profile.PRODUCTION;
  }

  public static Future<TenderConfig> load(Vertx vertx) {
    return load(vertx, System.getenv());
  }

  /** Loads with the given environment (tests pass their own). */
  public static Future<TenderConfig> load(Vertx vertx, Map<String, String> env) {
    ConfigRetrieverOptions options = new ConfigRetrieverOptions()
        .setIncludeDefaultStores(false)
        .addStore(new ConfigStoreOptions().setType("file").setConfig(new JsonObject().put("path", DEFAULTS)));
    String file = env.get("TENDER_CONFIG");
    if (file != null && !file.isBlank()) {
      options.addStore(new ConfigStoreOptions().setType("file").setConfig(new JsonObject().put("path", file)));
    }
    ConfigRetriever retriever = ConfigRetriever.create(vertx, options);
    return retriever.getConfig()
        .eventually(() -> { retriever.close(); return Future.succeededFuture(); })
        .map(json -> fromJson(overlay(json, env)));
  }

  static JsonObject overlay(JsonObject json, Map<String, String> env) {
    JsonObject merged = json.copy();
    env.forEach((name, value) -> {
      // TENDER_TEST_* belong to the test suite, not to a node; TENDER_LOG_* to logback.xml, read before any configuration.
      if (name.startsWith(ENV_PREFIX) && !name.equals("TENDER_CONFIG") && !name.startsWith("TENDER_TEST_") && !name.startsWith("TENDER_LOG_")) {
        String key = name.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT);
        if (!merged.containsKey(key)) {
          throw new IllegalArgumentException("unknown setting " + name + " (known: " + merged.fieldNames() + ")");
        }
        merged.put(key, value);
      }
    });
    return merged;
  }

  static TenderConfig fromJson(JsonObject j) {
    return new TenderConfig(
        str(j, "host"), integer(j, "port"), str(j, "store_id"), str(j, "api_key"), str(j, "admin_key"), str(j, "jwt_secret"),
        StoreKind.valueOf(str(j, "store").toUpperCase(Locale.ROOT)), str(j, "pg_url"), integer(j, "pg_pool_size"), integer(j, "pg_writes_in_flight"),
        integer(j, "pg_statement_timeout_ms"), integer(j, "partitions"), bool(j, "cluster"), str(j, "cluster_config"), str(j, "cluster_name"),
        integer(j, "http_instances"),
        Duration.ofSeconds(integer(j, "cart_ttl_seconds")), Duration.ofSeconds(integer(j, "access_token_ttl_seconds")),
        Duration.ofSeconds(integer(j, "refresh_token_ttl_seconds")), integer(j, "request_timeout_ms"),
        integer(j, "welcome_credit_minor"), integer(j, "welcome_points"), integer(j, "loyalty_point_value_minor"),
        str(j, "gift_card_pin_secret"), bool(j, "demo_coupons"), profile(str(j, "profile")),
        str(j, "payu_key"), str(j, "payu_salt"), str(j, "payu_url"), str(j, "public_url"),
        Duration.ofSeconds(integer(j, "order_hold_ttl_seconds")), Duration.ofSeconds(integer(j, "payment_retry_after_seconds")),
        Duration.ofSeconds(integer(j, "order_placement_timeout_seconds")),
        Duration.ofSeconds(integer(j, "payment_reconcile_after_seconds")), Duration.ofSeconds(integer(j, "payment_sweep_seconds")),
        str(j, "storefront_return_url").trim(),
        integer(j, "sign_in_attempts_per_address"), Duration.ofSeconds(integer(j, "sign_in_window_seconds")),
        Duration.ofMillis(integer(j, "drain_grace_ms")),
        bool(j, "metrics_enabled"));
  }

  private static Profile profile(String v) {
    return switch (v.trim().toLowerCase(Locale.ROOT)) {
      case "dev" -> Profile.DEV;
      case "production" -> Profile.PRODUCTION;
      default -> throw new IllegalArgumentException("setting profile must be dev or production, got '" + v + "'");
    };
  }

  private static String str(JsonObject j, String key) {
    Object v = j.getValue(key);
    if (v == null) {
      throw new IllegalArgumentException("setting " + key + " is missing");
    }
    return String.valueOf(v);
  }

  private static boolean bool(JsonObject j, String key) {
    String v = str(j, key).trim();
    if (!v.equals("true") && !v.equals("false")) {
      throw new IllegalArgumentException("setting " + key + " must be true or false, got '" + v + "'");
    }
    return Boolean.parseBoolean(v);
  }

  private static int integer(JsonObject j, String key) {
    String v = str(j, key).trim();
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("setting " + key + " must be an integer, got '" + v + "'");
    }
  }
}
