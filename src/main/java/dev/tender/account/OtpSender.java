package dev.tender.account;

import io.vertx.core.Future;

/**
 * Where one-time passwords go: an email or SMS provider in production. The port is all the engine
 * knows; {@link LoggingOtpSender} is the development one.
 */
public interface OtpSender {
  /**
   * Delivers {@code code} for {@code action} to the identifier, or, when {@code code} is null, a notice
   * instead (no account to reset, or already registered), so the answer to the caller never differs.
   */
  Future<Void> send(LoginId to, String action, String code);
}
