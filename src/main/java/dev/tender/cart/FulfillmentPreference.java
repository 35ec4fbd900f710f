package dev.tender.cart;

/**
 * How the shopper wants the cart fulfilled. The engine reads only the type; the rest of the
 * preference (shipments, pickup location) is kept verbatim as JSON text and echoed back.
 *
 * @param json the whole preference object as the shopper sent it, plus {@code preference_type}
 */
public record FulfillmentPreference(String fulfillmentType, String preferenceType, String json) {
  /** What the engine picks when a shipping address is set and the shopper chose nothing. */
  public static FulfillmentPreference autoDelivery() {
    return new FulfillmentPreference("delivery", "auto",
        "{\"fulfillment_type\":\"delivery\",\"preference_type\":\"auto\",\"shipments\":[]}");
  }
}
