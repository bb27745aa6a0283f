package io.unipay.jdbc;

import io.unipay.jdbc.TestDatabases.Kind;

/** {@link JdbiSettlementScenarios} on MariaDB. */
class MariaDbSettlementScenariosTest extends JdbiSettlementScenarios {
  @Override
  Kind kind() {
    return Kind.MARIADB;
  }

  @Override
  String sessionTimeZoneSql() {
    return "SET time_zone = '+08:00'";
  }
}
