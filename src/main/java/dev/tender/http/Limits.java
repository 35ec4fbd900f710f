package dev.tender.http;

/**
 * Size limits on what a shopper may store through the HTTP edge. Everything here ends up in the
 * shopper's JSON document, in memory and in PostgreSQL, and is echoed in every cart answer, so
 * each free-text field is bounded well below the 64 KiB request body limit. Character limits
 * count Unicode code points; byte limits count UTF-8 bytes of the compact JSON encoding.
 */
final class Limits {
  private Limits() {}

  // Cart metadata: a client's own tags (campaign, channel, notes), not a document store.
  /** Keys per cart: room for any storefront's tagging, far from letting a cart become a key-value store. */
  static final int METADATA_MAX_KEYS = 50;
  /** Key length: keys are identifiers. */
  static final int METADATA_KEY_MAX_CHARS = 64;
  /** Value length: a short note or an encoded id fits; a document does not. */
  static final int METADATA_VALUE_MAX_CHARS = 512;
  /** The whole metadata object as JSON: keeps a cart's answer small even when every key is used. */
  static final int METADATA_MAX_BYTES = 8 * 1024;

  // Address fields. Generous for real addresses, bounded for storage and rendering.
  /** First and last name: long real names fit comfortably. */
  static final int ADDRESS_NAME_MAX_CHARS = 100;
  /** Address lines and landmark: the common 255 of address forms and carriers' label fields. */
  static final int ADDRESS_LINE_MAX_CHARS = 255;
  /** City and state: the longest real names are far shorter. */
  static final int ADDRESS_CITY_MAX_CHARS = 100;
  static final int ADDRESS_STATE_MAX_CHARS = 100;
  /** Country name (only "India" is accepted today): the longest official names fit. */
  static final int ADDRESS_COUNTRY_MAX_CHARS = 64;
  /** Calling code such as "+91" or "+1-684". */
  static final int ADDRESS_COUNTRY_CODE_MAX_CHARS = 8;
  /** Phone: E.164 allows at most 15 digits. */
  static final int ADDRESS_PHONE_MAX_CHARS = 15;
  /** Postal codes are at most 10 characters worldwide (India's PIN is 6 digits). */
  static final int ADDRESS_PINCODE_MAX_CHARS = 10;
  /** Email: RFC 5321 caps a forward path at 254 characters. */
  static final int ADDRESS_EMAIL_MAX_CHARS = 254;
  /** Tax id: a GSTIN is 15 characters, VAT ids at most 14; slack for formatting. */
  static final int ADDRESS_TAX_ID_MAX_CHARS = 32;
  /** Business name: as long as an address line. */
  static final int ADDRESS_BUSINESS_NAME_MAX_CHARS = 255;
  /** Nickname ("Home", "Office"): a label, not a note. */
  static final int ADDRESS_NICKNAME_MAX_CHARS = 64;

  // Fulfillment preference: kept verbatim as JSON text and echoed in every cart answer.
  /** The stored preference (the body plus preference_type) as JSON: a few shipments with their ids fit. */
  static final int FULFILLMENT_MAX_BYTES = 4 * 1024;
  /** Pickup location id: an identifier. */
  static final int PICKUP_LOCATION_ID_MAX_CHARS = 64;
  /** Shipments per preference: a cart of at most 100 lines never needs more. */
  static final int SHIPMENTS_MAX = 20;

  /** Product and variant ids in item and wishlist bodies: catalog ids are short identifiers. */
  static final int PRODUCT_ID_MAX_CHARS = 64;
  static final int VARIANT_ID_MAX_CHARS = 64;
}
