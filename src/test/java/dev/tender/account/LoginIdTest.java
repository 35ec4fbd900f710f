package dev.tender.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** Sign-in identifiers: one normal form per address or number, and OTP tokens that name their identifier. */
class LoginIdTest {
  @Test
  void emails_are_trimmed_and_lower_cased() {
    LoginId id = LoginId.email("  Asha.Rao@Example.COM ");
    assertThat(id.value()).isEqualTo("email:asha.rao@example.com");
    assertThat(id).isEqualTo(LoginId.email("asha.rao@example.com"));
    assertThat(id.isEmail()).isTrue();
    assertThat(id.bare()).isEqualTo("asha.rao@example.com");
  }

  @Test
  void invalid_emails_are_refused() {
    String tooLong = "a".repeat(60) + "@" + "b".repeat(200) + ".com";
    for (String bad : new String[] {"", "asha", "asha@", "@example.com", "asha@example", "a b@example.com", "a@b@example.com",
        "a".repeat(65) + "@example.com", tooLong}) {
      assertThatThrownBy(() -> LoginId.email(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void phones_default_to_plus_91_and_are_trimmed() {
    LoginId id = LoginId.phone(null, " 9876543210 ");
    assertThat(id.value()).isEqualTo("phone:+919876543210");
    assertThat(id).isEqualTo(LoginId.phone("+91", "9876543210"));
    assertThat(id.isEmail()).isFalse();
    assertThat(id.bare()).isEqualTo("+919876543210");
    assertThat(LoginId.phone(" +1 ", "4155550123").value()).isEqualTo("phone:+14155550123");
  }

  @Test
  void invalid_phones_are_refused() {
    for (String bad : new String[] {"", "98765", "98765432101", "98765 43210", "+919876543210", "98765a3210"}) {
      assertThatThrownBy(() -> LoginId.phone(null, bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
    }
    for (String cc : new String[] {"91", "+", "+1234", "", "+9a"}) {
      assertThatThrownBy(() -> LoginId.phone(cc, "9876543210")).as(cc).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void an_otp_token_names_its_identifier() {
    OtpCodes codes = new OtpCodes("s");
    for (LoginId id : new LoginId[] {LoginId.email("asha.rao+shop@example.co.in"), LoginId.phone(null, "9876543210")}) {
      String token = id.otpToken(codes.newTokenSuffix());
      assertThat(token).startsWith(Base64.getUrlEncoder().withoutPadding()
          .encodeToString(id.value().getBytes(StandardCharsets.UTF_8)) + ".");
      assertThat(LoginId.ofOtpToken(token)).isEqualTo(id);
    }
  }

  @Test
  void malformed_tokens_name_nothing() {
    String foreign = Base64.getUrlEncoder().withoutPadding().encodeToString("user:u-1".getBytes(StandardCharsets.UTF_8)) + ".x";
    String good = LoginId.email("a@b.co").otpToken("x");
    for (String bad : new String[] {null, "", "nodot", ".abc", "!!!!.abc", foreign, good + "y".repeat(512)}) {
      assertThat(LoginId.ofOtpToken(bad)).as(String.valueOf(bad)).isNull();
    }
    assertThat(LoginId.ofOtpToken(good)).isEqualTo(LoginId.email("a@b.co"));
  }

  @Test
  void otp_codes_are_six_digits_and_hashed_per_token() {
    OtpCodes codes = new OtpCodes("secret");
    String code = codes.newCode();
    assertThat(code).matches("\\d{6}");
    assertThat(codes.hash("t1", code)).isEqualTo(codes.hash("t1", code)).isNotEqualTo(codes.hash("t2", code))
        .isNotEqualTo(new OtpCodes("other").hash("t1", code)).matches("[0-9a-f]{64}");
    assertThat(codes.newTokenSuffix()).matches("[A-Za-z0-9_-]{24}").doesNotContain(".");
  }
}
