package dev.tender.cart;

import com.github.f4b6a3.ulid.UlidCreator;

/** Public handle of a cart (a ULID). */
public record CartId(String value) {
  public static CartId random() {
    return new CartId(UlidCreator.getUlid().toString());
  }
}
