package io.unipay.examples;

import io.unipay.core.login.PayerIdentity;
import java.util.Optional;

/**
 * Who is calling: a session (maybe none) and whether the request carries the admin token.
 *
 * @param session the signed-in browser's session, if its cookie names a live one
 * @param adminByToken the request carries the right {@code X-Admin-Token} header (scripts)
 */
record Caller(Optional<Sessions.Session> session, boolean adminByToken) {
  String userId() {
    return session.map(s -> s.userId).orElse(null);
  }

  /** The payer this session signed in as with a login code, or null. */
  PayerIdentity payer() {
    return session.map(s -> s.payer).orElse(null);
  }

  boolean admin() {
    return adminByToken || session.map(s -> s.admin).orElse(false);
  }

  boolean signedIn() {
    return admin() || userId() != null;
  }

  /** The key long-polls are counted by. */
  String pollKey() {
    return userId() != null ? "user:" + userId() : "admin";
  }
}
