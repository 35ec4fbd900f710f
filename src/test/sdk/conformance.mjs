// Drives a running Tender node through the real @commercengine/storefront-sdk 0.15.0.
// Usage: TENDER_BASE_URL=http://127.0.0.1:8080/api/v1/test-store/storefront TENDER_API_KEY=test-api-key node conformance.mjs
// Prints one line per check and "N passed, M failed"; exits non-zero on any failure.
import assert from "node:assert/strict";
import { createStorefront, MemoryTokenStorage } from "@commercengine/storefront-sdk";
import Payu from "payu-websdk";

const baseUrl = process.env.TENDER_BASE_URL;
const apiKey = process.env.TENDER_API_KEY ?? "test-api-key";
if (!baseUrl) {
  console.error("TENDER_BASE_URL is required");
  process.exit(2);
}

const tokens = new MemoryTokenStorage();
const storefront = createStorefront({ storeId: "ignored-when-baseUrl-is-set", apiKey, baseUrl, timeout: 10000,
  session: { tokenStorage: tokens } });
const sdk = storefront.session();
const pub = storefront.public();

let passed = 0;
let failed = 0;
async function check(name, fn) {
  try {
    await fn();
    passed++;
    console.log(`ok   ${name}`);
  } catch (e) {
    failed++;
    console.log(`FAIL ${name}: ${e?.stack ?? e}`);
  }
}

/** The SDK answers {data, error}; a check wants data and no error. */
function data(result) {
  assert.equal(result.error, null, `unexpected error: ${JSON.stringify(result.error)}`);
  assert.ok(result.data, "no data");
  return result.data;
}

const money = (x) => Math.round(x * 100);
let products, cartId, userId;

await check("anonymous token", async () => {
  const d = data(await sdk.auth.getAnonymousToken());
  assert.ok(d.access_token.split(".").length === 3 && d.refresh_token.split(".").length === 3);
  assert.equal(d.user.is_anonymous, true);
  assert.equal(await tokens.getAccessToken(), d.access_token, "the SDK captured the tokens");
  userId = await sdk.getUserId();
  assert.equal(userId, d.user.id);
  assert.equal(await sdk.isAnonymous(), true);
});

await check("list products (public client, API key)", async () => {
  const d = data(await pub.catalog.listProducts({ page: 1, limit: 20 }));
  assert.ok(d.products.length >= 2);
  assert.equal(d.pagination.limit, 20);
  products = d.products.filter((p) => p.stock_available && !p.has_variant && p.product_type === "physical");
  assert.ok(products.length >= 2, "two in-stock simple products on page 1");
});

await check("list products (session client, bearer)", async () => {
  const d = data(await sdk.catalog.listProducts({ limit: 5 }));
  assert.equal(d.products.length, 5);
});

await check("create cart", async () => {
  const d = data(await sdk.cart.createCart({ items: [
    { product_id: products[0].id, variant_id: null, quantity: 1 },
    { product_id: products[1].id, variant_id: null, quantity: 2 },
  ] }));
  cartId = d.cart.id;
  assert.equal(d.cart.cart_items_count, 2);
  const c = d.cart;
  assert.equal(money(c.subtotal_including_tax), money(c.subtotal) + money(c.items_tax_amount));
  assert.equal(money(c.to_be_paid), money(c.grand_total));
});

await check("change quantity (absolute)", async () => {
  const d = data(await sdk.cart.addDeleteCartItem({ id: cartId }, { product_id: products[0].id, variant_id: null, quantity: 3 }));
  const line = d.cart.cart_items.find((i) => i.product_id === products[0].id);
  assert.equal(line.quantity, 3);
});

await check("remove a line (quantity 0)", async () => {
  const d = data(await sdk.cart.addDeleteCartItem({ id: cartId }, { product_id: products[1].id, variant_id: null, quantity: 0 }));
  assert.equal(d.cart.cart_items_count, 1);
  assert.equal(d.cart.cart_items.some((i) => i.product_id === products[1].id), false);
});

await check("bad quantity is a typed 400 error", async () => {
  const r = await sdk.cart.addDeleteCartItem({ id: cartId }, { product_id: products[0].id, variant_id: null, quantity: -1 });
  assert.equal(r.data, null);
  assert.equal(r.error.success, false);
  assert.equal(r.error.code, "VALIDATION_ERROR");
});

await check("set address", async () => {
  const address = { first_name: "Asha", last_name: "Rao", country_code: "+91", phone: "9876543210",
    email: "asha@example.com", address_line1: "12 MG Road", address_line2: null, landmark: null,
    pincode: "560001", city: "Bengaluru", state: "Karnataka", country: "India" };
  const d = data(await sdk.cart.updateCartAddress({ id: cartId }, { billing_address: address, shipping_address: address }));
  assert.equal(d.cart.shipping_address.pincode, "560001");
  assert.equal(d.cart.status, "ready-for-payment");
  const c = d.cart;
  assert.equal(money(c.grand_total), money(c.subtotal_including_tax) + money(c.shipping_amount_including_tax)
    + money(c.handling_charge_including_tax) - money(c.coupon_discount_amount) - money(c.promotion_discount_amount));
});

await check("SAVE10, loyalty points, credit and two gift cards on one cart read consistently", async () => {
  // Gift cards are our extension (no SDK method): issued through the admin API, applied with fetch + bearer.
  const admin = baseUrl.replace(/\/storefront$/, "/admin");
  const issue = async (amount) => {
    const r = await fetch(`${admin}/gift-cards`, { method: "POST", headers: { "X-Admin-Key": process.env.TENDER_ADMIN_KEY ?? "test-admin-key",
      "Content-Type": "application/json" }, body: JSON.stringify({ amount, with_pin: true }) });
    assert.equal(r.status, 201);
    return (await r.json()).content.gift_card;
  };
  const applyCard = async (card, amount) => {
    const r = await fetch(`${baseUrl}/carts/${cartId}/gift-card`, { method: "POST", headers: {
      Authorization: `Bearer ${await tokens.getAccessToken()}`, "Content-Type": "application/json" },
      body: JSON.stringify({ gift_card_number: card.number, pin: card.pin, ...(amount ? { amount } : {}) }) });
    assert.equal(r.status, 200, await r.text());
  };
  const coupon = data(await sdk.cart.applyCoupon({ id: cartId }, { coupon_code: "SAVE10" })).cart;
  assert.equal(coupon.is_coupon_applied, true);
  assert.equal(coupon.coupon_code, "SAVE10");
  assert.ok(coupon.coupon_discount_amount > 0);
  data(await sdk.cart.redeemLoyaltyPoints({ id: cartId }, { loyalty_point_redeemed: 100 }));
  data(await sdk.cart.redeemCreditBalance({ id: cartId }, { credit_balance_used: 50 }));
  await applyCard(await issue(40));
  await applyCard(await issue(500), 25.5);
  const c = data(await sdk.cart.getCart({ id: cartId })).cart;
  assert.equal(c.loyalty_points_redeemed, 100);
  assert.equal(money(c.credit_balance_used), 5000);
  assert.equal(c.applied_gift_cards.length, 2);
  assert.equal(money(c.gift_card_amount), 4000 + 2550);
  const lines = c.cart_items.reduce((sum, i) => sum + money(i.coupon_discount_amount), 0);
  assert.equal(lines, money(c.coupon_discount_amount), "line coupon shares sum to the cart's");
  assert.equal(money(c.grand_total), money(c.subtotal_including_tax) + money(c.shipping_amount_including_tax)
    + money(c.handling_charge_including_tax) - money(c.coupon_discount_amount) - money(c.promotion_discount_amount));
  assert.equal(money(c.other_savings), 10000 + 5000 + 6550, "points (₹1 each) + credit + gift cards");
  assert.equal(money(c.to_be_paid), money(c.grand_total) - money(c.other_savings));
  assert.equal(money(c.total_savings), money(c.coupon_savings) + money(c.promotion_savings) + money(c.other_savings));
  const evaluated = data(await sdk.cart.evaluateCoupons({ id: cartId }));
  assert.ok(evaluated.applicable_coupons.some((x) => x.coupon_code.includes("SAVE10")));
  const loyalty = data(await sdk.customer.getLoyaltyDetails({ customer_id: userId })).loyalty;
  assert.equal(loyalty.points_balance, 1000, "applying points holds nothing");
});

await check("get cart by id and by user", async () => {
  const byId = data(await sdk.cart.getCart({ id: cartId }));
  const byUser = data(await sdk.cart.getUserCart());
  assert.equal(byUser.cart.id, cartId);
  assert.deepEqual(byUser.cart.cart_items, byId.cart.cart_items);
});

await check("wishlist add / get / delete", async () => {
  const added = data(await sdk.cart.addToWishlist({ product_id: products[1].id, variant_id: null }));
  assert.equal(added.products.length, 1);
  const got = data(await sdk.cart.getWishlist());
  assert.equal(got.products[0].product_id, products[1].id);
  const removed = data(await sdk.cart.removeFromWishlist({ product_id: products[1].id, variant_id: null }));
  assert.equal(removed.products.length, 0);
});

await check("token refresh keeps the user and the cart", async () => {
  const oldRefresh = await tokens.getRefreshToken();
  const d = data(await sdk.auth.refreshToken({ refresh_token: oldRefresh }));
  assert.notEqual(d.refresh_token, oldRefresh);
  assert.equal(await tokens.getRefreshToken(), d.refresh_token, "the SDK captured the rotated tokens");
  assert.equal(await sdk.getUserId(), userId);
  assert.equal(data(await sdk.cart.getUserCart()).cart.id, cartId);
  // A second tab refreshing with the same token a moment later gets the same pair, not a sign-out.
  const twin = data(await sdk.auth.refreshToken({ refresh_token: oldRefresh }));
  assert.equal(twin.refresh_token, d.refresh_token);
  data(await sdk.auth.refreshToken({ refresh_token: d.refresh_token }));
});

await check("a refresh token used again after its successor was rotated ends the whole session", async () => {
  // On a session of its own: a reuse means the token was stolen, so every token of that session stops working.
  const storage = new MemoryTokenStorage();
  const session = storefront.session({ tokenStorage: storage });
  const first = data(await session.auth.getAnonymousToken());
  const second = data(await session.auth.refreshToken({ refresh_token: first.refresh_token }));
  const third = data(await session.auth.refreshToken({ refresh_token: second.refresh_token }));
  const reused = await session.auth.refreshToken({ refresh_token: first.refresh_token });
  assert.equal(reused.error?.code, "INVALID_REFRESH_TOKEN");
  const refused = await fetch(`${baseUrl}/carts/users/${first.user.id}`, { headers: { Authorization: `Bearer ${third.access_token}` } });
  assert.equal(refused.status, 401, "the newest access token of the stolen session");
  assert.equal((await refused.json()).code, "UNAUTHORIZED");
  const again = await session.auth.refreshToken({ refresh_token: third.refresh_token });
  assert.equal(again.error?.code, "INVALID_REFRESH_TOKEN");
});

await check("automatic refresh of an expiring access token", async () => {
  // A session whose access token is inside the SDK's 30 s margin must refresh by itself (body only,
  // no auth headers) before the request, and carry on as the same user.
  const storage = new MemoryTokenStorage();
  const session = storefront.session({ tokenStorage: storage });
  const d = data(await session.auth.getAnonymousToken());
  const [header, payload, signature] = d.access_token.split(".");
  const claims = JSON.parse(Buffer.from(payload, "base64url"));
  claims.exp = Math.floor(Date.now() / 1000) + 5;
  const expiring = `${header}.${Buffer.from(JSON.stringify(claims)).toString("base64url")}.${signature}`;
  await session.setTokens(expiring, d.refresh_token);
  const cart = data(await session.cart.createCart({ items: [{ product_id: products[0].id, variant_id: null, quantity: 1 }] }));
  assert.equal(cart.cart.cart_items_count, 1);
  assert.notEqual(await storage.getAccessToken(), expiring);
  assert.notEqual(await storage.getRefreshToken(), d.refresh_token, "the refresh token was rotated");
  assert.equal(await session.getUserId(), d.user.id);
});

await check("checkout: OCC PATCH, order, PayU hash by payu-websdk, failure, retry, paid on the test gateway", async () => {
  // The merchant's PayU test credentials (the dev profile's defaults); PayU's own SDK is the judge of our hashes.
  const payu = new Payu({ key: "gtKFFx", salt: "eCwWELxi" }, "TEST");
  const bearer = { Authorization: `Bearer ${await tokens.getAccessToken()}`, "Content-Type": "application/json" };
  const origin = new URL(baseUrl).origin;
  // OCC view of the same tenders (no SDK method): the groups sum to the total; PATCH moves the remainder.
  const groups = async (method, body) => {
    const r = await fetch(`${baseUrl}/carts/${cartId}/payments`, { method, headers: bearer, body: body && JSON.stringify(body) });
    assert.equal(r.status, 200, await r.clone().text());
    return (await r.json()).items;
  };
  const sum = (items) => items.reduce((s, g) => s + money(g.amount), 0);
  const before = await groups("GET");
  const cart = data(await sdk.cart.getCart({ id: cartId })).cart;
  assert.equal(sum(before), money(cart.grand_total));
  const card = before.find((g) => g.paymentMethod === "physicalGiftCard" && money(g.amount) === 2550);
  const patched = await groups("PATCH", { items: [{ paymentGroupId: card.paymentGroupId, amount: 20 }] });
  assert.equal(money(patched.find((g) => g.paymentGroupId === card.paymentGroupId).amount), 2000);
  assert.equal(sum(patched), money(cart.grand_total));
  const gateway = patched.find((g) => g.isAmountRemaining);
  assert.equal(data(await sdk.cart.getCart({ id: cartId })).cart.to_be_paid, gateway.amount, "two views of one set of tenders");

  const placed = data(await sdk.order.createOrder({ cart_id: cartId }));
  const number = placed.order.order_number;
  assert.equal(placed.order.status, "pending");
  assert.equal(placed.payment_required, true);
  const info = placed.payment_info;
  assert.equal(info.amount, gateway.amount);
  assert.equal(info.hash, payu.hasher.generatePaymentHash({ ...info, amount: String(info.amount) }), "request hash = payu-websdk's");
  const pay = async (paymentInfo, outcome) => {
    const form = new URLSearchParams();
    for (const f of ["key", "txnid", "amount", "productinfo", "firstname", "email", "phone", "surl", "furl", "hash"]) {
      form.set(f, String(paymentInfo[f]));
    }
    const r = await fetch(`${origin}/sim/payu/_payment?outcome=${outcome}`, { method: "POST", body: form });
    assert.equal(r.status, 200, await r.clone().text());
    return (await r.json()).content;
  };
  assert.equal((await pay(info, "failure")).payment_status, "failed");
  const failed = data(await sdk.order.getPaymentStatus(number));
  assert.equal(failed.status, "failed");
  assert.equal(failed.is_retry_available, true);
  const retried = data(await sdk.order.retryOrderPayment({ order_number: number }, {}));
  assert.notEqual(retried.payment_info.txnid, info.txnid, "a retry is a new txnid");
  assert.equal(retried.payment_info.hash, payu.hasher.generatePaymentHash({ ...retried.payment_info,
    amount: String(retried.payment_info.amount) }));

  // PayU's success callback for the retry, signed by payu-websdk's generateResponseHash, posted as PayU posts it.
  const callback = { key: info.key, txnid: retried.payment_info.txnid, amount: String(retried.payment_info.amount),
    productinfo: info.productinfo, firstname: info.firstname, email: info.email, status: "success",
    udf1: "", udf2: "", udf3: "", udf4: "", udf5: "", mihpayid: "403993715521937565", mode: "UPI" };
  callback.hash = payu.hasher.generateResponseHash(callback);
  const post = () => fetch(`${origin}/api/v1/test-store/payments/payu/callback`, { method: "POST",
    body: new URLSearchParams(callback) });
  const accepted = await post();
  assert.equal(accepted.status, 200, await accepted.clone().text());
  assert.equal((await accepted.json()).content.payment_status, "success");
  assert.equal((await post()).status, 200, "a replayed callback answers the same");
  const tampered = await fetch(`${origin}/api/v1/test-store/payments/payu/callback`, { method: "POST",
    body: new URLSearchParams({ ...callback, amount: "1.00" }) });
  assert.equal(tampered.status, 400);

  const order = data(await sdk.order.getOrderDetails({ order_number: number })).order;
  assert.equal(order.status, "confirmed");
  assert.equal(order.payment_status, "success");
  const payments = data(await sdk.order.listOrderPayments({ order_number: number })).payments;
  assert.deepEqual(payments.map((p) => p.payment_status), ["failed", "success"]);
  const list = data(await sdk.order.listOrders({ user_id: userId }));
  assert.ok(list.orders.some((o) => o.order_number === number));
  const paid = data(await sdk.order.getPaymentStatus(number));
  assert.equal(paid.amount_unpaid, 0);
  assert.equal(paid.is_retry_available, false);
  // Capture and earn travel through the order's outbox: they land just after the callback's answer.
  let balance;
  for (let i = 0; i < 50; i++) {
    balance = data(await sdk.customer.getLoyaltyDetails({ customer_id: userId })).loyalty.points_balance;
    if (balance === 1000 - 100 + order.loyalty_points_earned) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.equal(balance, 1000 - 100 + order.loyalty_points_earned, "points spent and earned once");
});

// ---- Customer accounts, on a session of their own: sign up, profile, saved address, sign out, sign in with the cart kept.
const accountTokens = new MemoryTokenStorage();
const shopper = createStorefront({ storeId: "ignored-when-baseUrl-is-set", apiKey, baseUrl, timeout: 10000,
  session: { tokenStorage: accountTokens }, defaultHeaders: { debug_mode: true } }).session();
const email = `shopper-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.com`;
const password = "correct horse battery";
let customerId, accountCartId, savedAddressId;

await check("register with a password, verified by the OTP the dev profile echoes: same user id, cart kept", async () => {
  const anon = data(await shopper.auth.getAnonymousToken());
  accountCartId = data(await shopper.cart.createCart({ items: [{ product_id: products[0].id, variant_id: null, quantity: 2 }] })).cart.id;
  const sent = data(await shopper.auth.registerWithPassword({ email, password, confirm_password: password, phone: null, country_code: null }));
  assert.equal(sent.otp_action, "register");
  assert.match(String(sent.otp), /^\d{6}$/);
  assert.equal(await shopper.isLoggedIn(), false, "registering alone does not sign in");
  const v = data(await shopper.auth.verifyOtp({ otp: sent.otp, otp_token: sent.otp_token, otp_action: "register" }));
  assert.equal(v.user.id, anon.user.id);
  assert.equal(v.user.is_logged_in, true);
  assert.equal(await shopper.isLoggedIn(), true, "the SDK captured the signed-in tokens");
  customerId = v.user.customer_id;
  assert.equal(customerId, anon.user.id);
  assert.equal(data(await shopper.cart.getUserCart()).cart.id, accountCartId);
  const again = await shopper.auth.verifyOtp({ otp: sent.otp, otp_token: sent.otp_token, otp_action: "register" });
  assert.equal(again.error?.code, "INVALID_OTP", "a used code is refused");
});

await check("read and update the signed-in user", async () => {
  const u = data(await shopper.auth.getUserDetails({ id: customerId })).user;
  assert.equal(u.email, email);
  assert.equal(u.is_email_verified, true);
  assert.deepEqual(u.login_methods, ["email", "password"]);
  const updated = data(await shopper.auth.updateUserDetails({ id: customerId }, { first_name: "Asha", last_name: "Rao" })).user;
  assert.equal(updated.first_name, "Asha");
  assert.equal(data(await shopper.auth.getUserDetails({ id: customerId })).user.last_name, "Rao");
  const foreign = await shopper.auth.getUserDetails({ id: userId });
  assert.equal(foreign.error?.code, "NOT_FOUND", "another user's id looks like nothing");
});

await check("save an address and use its id on the cart", async () => {
  const a = data(await shopper.customer.createAddress({ first_name: "Asha", last_name: "Rao", country_code: "+91",
    phone: "9876543210", email, address_line1: "12 MG Road", address_line2: null, landmark: null, pincode: "560001",
    city: "Bengaluru", state: "Karnataka", country: "India", tax_identification_number: null, business_name: null,
    nickname: "home" })).address;
  savedAddressId = a.id;
  assert.equal(a.is_default_shipping, true, "the first address is the default");
  assert.deepEqual(data(await shopper.customer.listAddresses()).addresses.map((x) => x.id), [a.id]);
  assert.equal(data(await shopper.customer.getAddress({ address_id: a.id })).address.city, "Bengaluru");
  const cart = data(await shopper.cart.updateCartAddress({ id: accountCartId },
    { billing_address_id: a.id, shipping_address_id: a.id })).cart;
  assert.equal(cart.shipping_address.id, a.id);
  assert.equal(cart.billing_address.address_line1, "12 MG Road");
});

await check("logout answers a new anonymous session; signing in again finds the cart, with the new lines merged", async () => {
  const out = data(await shopper.auth.logout());
  assert.equal(out.user.is_anonymous, true);
  assert.notEqual(out.user.id, customerId);
  assert.equal(await shopper.isLoggedIn(), false, "the SDK stored the anonymous pair");
  data(await shopper.cart.createCart({ items: [{ product_id: products[1].id, variant_id: null, quantity: 1 }] }));
  const wrong = await shopper.auth.loginWithPassword({ email, password: "not the password" });
  const unknown = await shopper.auth.loginWithPassword({ email: `nobody-${Date.now()}@example.com`, password });
  assert.equal(wrong.error?.code, "INVALID_CREDENTIALS");
  assert.deepEqual(unknown.error, wrong.error, "an unknown account answers like a wrong password");
  const d = data(await shopper.auth.loginWithPassword({ email, password }));
  assert.equal(d.user.id, customerId);
  assert.equal(await shopper.isLoggedIn(), true);
  const cart = data(await shopper.cart.getUserCart()).cart;
  assert.equal(cart.id, accountCartId);
  const qty = Object.fromEntries(cart.cart_items.map((i) => [i.product_id, i.quantity]));
  assert.deepEqual(qty, { [products[0].id]: 2, [products[1].id]: 1 });
  assert.equal(cart.shipping_address.id, savedAddressId);
});

console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
