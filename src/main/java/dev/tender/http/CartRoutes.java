package dev.tender.http;

import dev.tender.auth.Principal;
import dev.tender.cart.Address;
import dev.tender.cart.CartCommand;
import dev.tender.cart.CartId;
import dev.tender.cart.CartLine;
import dev.tender.cart.CartReply;
import dev.tender.cart.FulfillmentPreference;
import dev.tender.cart.UserId;
import dev.tender.cart.WishlistEntry;
import dev.tender.catalog.Catalog;
import dev.tender.cluster.PartitionRouter;
import dev.tender.cluster.Request;
import dev.tender.cluster.Response;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Carts and wishlists (the Storefront API's cart and wishlist routes). Each handler validates the request, turns it into one
 * {@link CartCommand} and sends it through the cart kind's {@link PartitionRouter}; it never touches
 * cart state. Mutations carry the request's idempotency identity ({@link Idempotency}).
 */
final class CartRoutes {
  private static final int MAX_LINES_PER_REQUEST = 100;
  private static final Set<String> FULFILLMENT_TYPES = Set.of("delivery", "collect-in-store", "partial-collect-and-delivery");

  private final PartitionRouter<CartCommand, CartReply> carts;
  private final Catalog catalog;
  private final Guards guards;
  private final UserClient users;

  CartRoutes(PartitionRouter<CartCommand, CartReply> carts, Catalog catalog, Guards guards, UserClient users) {
    this.carts = carts;
    this.catalog = catalog;
    this.guards = guards;
    this.users = users;
  }

  void mount(Router r, String base) {
    var bearer = guards.bearer();
    // The hottest first (reading a cart, changing a line): each route before them costs a pattern match.
    r.get(base + "/carts/:id").handler(bearer).handler(ctx ->
        answer(ctx, new CartCommand.Get(caller(ctx), cartId(ctx)), "cart"));
    r.post(base + "/carts/:id/items").handler(bearer).handler(ctx ->
        answer(ctx, new CartCommand.SetQuantity(caller(ctx), cartId(ctx), line(Bodies.object(ctx))), "cart updated"));
    r.post(base + "/carts").handler(bearer).handler(this::create);
    r.get(base + "/carts/users/:user_id").handler(bearer).handler(ctx ->
        answer(ctx, new CartCommand.Get(ownUser(ctx), null), "cart"));
    r.delete(base + "/carts/users/:user_id").handler(bearer).handler(ctx ->
        answer(ctx, new CartCommand.Clear(ownUser(ctx), null), "cart emptied"));
    r.delete(base + "/carts/:id").handler(bearer).handler(ctx ->
        answer(ctx, new CartCommand.Clear(caller(ctx), cartId(ctx)), "cart emptied"));
    r.post(base + "/carts/:id/address").handler(bearer).handler(this::address);
    r.post(base + "/carts/:id/fulfillment-preference").handler(bearer).handler(this::fulfillment);
    r.get(base + "/wishlist/:user_id").handler(bearer).handler(ctx ->
        answer(ctx, new CartCommand.GetWishlist(ownUser(ctx)), "wishlist"));
    r.post(base + "/wishlist/:user_id").handler(bearer).handler(ctx ->
        answer(ctx, new CartCommand.AddToWishlist(ownUser(ctx), wishlistEntry(ctx)), "added to wishlist"));
    r.delete(base + "/wishlist/:user_id").handler(bearer).handler(ctx ->
        answer(ctx, new CartCommand.RemoveFromWishlist(ownUser(ctx), wishlistEntry(ctx)), "removed from wishlist"));
  }

  private void create(RoutingContext ctx) {
    JsonObject body = Bodies.object(ctx);
    JsonArray items = Bodies.requiredArray(body, "items");
    if (items.isEmpty() || items.size() > MAX_LINES_PER_REQUEST) {
      throw ApiError.invalidField("items", "must hold 1 to " + MAX_LINES_PER_REQUEST + " items");
    }
    List<CartLine> lines = new ArrayList<>(items.size());
    for (Object item : items) {
      if (!(item instanceof JsonObject o)) {
        throw ApiError.invalidField("items", "must be an array of objects");
      }
      lines.add(line(o));
    }
    Map<String, String> metadata = null;
    Object meta = body.getValue("metadata");
    if (meta != null) {
      if (!(meta instanceof JsonObject m)) {
        throw ApiError.invalidField("metadata", "must be an object of strings");
      }
      metadata = metadata(m);
    }
    answer(ctx, new CartCommand.CreateOrUpdate(caller(ctx), List.copyOf(lines), metadata), "cart created");
  }

  private void address(RoutingContext ctx) {
    JsonObject body = Bodies.object(ctx);
    if (body.containsKey("billing_address_id") || body.containsKey("shipping_address_id")) {
      savedAddresses(ctx, body);
      return;
    }
    Address billing = CartJson.parseAddress(Bodies.requiredObject(body, "billing_address"), "billing_address");
    Address shipping = CartJson.parseAddress(Bodies.requiredObject(body, "shipping_address"), "shipping_address");
    answer(ctx, new CartCommand.SetAddresses(caller(ctx), cartId(ctx), billing, shipping), "address updated");
  }

  /** The {@code {billing_address_id, shipping_address_id}} form: the customer's saved addresses, copied with their ids. */
  private void savedAddresses(RoutingContext ctx, JsonObject body) {
    String billingId = Bodies.requiredString(body, "billing_address_id");
    String shippingId = Bodies.requiredString(body, "shipping_address_id");
    Principal p = Guards.principal(ctx);
    if (p.customerId() == null) {
      throw ApiError.notFound("address"); // anonymous shoppers have no saved addresses
    }
    users.find(p.userId()).onSuccess(u -> {
      var billing = u == null ? null : u.address(billingId);
      var shipping = u == null ? null : u.address(shippingId);
      if (billing == null || shipping == null) {
        ctx.fail(ApiError.notFound("address"));
        return;
      }
      answer(ctx, new CartCommand.SetAddresses(caller(ctx), cartId(ctx), billing.address(), shipping.address()), "address updated");
    }).onFailure(ctx::fail);
  }

  private void fulfillment(RoutingContext ctx) {
    JsonObject body = Bodies.object(ctx);
    String type = Bodies.requiredString(body, "fulfillment_type");
    if (!FULFILLMENT_TYPES.contains(type)) {
      throw ApiError.invalidField("fulfillment_type", "must be one of " + FULFILLMENT_TYPES);
    }
    if (type.equals("collect-in-store")) {
      Bodies.requiredString(body, "pickup_location_id");
    }
    if (body.getValue("pickup_location_id") instanceof String pickup) {
      Bodies.maxChars("pickup_location_id", pickup, Limits.PICKUP_LOCATION_ID_MAX_CHARS);
    }
    if (type.equals("delivery") && body.containsKey("shipments")) {
      Bodies.requiredArray(body, "shipments");
    }
    if (body.getValue("shipments") instanceof JsonArray shipments && shipments.size() > Limits.SHIPMENTS_MAX) {
      throw ApiError.invalidField("shipments", "must hold at most " + Limits.SHIPMENTS_MAX + " entries");
    }
    String stored = body.copy().put("preference_type", "user").encode();
    if (Bodies.utf8Bytes(stored) > Limits.FULFILLMENT_MAX_BYTES) {
      throw ApiError.invalidField("fulfillment_preference", "must encode to at most " + Limits.FULFILLMENT_MAX_BYTES + " bytes of JSON");
    }
    answer(ctx, new CartCommand.SetFulfillment(caller(ctx), cartId(ctx),
        new FulfillmentPreference(type, "user", stored)), "fulfillment preference updated");
  }

  void answer(RoutingContext ctx, CartCommand command, String message) {
    Request<CartCommand> request;
    try {
      // May run in a callback (after a wallet or coupon check), where a thrown error would answer nobody.
      request = carts.kind().mutates().test(command) ? Idempotency.request(ctx, command, command.owner().value()) : Request.read(command);
    } catch (ApiError e) {
      ctx.fail(e);
      return;
    }
    carts.send(request).onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
        return;
      }
      if (!(ar.result() instanceof Response.Done<CartReply> done)) {
        ctx.fail(Problems.keyReused());
        return;
      }
      switch (done.reply()) {
        case CartReply.CartView v -> Envelope.ok(ctx, message, CartJson.cart(v.cart(), catalog.currency()));
        case CartReply.Cleared c -> Envelope.okWithoutContent(ctx, message);
        case CartReply.WishlistView w -> {
          JsonArray products = new JsonArray();
          w.items().forEach(i -> products.add(CatalogJson.item(i, catalog)));
          Envelope.ok(ctx, message, new JsonObject().put("products", products));
        }
        case CartReply.Rejected r -> ctx.fail(Problems.of(r));
      }
    });
  }

  /** Cart metadata: an object of strings within {@link Limits}' bounds. */
  private static Map<String, String> metadata(JsonObject m) {
    if (m.size() > Limits.METADATA_MAX_KEYS) {
      throw ApiError.invalidField("metadata", "must have at most " + Limits.METADATA_MAX_KEYS + " keys");
    }
    Map<String, String> metadata = new HashMap<>();
    for (var e : m) {
      if (!(e.getValue() instanceof String s)) {
        throw ApiError.invalidField("metadata", "values must be strings");
      }
      if (Bodies.chars(e.getKey()) > Limits.METADATA_KEY_MAX_CHARS) {
        throw ApiError.invalidField("metadata", "keys must be at most " + Limits.METADATA_KEY_MAX_CHARS + " characters");
      }
      Bodies.maxChars("metadata." + e.getKey(), s, Limits.METADATA_VALUE_MAX_CHARS);
      metadata.put(e.getKey(), s);
    }
    if (Bodies.utf8Bytes(m.encode()) > Limits.METADATA_MAX_BYTES) {
      throw ApiError.invalidField("metadata", "must encode to at most " + Limits.METADATA_MAX_BYTES + " bytes of JSON");
    }
    return metadata;
  }

  private static CartLine line(JsonObject item) {
    String productId = Bodies.requiredString(item, "product_id");
    String variantId = Bodies.optionalString(item, "variant_id");
    Bodies.maxChars("product_id", productId, Limits.PRODUCT_ID_MAX_CHARS);
    Bodies.maxChars("variant_id", variantId, Limits.VARIANT_ID_MAX_CHARS);
    int quantity = Bodies.requiredInt(item, "quantity");
    if (quantity < 0) {
      throw ApiError.invalidField("quantity", "must not be negative");
    }
    return new CartLine(productId, variantId, quantity);
  }

  private static WishlistEntry wishlistEntry(RoutingContext ctx) {
    JsonObject body = Bodies.object(ctx);
    String productId = Bodies.requiredString(body, "product_id");
    String variantId = Bodies.optionalString(body, "variant_id");
    Bodies.maxChars("product_id", productId, Limits.PRODUCT_ID_MAX_CHARS);
    Bodies.maxChars("variant_id", variantId, Limits.VARIANT_ID_MAX_CHARS);
    return new WishlistEntry(productId, variantId);
  }

  static UserId caller(RoutingContext ctx) {
    Principal p = Guards.principal(ctx);
    return new UserId(p.userId());
  }

  /** The {@code user_id} path parameter, which must be the caller; anyone else's looks like nothing. */
  private static UserId ownUser(RoutingContext ctx) {
    UserId caller = caller(ctx);
    if (!caller.value().equals(ctx.pathParam("user_id"))) {
      throw ApiError.notFound("user");
    }
    return caller;
  }

  static CartId cartId(RoutingContext ctx) {
    return new CartId(ctx.pathParam("id"));
  }
}
