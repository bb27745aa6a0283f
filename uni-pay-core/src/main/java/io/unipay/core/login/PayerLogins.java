package io.unipay.core.login;

import io.unipay.core.ErrorCode;
import io.unipay.core.UniPayException;
import io.unipay.core.internal.LogSafe;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@link PayerLogin}s of a host with several apps, looked up by flow and app id. Immutable and
 * thread-safe.
 *
 * <pre>{@code
 * PayerLogins logins = PayerLogins.of(wechat.logins(), List.of(alipayLogin));
 * PayerIdentity payer = logins.identify(LoginFlow.WECHAT_MINI_PROGRAM, "wx0123456789abcdef", code);
 * }</pre>
 */
public final class PayerLogins {
  private record Key(LoginFlow flow, String appId) {}

  private final Map<Key, PayerLogin> byKey;

  private PayerLogins(Map<Key, PayerLogin> byKey) {
    this.byKey = byKey;
  }

  /**
   * The logins of every group, in order.
   *
   * @throws UniPayException {@code CONFIGURATION_INVALID} when two logins have the same flow and
   *     app id, or one is null
   */
  @SafeVarargs
  public static PayerLogins of(List<? extends PayerLogin>... groups) {
    Map<Key, PayerLogin> map = new LinkedHashMap<>();
    for (List<? extends PayerLogin> group : groups) {
      if (group == null) throw invalid("a list of logins is null");
      for (PayerLogin login : group) {
        if (login == null) throw invalid("a login is null");
        if (login.flow() == null || login.appId() == null) {
          throw invalid("a login has no flow or app id: " + login);
        }
        Key key = new Key(login.flow(), login.appId());
        if (map.putIfAbsent(key, login) != null) {
          throw invalid("two logins for " + login.flow() + " app " + login.appId());
        }
      }
    }
    return new PayerLogins(map);
  }

  /**
   * The login for {@code flow} and {@code appId}.
   *
   * @throws UniPayException {@code PROVIDER_NOT_CONFIGURED} when there is none
   */
  public PayerLogin get(LoginFlow flow, String appId) {
    PayerLogin login = byKey.get(new Key(flow, appId));
    if (login == null) {
      throw new UniPayException(
          ErrorCode.PROVIDER_NOT_CONFIGURED,
          "no " + flow + " login is configured for app " + LogSafe.quote(appId) + "; configured: "
              + byKey.keySet().stream().map(k -> k.flow() + " " + k.appId()).toList());
    }
    return login;
  }

  /** {@code get(flow, appId).identify(code)}. */
  public PayerIdentity identify(LoginFlow flow, String appId, String code) {
    return get(flow, appId).identify(code);
  }

  /** Every login, in the order given. */
  public List<PayerLogin> all() {
    return List.copyOf(byKey.values());
  }

  private static UniPayException invalid(String message) {
    return new UniPayException(ErrorCode.CONFIGURATION_INVALID, "PayerLogins: " + message);
  }
}
