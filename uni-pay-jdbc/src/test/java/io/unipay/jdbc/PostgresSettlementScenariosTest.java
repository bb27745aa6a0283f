package io.unipay.jdbc;

import io.unipay.jdbc.TestDatabases.Kind;

/** {@link JdbiSettlementScenarios} on PostgreSQL. */
class PostgresSettlementScenariosTest extends JdbiSettlementScenarios {
  @Override
  Kind kind() {
    return Kind.POSTGRESQL;
  }

  @Override
  String sessionTimeZoneSql() {
    return "SET TIME ZONE 'Asia/Shanghai'";
  }
}
