-- The application's own tables (portable SQL: H2 and PostgreSQL). uni-pay's tables are created by
-- the starter (unipay.jdbc.create-schema) or by your migrations.
CREATE TABLE IF NOT EXISTS vip_packages (
  id     VARCHAR(32) NOT NULL PRIMARY KEY,
  label  VARCHAR(64) NOT NULL,
  price  BIGINT      NOT NULL,
  days   INT         NOT NULL
);
CREATE TABLE IF NOT EXISTS vip_users (
  id         VARCHAR(64) NOT NULL PRIMARY KEY,
  vip_until  BIGINT      NULL
);
CREATE TABLE IF NOT EXISTS vip_orders (
  order_no           VARCHAR(64) NOT NULL PRIMARY KEY,
  user_id            VARCHAR(64) NOT NULL,
  package_id         VARCHAR(32) NOT NULL,
  price              BIGINT      NOT NULL,
  days               INT         NOT NULL,
  status             VARCHAR(16) NOT NULL,
  paid_out_trade_no  VARCHAR(32) NULL,
  created_at         BIGINT      NOT NULL
);
INSERT INTO vip_packages (id, label, price, days)
  SELECT 'month', 'VIP 30 days', 1990, 30 WHERE NOT EXISTS (SELECT 1 FROM vip_packages WHERE id = 'month');
INSERT INTO vip_packages (id, label, price, days)
  SELECT 'year', 'VIP 365 days', 19900, 365 WHERE NOT EXISTS (SELECT 1 FROM vip_packages WHERE id = 'year');
