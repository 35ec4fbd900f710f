package dev.tender.cluster;

/** Every event-bus address of Tender. Build no address string anywhere else. */
public final class Addresses {
  private Addresses() {}

  public static String cart(int partition) {
    return "tender.cart." + partition;
  }
}
