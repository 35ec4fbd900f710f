// Computes PayU hashes with PayU's own Node SDK (payu-websdk, pinned in this package) for PayuWebSdkTest.
// Input (file named by argv[2]): {key, salt, cases: [{payment, response, javaResponseHash, command, var1, paise}]}.
// Output (stdout): one JSON array, per case {paymentHash, responseHash, validates, apiHash, amount}.
import { readFileSync } from "node:fs";
import Payu from "payu-websdk";
import hasher from "payu-websdk/utils/hasher.js";

const input = JSON.parse(readFileSync(process.argv[2], "utf8"));
const payu = new Payu({ key: input.key, salt: input.salt }, "TEST");
const credes = { key: input.key, salt: input.salt };

const out = input.cases.map((c) => ({
  paymentHash: payu.hasher.generatePaymentHash(c.payment),
  responseHash: payu.hasher.generateResponseHash(c.response),
  // The SDK compares strings exactly, so this also checks that ours is lowercase.
  validates: payu.hasher.validateResponseHash({ ...c.response, hash: c.javaResponseHash }),
  apiHash: hasher.apiHasher(credes, { command: c.command, var1: c.var1 }),
  // What a JavaScript client writes for the amount: PayuHash.amount must match it.
  amount: String(c.paise / 100),
}));
process.stdout.write(JSON.stringify(out));
