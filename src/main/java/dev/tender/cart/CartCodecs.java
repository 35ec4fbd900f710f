package dev.tender.cart;

import dev.tender.catalog.Catalog;
import dev.tender.catalog.CatalogItem;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Event-bus codecs of the cart protocol. Locally a message is the immutable record itself; between
 * nodes it is JSON. A cart view travels as the cart (lines, addresses) and is priced again by the
 * receiver from its own catalog, so prices are never serialised and the wire stays small.
 */
public final class CartCodecs {
  public static final String COMMAND = "tender.cart.command";
  public static final String REPLY = "tender.cart.reply";

  private CartCodecs() {}

  /** Codec of {@link CartCommand}. */
  public static final class Commands extends JsonCodec<CartCommand> {
    public Commands() {
      super(COMMAND);
    }

    @Override
    JsonObject toJson(CartCommand c) {
      JsonObject j = new JsonObject().put("owner", c.owner().value());
      if (c instanceof CartCommand.Mutation m) {
        j.put("request_id", m.requestId().value());
      }
      return switch (c) {
        case CartCommand.CreateOrUpdate u -> j.put("type", "create").put("lines", lines(u.lines()))
            .put("metadata", u.metadata() == null ? null : new JsonObject(new HashMap<>(u.metadata())));
        case CartCommand.Get g -> j.put("type", "get").put("cart_id", id(g.cartId()));
        case CartCommand.Clear x -> j.put("type", "clear").put("cart_id", id(x.cartId()));
        case CartCommand.SetQuantity q -> j.put("type", "quantity").put("cart_id", id(q.cartId())).put("lines", lines(List.of(q.line())));
        case CartCommand.SetAddresses a -> j.put("type", "addresses").put("cart_id", id(a.cartId()))
            .put("billing", ShopperJson.address(a.billing())).put("shipping", ShopperJson.address(a.shipping()));
        case CartCommand.SetFulfillment f -> j.put("type", "fulfillment").put("cart_id", id(f.cartId()))
            .put("fulfillment_type", f.preference().fulfillmentType()).put("preference_type", f.preference().preferenceType())
            .put("json", f.preference().json());
        case CartCommand.GetWishlist w -> j.put("type", "wishlist");
        case CartCommand.AddToWishlist a -> j.put("type", "wish").put("product_id", a.entry().productId()).put("variant_id", a.entry().variantId());
        case CartCommand.RemoveFromWishlist r -> j.put("type", "unwish").put("product_id", r.entry().productId()).put("variant_id", r.entry().variantId());
      };
    }

    @Override
    CartCommand fromJson(JsonObject j) {
      UserId owner = new UserId(j.getString("owner"));
      RequestId req = j.getString("request_id") == null ? null : new RequestId(j.getString("request_id"));
      CartId cartId = j.getString("cart_id") == null ? null : new CartId(j.getString("cart_id"));
      return switch (j.getString("type")) {
        case "create" -> new CartCommand.CreateOrUpdate(req, owner, lines(j.getJsonArray("lines")), metadata(j.getJsonObject("metadata")));
        case "get" -> new CartCommand.Get(owner, cartId);
        case "clear" -> new CartCommand.Clear(req, owner, cartId);
        case "quantity" -> new CartCommand.SetQuantity(req, owner, cartId, lines(j.getJsonArray("lines")).get(0));
        case "addresses" -> new CartCommand.SetAddresses(req, owner, cartId,
            ShopperJson.address(j.getJsonObject("billing")), ShopperJson.address(j.getJsonObject("shipping")));
        case "fulfillment" -> new CartCommand.SetFulfillment(req, owner, cartId,
            new FulfillmentPreference(j.getString("fulfillment_type"), j.getString("preference_type"), j.getString("json")));
        case "wishlist" -> new CartCommand.GetWishlist(owner);
        case "wish" -> new CartCommand.AddToWishlist(req, owner, new WishlistEntry(j.getString("product_id"), j.getString("variant_id")));
        case "unwish" -> new CartCommand.RemoveFromWishlist(req, owner, new WishlistEntry(j.getString("product_id"), j.getString("variant_id")));
        default -> throw new IllegalArgumentException("unknown cart command " + j.getString("type"));
      };
    }
  }

  /** Codec of {@link CartReply}; decoding prices carts with the receiving node's catalog. */
  public static final class Replies extends JsonCodec<CartReply> {
    private final Catalog catalog;
    private final CartPricing pricing;

    public Replies(Catalog catalog, CartPricing pricing) {
      super(REPLY);
      this.catalog = catalog;
      this.pricing = pricing;
    }

    @Override
    JsonObject toJson(CartReply r) {
      return switch (r) {
        case CartReply.CartView v -> new JsonObject().put("type", "view")
            .put("owner", v.cart().cart().owner().value()).put("cart", ShopperJson.cart(v.cart().cart()));
        case CartReply.Cleared c -> new JsonObject().put("type", "cleared").put("cart_id", c.cartId().value());
        case CartReply.WishlistView w -> {
          JsonArray items = new JsonArray();
          for (CatalogItem i : w.items()) {
            items.add(new JsonObject().put("product_id", i.product().id()).put("variant_id", i.variantId()));
          }
          yield new JsonObject().put("type", "wishlist").put("items", items);
        }
        case CartReply.Rejected x -> new JsonObject().put("type", "rejected").put("reason", x.reason().name()).put("detail", x.detail());
      };
    }

    @Override
    CartReply fromJson(JsonObject j) {
      return switch (j.getString("type")) {
        case "view" -> new CartReply.CartView(pricing.price(ShopperJson.cart(new UserId(j.getString("owner")), j.getJsonObject("cart"))));
        case "cleared" -> new CartReply.Cleared(new CartId(j.getString("cart_id")));
        case "wishlist" -> {
          List<CatalogItem> items = new ArrayList<>();
          for (Object o : j.getJsonArray("items")) {
            JsonObject e = (JsonObject) o;
            CatalogItem item = catalog.lookup(e.getString("product_id"), e.getString("variant_id")).item();
            if (item != null) {
              items.add(item);
            }
          }
          yield new CartReply.WishlistView(List.copyOf(items));
        }
        case "rejected" -> new CartReply.Rejected(CartReply.Reason.valueOf(j.getString("reason")), j.getString("detail"));
        default -> throw new IllegalArgumentException("unknown cart reply " + j.getString("type"));
      };
    }
  }

  private static String id(CartId id) {
    return id == null ? null : id.value();
  }

  private static JsonArray lines(List<CartLine> lines) {
    JsonArray a = new JsonArray();
    for (CartLine l : lines) {
      a.add(new JsonObject().put("product_id", l.productId()).put("variant_id", l.variantId()).put("quantity", l.quantity()));
    }
    return a;
  }

  private static List<CartLine> lines(JsonArray a) {
    List<CartLine> lines = new ArrayList<>();
    for (Object o : a) {
      JsonObject l = (JsonObject) o;
      lines.add(new CartLine(l.getString("product_id"), l.getString("variant_id"), l.getInteger("quantity")));
    }
    return List.copyOf(lines);
  }

  private static Map<String, String> metadata(JsonObject j) {
    if (j == null) {
      return null;
    }
    Map<String, String> m = new HashMap<>();
    j.forEach(e -> m.put(e.getKey(), String.valueOf(e.getValue())));
    return m;
  }

  /** Pass-by-reference locally, length-prefixed JSON on the wire. */
  abstract static class JsonCodec<T> implements MessageCodec<T, T> {
    private final String name;

    JsonCodec(String name) {
      this.name = name;
    }

    abstract JsonObject toJson(T t);

    abstract T fromJson(JsonObject j);

    @Override
    public void encodeToWire(Buffer buffer, T t) {
      Buffer json = toJson(t).toBuffer();
      buffer.appendInt(json.length()).appendBuffer(json);
    }

    @Override
    public T decodeFromWire(int pos, Buffer buffer) {
      int length = buffer.getInt(pos);
      return fromJson(buffer.getBuffer(pos + 4, pos + 4 + length).toJsonObject());
    }

    @Override
    public T transform(T t) {
      return t; // immutable records: safe to share within the JVM
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public byte systemCodecID() {
      return -1;
    }
  }
}
