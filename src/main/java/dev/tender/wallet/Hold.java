package dev.tender.wallet;

import java.time.Instant;

/** An open hold: {@code amount} of the account set aside for {@code reference} until {@code expiresAt}. */
public record Hold(String id, long amount, Instant expiresAt, String reference) {}
