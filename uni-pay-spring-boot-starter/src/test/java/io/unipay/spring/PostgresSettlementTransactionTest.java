package io.unipay.spring;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** {@link SettlementTransactionContract} on PostgreSQL, in a database of its own. */
@SpringBootTest(classes = VipTestApplication.class)
@DirtiesContext
class PostgresSettlementTransactionTest extends SettlementTransactionContract {
  private static TestPostgres postgres;

  @BeforeAll
  static void createDatabase() {
    postgres = TestPostgres.create();
  }

  @AfterAll
  static void dropDatabase() {
    if (postgres != null) postgres.drop();
  }

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) {
    registry.add("spring.datasource.url", () -> postgres.url());
  }
}
