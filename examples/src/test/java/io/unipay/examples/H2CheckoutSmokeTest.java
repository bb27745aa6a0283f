package io.unipay.examples;

import java.util.Map;
import java.util.UUID;

/** The checkout scenarios on the app's default database kind: embedded H2 (in memory here). */
class H2CheckoutSmokeTest extends CheckoutScenarios {

  @Override
  Map<String, String> appSettings() {
    return Map.of("db.url", "jdbc:h2:mem:smoke-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
  }
}
