package io.unipay.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Credentials given in the JDBC URL never appear in {@code toString()} or exception messages. */
class JdbcSettingsTest {

  @Test
  void toStringMasksAPasswordParameterInTheUrlAndKeepsTheRest() {
    JdbcSettings settings =
        JdbcSettings.builder()
            .jdbcUrl("jdbc:postgresql://db:5432/pay?user=pay&password=hunter2&ssl=true")
            .password("s3cret")
            .build();

    assertThat(settings.toString())
        .doesNotContain("hunter2")
        .doesNotContain("s3cret")
        .contains("jdbc:postgresql://db:5432/pay?user=pay&password=██&ssl=true");
  }

  @Test
  void toStringMasksSemicolonParametersAndUserInfoPasswords() {
    String h2 =
        JdbcSettings.builder()
            .jdbcUrl("jdbc:h2:file:./data;USER=sa;PASSWORD=topsecret;MODE=PostgreSQL")
            .build()
            .toString();
    String mysql =
        JdbcSettings.builder().jdbcUrl("jdbc:mysql://pay:topsecret@db/pay").build().toString();
    String sqlserver =
        JdbcSettings.builder()
            .jdbcUrl("jdbc:sqlserver://db;user=pay;password=topsecret;databaseName=pay")
            .build()
            .toString();

    assertThat(h2).doesNotContain("topsecret").contains(";PASSWORD=██;MODE=PostgreSQL");
    assertThat(mysql).doesNotContain("topsecret").contains("jdbc:mysql://pay:██@db/pay");
    assertThat(sqlserver).doesNotContain("topsecret").contains(";password=██;databaseName=pay");
  }

  @Test
  void theInvalidUrlMessageMasksThePasswordToo() {
    assertThatThrownBy(
            () -> JdbcSettings.builder().jdbcUrl("postgresql://db/pay?password=hunter2").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must start with jdbc:")
        .hasMessageNotContaining("hunter2");
  }
}
