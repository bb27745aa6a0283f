-- uni-pay-java payment tables for MySQL 8 / MariaDB 10.6+. Instants are stored as UTC DATETIME(6);
-- the tables use utf8mb4 with a binary collation so that keys compare exactly and any text fits.
-- Indexes are declared inline because MySQL 8 has no CREATE INDEX IF NOT EXISTS.
CREATE TABLE IF NOT EXISTS uni_pay_orders (
  out_trade_no       VARCHAR(32)   NOT NULL PRIMARY KEY,
  order_no           VARCHAR(64)   NOT NULL,
  type               VARCHAR(64)   NOT NULL,
  provider           VARCHAR(16)   NOT NULL,
  provider_pay_type  VARCHAR(16)   NOT NULL,
  status             INT           NOT NULL,
  total_fee          BIGINT        NOT NULL,
  refund_fee         BIGINT        NOT NULL DEFAULT 0,
  refund_count       INT           NOT NULL DEFAULT 0,
  currency           VARCHAR(8)    NOT NULL,
  description        VARCHAR(256)  NOT NULL,
  user_id            VARCHAR(64),
  openid             VARCHAR(128),
  client_ip          VARCHAR(64),
  provider_appid     VARCHAR(64),
  mch_id             VARCHAR(64),
  transaction_id     VARCHAR(64),
  user_order_success BOOLEAN       NOT NULL DEFAULT FALSE,
  custom             MEDIUMTEXT,
  original_data      MEDIUMTEXT,
  create_date        DATETIME(6)   NOT NULL,
  expire_date        DATETIME(6)   NOT NULL,
  pay_date           DATETIME(6),
  notify_date        DATETIME(6),
  cancel_date        DATETIME(6),
  refund_date        DATETIME(6),
  next_check_at      DATETIME(6)   NOT NULL,
  check_count        INT           NOT NULL DEFAULT 0,
  settle_flag        VARCHAR(32)   NOT NULL DEFAULT 'NONE',
  final_check_at     DATETIME(6),
  INDEX ix_uni_pay_orders_order_no (order_no),
  INDEX ix_uni_pay_orders_transaction_id (transaction_id),
  INDEX ix_uni_pay_orders_status_expire (status, expire_date),
  INDEX ix_uni_pay_orders_status_check (status, next_check_at),
  INDEX ix_uni_pay_orders_status_final_check (status, final_check_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS uni_pay_refunds (
  out_refund_no  VARCHAR(64)   NOT NULL PRIMARY KEY,
  out_trade_no   VARCHAR(32)   NOT NULL,
  refund_fee     BIGINT        NOT NULL,
  reason         VARCHAR(256),
  status         VARCHAR(16)   NOT NULL,
  refund_id      VARCHAR(64),
  create_date    DATETIME(6)   NOT NULL,
  success_date   DATETIME(6),
  next_check_at  DATETIME(6)   NOT NULL,
  check_count    INT           NOT NULL DEFAULT 0,
  INDEX ix_uni_pay_refunds_out_trade_no (out_trade_no),
  INDEX ix_uni_pay_refunds_status_check (status, next_check_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- The provider-event ledger (design §13): append-only, one row per verified fact, deduplicated by
-- dedupe_key. Ids and states are sized for the longest verified provider value (Alipay's
-- out_trade_no and trade_no are up to 64 chars); data holds at most 16 Ki chars.
CREATE TABLE IF NOT EXISTS uni_pay_events (
  id             BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
  dedupe_key     VARCHAR(64)   NOT NULL,
  provider       VARCHAR(16)   NOT NULL,
  kind           VARCHAR(16)   NOT NULL,
  source         VARCHAR(32)   NOT NULL,
  out_trade_no   VARCHAR(64),
  out_refund_no  VARCHAR(64),
  provider_id    VARCHAR(64),
  amount         BIGINT        NOT NULL,
  currency       VARCHAR(16)   NOT NULL,
  provider_state VARCHAR(64)   NOT NULL,
  app_id         VARCHAR(64),
  merchant_id    VARCHAR(64),
  payer_id       VARCHAR(128),
  occurred_at    DATETIME(6),
  outcome        VARCHAR(32)   NOT NULL,
  detail         VARCHAR(512),
  data           MEDIUMTEXT    NOT NULL,
  received_at    DATETIME(6)   NOT NULL,
  resolved_at    DATETIME(6),
  resolution     VARCHAR(32),
  CONSTRAINT uq_uni_pay_events_dedupe_key UNIQUE (dedupe_key),
  INDEX ix_uni_pay_events_out_trade_no (out_trade_no, id),
  INDEX ix_uni_pay_events_unresolved (outcome, resolved_at, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Transfers (payouts, issue 16): one row per business transfer number, written before the
-- provider is called; out_bill_no is the number sent to the provider, derived once and never
-- replaced. payee_name holds the payee's real name only while the transfer can still be re-sent:
-- the statement that records a final status sets it to NULL. Facts go to uni_pay_events.
CREATE TABLE IF NOT EXISTS uni_pay_transfers (
  transfer_no          VARCHAR(64)   NOT NULL PRIMARY KEY,
  out_bill_no          VARCHAR(32)   NOT NULL,
  type                 VARCHAR(64)   NOT NULL,
  provider             VARCHAR(16)   NOT NULL,
  status               VARCHAR(24)   NOT NULL,
  amount               BIGINT        NOT NULL,
  payee_account        VARCHAR(128)  NOT NULL,
  payee_id_type        VARCHAR(24)   NOT NULL,
  payee_name           VARCHAR(128),
  payee_name_mask      VARCHAR(128),
  remark               VARCHAR(64)   NOT NULL,
  scene_id             VARCHAR(64),
  scene_report_infos   MEDIUMTEXT    NOT NULL,
  user_recv_perception VARCHAR(128),
  title                VARCHAR(256),
  app_id               VARCHAR(64),
  mch_id               VARCHAR(64),
  provider_bill_no     VARCHAR(64),
  package_info         MEDIUMTEXT,
  fail_reason          VARCHAR(256),
  create_date          DATETIME(6)   NOT NULL,
  sent_at              DATETIME(6),
  send_count           INT           NOT NULL DEFAULT 0,
  provider_update_date DATETIME(6),
  finish_date          DATETIME(6),
  next_check_at        DATETIME(6)   NOT NULL,
  check_count          INT           NOT NULL DEFAULT 0,
  CONSTRAINT uq_uni_pay_transfers_out_bill_no UNIQUE (out_bill_no),
  INDEX ix_uni_pay_transfers_status_check (status, next_check_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Bill reconciliation (issue 17). One row per provider and bill day (the provider's calendar day,
-- yyyy-MM-dd): the claim (owner, lease_until) that keeps two instances off the same day, and the
-- final report (report_run and the totals; its discrepancies are the items of that run).
CREATE TABLE IF NOT EXISTS uni_pay_reconciliations (
  id                  BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
  provider            VARCHAR(16)   NOT NULL,
  bill_date           CHAR(10)      NOT NULL,
  run_no              INT           NOT NULL DEFAULT 0,
  owner               VARCHAR(64),
  lease_until         DATETIME(6),
  last_error          VARCHAR(512),
  report_run          INT,
  bill_state          VARCHAR(16),
  bill_payments       BIGINT,
  bill_payment_total  BIGINT,
  bill_refunds        BIGINT,
  bill_refund_total   BIGINT,
  bill_fees           BIGINT,
  local_payments      BIGINT,
  local_payment_total BIGINT,
  local_refunds       BIGINT,
  local_refund_total  BIGINT,
  confirmed_by_query  BIGINT,
  started_at          DATETIME(6),
  finished_at         DATETIME(6),
  CONSTRAINT uq_uni_pay_reconciliations_day UNIQUE (provider, bill_date)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- The discrepancies of each run, numbered by seq within the run.
CREATE TABLE IF NOT EXISTS uni_pay_reconciliation_items (
  reconciliation_id   BIGINT        NOT NULL,
  run_no              INT           NOT NULL,
  seq                 BIGINT        NOT NULL,
  type                VARCHAR(40)   NOT NULL,
  out_trade_no        VARCHAR(64)   NOT NULL,
  out_refund_no       VARCHAR(64),
  provider_id         VARCHAR(64),
  provider_amount     BIGINT        NOT NULL,
  local_amount        BIGINT        NOT NULL,
  occurred_at         DATETIME(6),
  remedy              VARCHAR(24)   NOT NULL,
  detail              VARCHAR(512)  NOT NULL,
  PRIMARY KEY (reconciliation_id, run_no, seq)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Scratch: the bill's keys (kind P = out_trade_no of a payment, R = out_refund_no of a refund)
-- while a run compares the day's local rows with them; deleted when the run finishes. The key
-- leads with ref_no: lookups are "ref_no IN (...)", which H2 serves from an index only on its
-- first column.
CREATE TABLE IF NOT EXISTS uni_pay_reconciliation_keys (
  reconciliation_id   BIGINT        NOT NULL,
  kind                CHAR(1)       NOT NULL,
  ref_no              VARCHAR(64)   NOT NULL,
  PRIMARY KEY (ref_no, kind, reconciliation_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
