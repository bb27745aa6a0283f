CREATE TABLE IF NOT EXISTS vip_grants (
  out_trade_no VARCHAR(32) NOT NULL,
  fee          BIGINT      NOT NULL
);
