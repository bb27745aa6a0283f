package io.unipay.wechat.login;

import io.unipay.core.login.PayerIdentity;
import java.util.Objects;

/**
 * What {@code jscode2session} returns: the payer and the session key. Keep the key on the server
 * ({@link SessionKey} never prints it); hand the browser at most the identity.
 *
 * @param identity the payer (flow {@code WECHAT_MINI_PROGRAM})
 * @param sessionKey the user's session key for this mini program
 */
public record MiniProgramSession(PayerIdentity identity, SessionKey sessionKey) {
  public MiniProgramSession {
    Objects.requireNonNull(identity, "identity == null");
    Objects.requireNonNull(sessionKey, "sessionKey == null");
  }
}
