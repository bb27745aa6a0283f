-- The host's own business tables for the VIP-recharge example (portable SQL: H2, PostgreSQL, MariaDB).
CREATE TABLE IF NOT EXISTS vip_packages (
  id          VARCHAR(32)  NOT NULL PRIMARY KEY,
  label       VARCHAR(64)  NOT NULL,
  dec_text    VARCHAR(255) NOT NULL,
  price       BIGINT       NOT NULL,
  days        INT          NOT NULL
);
CREATE TABLE IF NOT EXISTS vip_users (
  id              VARCHAR(64) NOT NULL PRIMARY KEY,
  nickname        VARCHAR(64) NOT NULL,
  vip_expire_date BIGINT      NULL
);
CREATE TABLE IF NOT EXISTS vip_orders (
  order_no    VARCHAR(64) NOT NULL PRIMARY KEY,
  user_id     VARCHAR(64) NOT NULL,
  package_id  VARCHAR(32) NOT NULL,
  price       BIGINT      NOT NULL,
  status      VARCHAR(16) NOT NULL,
  paid_out_trade_no VARCHAR(32) NULL,
  created_at  BIGINT      NOT NULL
);
