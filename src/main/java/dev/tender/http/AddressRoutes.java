package dev.tender.http;

import com.github.f4b6a3.ulid.UlidCreator;
import dev.tender.account.User;
import dev.tender.account.UserCommand;
import dev.tender.auth.Principal;
import dev.tender.cart.Address;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * A customer's saved addresses ({@code /customers/{customer_id}/addresses}). Only registered customers
 * have them; another customer's id, or an anonymous shopper's, is answered 404.
 */
final class AddressRoutes {
  private final UserClient users;

  AddressRoutes(UserClient users) {
    this.users = users;
  }

  void mount(Router r, String base, Handler<RoutingContext> bearer) {
    String path = base + "/customers/:customer_id/addresses";
    r.get(path).handler(bearer).handler(this::list);
    r.post(path).handler(bearer).handler(ctx -> save(ctx, UlidCreator.getMonotonicUlid().toString(), false));
    r.get(path + "/:address_id").handler(bearer).handler(this::get);
    r.put(path + "/:address_id").handler(bearer).handler(ctx -> save(ctx, addressId(ctx), true));
    r.delete(path + "/:address_id").handler(bearer).handler(this::remove);
  }

  private void list(RoutingContext ctx) {
    int page = Bodies.queryInt(ctx, "page", 1, 10_000);
    int limit = Bodies.queryInt(ctx, "limit", 25, 100);
    users.find(customer(ctx)).onSuccess(u -> {
      if (u == null) {
        ctx.fail(ApiError.notFound("customer"));
        return;
      }
      JsonArray addresses = new JsonArray();
      u.addresses().stream().skip((long) (page - 1) * limit).limit(limit).forEach(a -> addresses.add(AccountJson.address(a)));
      Envelope.ok(ctx, "addresses", new JsonObject().put("addresses", addresses)
          .put("pagination", Envelope.pagination(u.addresses().size(), page, limit)));
    }).onFailure(ctx::fail);
  }

  private void get(RoutingContext ctx) {
    String id = addressId(ctx);
    users.find(customer(ctx)).onSuccess(u -> {
      User.SavedAddress a = u == null ? null : u.address(id);
      if (a == null) {
        ctx.fail(ApiError.notFound("address"));
        return;
      }
      Envelope.ok(ctx, "address", new JsonObject().put("address", AccountJson.address(a)));
    }).onFailure(ctx::fail);
  }

  private void save(RoutingContext ctx, String addressId, boolean replace) {
    String customer = customer(ctx);
    JsonObject body = Bodies.object(ctx);
    Address parsed = CartJson.parseAddress(body, "address");
    Address a = new Address(addressId, parsed.firstName(), parsed.lastName(), parsed.countryCode(), parsed.phone(), parsed.email(),
        parsed.addressLine1(), parsed.addressLine2(), parsed.landmark(), parsed.pincode(), parsed.city(), parsed.state(),
        parsed.country(), parsed.taxIdentificationNumber(), parsed.businessName(), parsed.nickname());
    User.SavedAddress saved = new User.SavedAddress(a, Bodies.optionalBoolean(body, "is_default_billing", false),
        Bodies.optionalBoolean(body, "is_default_shipping", false));
    users.send(new UserCommand.SaveAddress(customer, saved, replace))
        .onSuccess(u -> Envelope.ok(ctx, replace ? "address updated" : "address saved",
            new JsonObject().put("address", AccountJson.address(u.address(addressId)))))
        .onFailure(ctx::fail);
  }

  private void remove(RoutingContext ctx) {
    users.send(new UserCommand.RemoveAddress(customer(ctx), addressId(ctx)))
        .onSuccess(u -> Envelope.okWithoutContent(ctx, "address removed successfully"))
        .onFailure(ctx::fail);
  }

  /** The path's customer, which must be the caller: a registered customer's customer id is their user id. */
  private static String customer(RoutingContext ctx) {
    Principal p = Guards.principal(ctx);
    if (p.customerId() == null || !p.customerId().equals(ctx.pathParam("customer_id"))) {
      throw ApiError.notFound("customer");
    }
    return p.userId();
  }

  private static String addressId(RoutingContext ctx) {
    String id = ctx.pathParam("address_id");
    Bodies.maxChars("address_id", id, 64);
    return id;
  }
}
