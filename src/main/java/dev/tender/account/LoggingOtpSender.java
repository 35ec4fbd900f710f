package dev.tender.account;

import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Development delivery: logs that a code was sent, never the code itself (logs are read by more
 * people than inboxes). The development profile echoes the code in the response under
 * {@code x-debug-mode: true} instead.
 */
public final class LoggingOtpSender implements OtpSender {
  private static final Logger LOG = LoggerFactory.getLogger(LoggingOtpSender.class);

  @Override
  public Future<Void> send(LoginId to, String action, String code) {
    LOG.debug("{} for {} to {}", code == null ? "notice" : "one-time password", action, to.isEmail() ? "an email" : "a phone");
    return Future.succeededFuture();
  }
}
