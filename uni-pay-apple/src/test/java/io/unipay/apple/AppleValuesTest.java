package io.unipay.apple;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.unipay.core.ErrorCode;
import io.unipay.core.UniPayException;
import java.time.Clock;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class AppleValuesTest {

  @Test
  void applePricesConvertToFenOnlyWhenExact() {
    assertThat(AppleMoney.milliToFen(9900)).hasValue(990);
    assertThat(AppleMoney.milliToFen(0)).hasValue(0);
    assertThat(AppleMoney.milliToFen(9905)).isEmpty();
    assertThat(AppleMoney.milliToFen(-10)).isEmpty();
  }

  @Test
  void tokensAndOutTradeNosMapOneToOne() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      UUID token = AccountTokens.newToken(Clock.systemUTC());
      String outTradeNo = AccountTokens.outTradeNo(token);
      assertThat(outTradeNo).matches("[0-9a-f]{32}");
      assertThat(AccountTokens.token(outTradeNo)).contains(token);
      assertThat(AccountTokens.outTradeNoOf(token.toString().toUpperCase())).contains(outTradeNo);
      assertThat(seen.add(outTradeNo)).isTrue();
    }
    assertThat(AccountTokens.token("20260101000000abcdefABCDEF012345")).isEmpty();
    assertThat(AccountTokens.outTradeNoOf("1-1-1-1-1")).isEmpty();
    assertThat(AccountTokens.outTradeNoOf("not a uuid")).isEmpty();
  }

  @Test
  void aConfigurationWithoutRootsProductsOrProductionAppIdIsRefused() {
    AppleIapConfig.Builder noRoot =
        AppleIapConfig.builder().bundleId("com.example.app").environment(AppleEnvironment.SANDBOX)
            .product("vip", "com.example.vip");
    assertThatThrownBy(noRoot::build)
        .isInstanceOfSatisfying(
            UniPayException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIGURATION_INVALID));
    assertThatThrownBy(
            () -> AppleIapConfig.builder().bundleId("com.example.app")
                .environment(AppleEnvironment.PRODUCTION).product("vip", "com.example.vip")
                .rootCertificate(new byte[] {1, 2, 3}))
        .isInstanceOf(UniPayException.class)
        .hasMessageContaining("root certificate");
  }
}
