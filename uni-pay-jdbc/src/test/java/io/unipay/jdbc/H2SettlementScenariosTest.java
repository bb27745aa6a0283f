package io.unipay.jdbc;

import io.unipay.jdbc.TestDatabases.Kind;

/** {@link JdbiSettlementScenarios} on an in-memory H2 database. */
class H2SettlementScenariosTest extends JdbiSettlementScenarios {
  @Override
  Kind kind() {
    return Kind.H2;
  }

  @Override
  String sessionTimeZoneSql() {
    return "SET TIME ZONE 'Asia/Shanghai'";
  }
}
