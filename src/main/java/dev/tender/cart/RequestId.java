package dev.tender.cart;

import com.github.f4b6a3.ulid.UlidCreator;

/** Identifies one mutating request so that a retried or duplicated message is applied once. */
public record RequestId(String value) {
  public static RequestId random() {
    return new RequestId(UlidCreator.getUlid().toString());
  }
}
