package dev.tender.cluster;

/** Every event-bus address of Tender. Build no address string anywhere else. */
public final class Addresses {
  private Addresses() {}

  /** The address of one partition of a kind: {@code tender.cart.17}. */
  public static String partition(String kind, int partition) {
    return "tender." + kind + "." + partition;
  }
}
