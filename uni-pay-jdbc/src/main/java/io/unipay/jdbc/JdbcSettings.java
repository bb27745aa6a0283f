package io.unipay.jdbc;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * Connection settings for the pool {@link UniPayDataSources#create} builds. Immutable; {@link
 * #toString()} never shows the password.
 *
 * @param jdbcUrl e.g. {@code jdbc:postgresql://db:5432/pay} or {@code jdbc:mariadb://db/pay}
 * @param username the database user, or null
 * @param password the database password, or null
 * @param maximumPoolSize the most connections the pool opens (default 10)
 * @param minimumIdle idle connections kept open (default 2)
 * @param connectionTimeout how long a caller waits for a connection (default 10 s)
 * @param idleTimeout how long an idle connection above {@code minimumIdle} is kept (default 10 min)
 * @param maxLifetime when a connection is retired (default 30 min; keep it below the server's)
 * @param poolName the pool's name in logs and metrics (default {@code uni-pay})
 */
public record JdbcSettings(
    String jdbcUrl,
    String username,
    String password,
    int maximumPoolSize,
    int minimumIdle,
    Duration connectionTimeout,
    Duration idleTimeout,
    Duration maxLifetime,
    String poolName) {

  public JdbcSettings {
    requireNonNull(jdbcUrl, "jdbcUrl == null");
    if (!jdbcUrl.startsWith("jdbc:")) {
      throw new IllegalArgumentException("jdbcUrl must start with jdbc: — " + redact(jdbcUrl));
    }
    if (maximumPoolSize < 1) {
      throw new IllegalArgumentException("maximumPoolSize < 1: " + maximumPoolSize);
    }
    if (minimumIdle < 0 || minimumIdle > maximumPoolSize) {
      throw new IllegalArgumentException(
          "minimumIdle must be in [0, maximumPoolSize=" + maximumPoolSize + "]: " + minimumIdle);
    }
    requireNonNull(connectionTimeout, "connectionTimeout == null");
    requireNonNull(idleTimeout, "idleTimeout == null");
    requireNonNull(maxLifetime, "maxLifetime == null");
    requireNonNull(poolName, "poolName == null");
    if (connectionTimeout.toMillis() < 250) {
      throw new IllegalArgumentException(
          "connectionTimeout must be at least 250 ms: " + connectionTimeout);
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding a copy of these settings (e.g. to change the URL per tenant). */
  public Builder newBuilder() {
    return new Builder(this);
  }

  @Override
  public String toString() {
    return "JdbcSettings{jdbcUrl="
        + redact(jdbcUrl)
        + ", username="
        + username
        + ", password="
        + (password == null ? "null" : "██")
        + ", maximumPoolSize="
        + maximumPoolSize
        + ", minimumIdle="
        + minimumIdle
        + ", connectionTimeout="
        + connectionTimeout
        + ", idleTimeout="
        + idleTimeout
        + ", maxLifetime="
        + maxLifetime
        + ", poolName="
        + poolName
        + "}";
  }

  /**
   * The URL with embedded secrets masked: the values of parameters whose name contains {@code
   * password}, {@code secret} or {@code token} ({@code ?password=..}, {@code ;PASSWORD=..}), and
   * the password of a {@code user:password@host} authority.
   */
  static String redact(String jdbcUrl) {
    if (jdbcUrl == null) return null;
    String masked =
        SECRET_PARAMETER.matcher(jdbcUrl).replaceAll(m -> m.group(1) + "██");
    return USER_INFO_PASSWORD.matcher(masked).replaceAll(m -> m.group(1) + "██@");
  }

  private static final java.util.regex.Pattern SECRET_PARAMETER =
      java.util.regex.Pattern.compile(
          "(?i)([?&;:][^=?&;:/]*(?:password|passwd|pwd|secret|token)[^=?&;:/]*=)[^&;]*");
  private static final java.util.regex.Pattern USER_INFO_PASSWORD =
      java.util.regex.Pattern.compile("(//[^/:@?;]*:)[^/@?;]*@");

  /** Builds {@link JdbcSettings}; only the JDBC URL is required. */
  public static final class Builder {
    private String jdbcUrl;
    private String username;
    private String password;
    private int maximumPoolSize = 10;
    private int minimumIdle = 2;
    private Duration connectionTimeout = Duration.ofSeconds(10);
    private Duration idleTimeout = Duration.ofMinutes(10);
    private Duration maxLifetime = Duration.ofMinutes(30);
    private String poolName = "uni-pay";

    private Builder() {}

    private Builder(JdbcSettings s) {
      jdbcUrl = s.jdbcUrl;
      username = s.username;
      password = s.password;
      maximumPoolSize = s.maximumPoolSize;
      minimumIdle = s.minimumIdle;
      connectionTimeout = s.connectionTimeout;
      idleTimeout = s.idleTimeout;
      maxLifetime = s.maxLifetime;
      poolName = s.poolName;
    }

    public Builder jdbcUrl(String jdbcUrl) {
      this.jdbcUrl = jdbcUrl;
      return this;
    }

    public Builder username(String username) {
      this.username = username;
      return this;
    }

    public Builder password(String password) {
      this.password = password;
      return this;
    }

    public Builder maximumPoolSize(int maximumPoolSize) {
      this.maximumPoolSize = maximumPoolSize;
      return this;
    }

    public Builder minimumIdle(int minimumIdle) {
      this.minimumIdle = minimumIdle;
      return this;
    }

    public Builder connectionTimeout(Duration connectionTimeout) {
      this.connectionTimeout = connectionTimeout;
      return this;
    }

    public Builder idleTimeout(Duration idleTimeout) {
      this.idleTimeout = idleTimeout;
      return this;
    }

    public Builder maxLifetime(Duration maxLifetime) {
      this.maxLifetime = maxLifetime;
      return this;
    }

    public Builder poolName(String poolName) {
      this.poolName = poolName;
      return this;
    }

    /** The settings. Throws when the JDBC URL is missing or a value is out of range. */
    public JdbcSettings build() {
      if (jdbcUrl == null) throw new IllegalStateException("jdbcUrl required.");
      return new JdbcSettings(
          jdbcUrl,
          username,
          password,
          maximumPoolSize,
          minimumIdle,
          connectionTimeout,
          idleTimeout,
          maxLifetime,
          poolName);
    }
  }
}
