-- uni-pay-java payment tables for PostgreSQL 9.5+. Instants are stored as UTC TIMESTAMP(6).
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
  custom             TEXT,
  original_data      TEXT,
  create_date        TIMESTAMP(6)  NOT NULL,
  expire_date        TIMESTAMP(6)  NOT NULL,
  pay_date           TIMESTAMP(6),
  notify_date        TIMESTAMP(6),
  cancel_date        TIMESTAMP(6),
  refund_date        TIMESTAMP(6),
  next_check_at      TIMESTAMP(6)  NOT NULL,
  check_count        INT           NOT NULL DEFAULT 0,
  settle_flag        VARCHAR(32)   NOT NULL DEFAULT 'NONE',
  final_check_at     TIMESTAMP(6)
);
CREATE INDEX IF NOT EXISTS ix_uni_pay_orders_order_no ON uni_pay_orders (order_no);
CREATE INDEX IF NOT EXISTS ix_uni_pay_orders_transaction_id ON uni_pay_orders (transaction_id);
-- At most one payment order of a business order runs the host's handler. The settlement's lock
-- on a business order's payment orders ensures it; this index lets a first settlement go without
-- that lock (one statement, issue 19): of two concurrent payments, the later waits for the
-- earlier's commit and fails, and is then settled the general way, as a duplicate payment.
CREATE UNIQUE INDEX IF NOT EXISTS ux_uni_pay_orders_handled
  ON uni_pay_orders (order_no) WHERE user_order_success;
-- The sweeper's work lists are partial indexes: a row is in one only while it is work (unpaid,
-- closed, or paid and flagged with nothing refunded). A settled order leaves all three, so the
-- settlement's UPDATE adds index entries to the primary key, order_no, transaction_id and the
-- handled index above only.
-- The predicates repeat the claims' literal conditions (Claim.java) so the planner can use them.
CREATE INDEX IF NOT EXISTS ix_uni_pay_orders_unpaid_check
  ON uni_pay_orders (next_check_at) WHERE status = 0;
CREATE INDEX IF NOT EXISTS ix_uni_pay_orders_closed_final_check
  ON uni_pay_orders (final_check_at) WHERE status = -1;
CREATE INDEX IF NOT EXISTS ix_uni_pay_orders_closed_expire
  ON uni_pay_orders (expire_date) WHERE status = -1;
CREATE INDEX IF NOT EXISTS ix_uni_pay_orders_flagged_check
  ON uni_pay_orders (next_check_at) WHERE status = 1 AND settle_flag <> 'NONE' AND refund_fee = 0;

CREATE TABLE IF NOT EXISTS uni_pay_refunds (
  out_refund_no  VARCHAR(64)   NOT NULL PRIMARY KEY,
  out_trade_no   VARCHAR(32)   NOT NULL,
  refund_fee     BIGINT        NOT NULL,
  reason         VARCHAR(256),
  status         VARCHAR(16)   NOT NULL,
  refund_id      VARCHAR(64),
  create_date    TIMESTAMP(6)  NOT NULL,
  success_date   TIMESTAMP(6),
  next_check_at  TIMESTAMP(6)  NOT NULL,
  check_count    INT           NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS ix_uni_pay_refunds_out_trade_no ON uni_pay_refunds (out_trade_no);
CREATE INDEX IF NOT EXISTS ix_uni_pay_refunds_status_check ON uni_pay_refunds (status, next_check_at);

-- The provider-event ledger (design §13): append-only, one row per verified fact, deduplicated by
-- dedupe_key. Ids and states are sized for the longest verified provider value (Alipay's
-- out_trade_no and trade_no are up to 64 chars); data holds at most 16 Ki chars.
CREATE TABLE IF NOT EXISTS uni_pay_events (
  id             BIGSERIAL     PRIMARY KEY,
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
  occurred_at    TIMESTAMP(6),
  outcome        VARCHAR(32)   NOT NULL,
  detail         VARCHAR(512),
  data           TEXT          NOT NULL,
  received_at    TIMESTAMP(6)  NOT NULL,
  resolved_at    TIMESTAMP(6),
  resolution     VARCHAR(32),
  CONSTRAINT uq_uni_pay_events_dedupe_key UNIQUE (dedupe_key)
);
CREATE INDEX IF NOT EXISTS ix_uni_pay_events_out_trade_no ON uni_pay_events (out_trade_no, id);
-- unresolvedEvents: outcome IN (attention outcomes) AND resolved_at IS NULL AND id > ? ORDER BY id.
-- Partial, so a settled payment's fact (SETTLED) adds no entry; the list is EventRows'
-- ATTENTION_OUTCOMES (a test keeps them equal).
CREATE INDEX IF NOT EXISTS ix_uni_pay_events_unresolved_open ON uni_pay_events (id)
  WHERE outcome IN ('REFUNDED_AT_PROVIDER', 'UNMATCHED_UNKNOWN_ORDER', 'UNMATCHED_MISMATCH',
    'UNMATCHED_CONFLICT', 'REFUND_REOPENED', 'REFUND_CONFLICT', 'REFUND_STUCK',
    'TRANSFER_UNMATCHED', 'TRANSFER_CONFLICT', 'TRANSFER_STUCK', 'BILL_DISCREPANCY')
  AND resolved_at IS NULL;

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
  scene_report_infos   TEXT          NOT NULL,
  user_recv_perception VARCHAR(128),
  title                VARCHAR(256),
  app_id               VARCHAR(64),
  mch_id               VARCHAR(64),
  provider_bill_no     VARCHAR(64),
  package_info         TEXT,
  fail_reason          VARCHAR(256),
  create_date          TIMESTAMP(6)  NOT NULL,
  sent_at              TIMESTAMP(6),
  send_count           INT           NOT NULL DEFAULT 0,
  provider_update_date TIMESTAMP(6),
  finish_date          TIMESTAMP(6),
  next_check_at        TIMESTAMP(6)  NOT NULL,
  check_count          INT           NOT NULL DEFAULT 0,
  CONSTRAINT uq_uni_pay_transfers_out_bill_no UNIQUE (out_bill_no)
);
-- The sweeper's work list: partial, so a transfer leaves it when it ends. The predicate repeats the
-- claim's literal condition (TransferRows.DUE) so the planner can use it.
CREATE INDEX IF NOT EXISTS ix_uni_pay_transfers_open_check ON uni_pay_transfers (next_check_at)
  WHERE status IN ('CREATED', 'ACCEPTED', 'PROCESSING', 'WAIT_USER_CONFIRM', 'TRANSFERING',
    'CANCELING');

-- Bill reconciliation (issue 17). One row per provider and bill day (the provider's calendar day,
-- yyyy-MM-dd): the claim (owner, lease_until) that keeps two instances off the same day, and the
-- final report (report_run and the totals; its discrepancies are the items of that run).
CREATE TABLE IF NOT EXISTS uni_pay_reconciliations (
  id                  BIGSERIAL     PRIMARY KEY,
  provider            VARCHAR(16)   NOT NULL,
  bill_date           CHAR(10)      NOT NULL,
  run_no              INT           NOT NULL DEFAULT 0,
  owner               VARCHAR(64),
  lease_until         TIMESTAMP(6),
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
  started_at          TIMESTAMP(6),
  finished_at         TIMESTAMP(6),
  CONSTRAINT uq_uni_pay_reconciliations_day UNIQUE (provider, bill_date)
);

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
  occurred_at         TIMESTAMP(6),
  remedy              VARCHAR(24)   NOT NULL,
  detail              VARCHAR(512)  NOT NULL,
  PRIMARY KEY (reconciliation_id, run_no, seq)
);

-- Scratch: the bill's keys (kind P = out_trade_no of a payment, R = out_refund_no of a refund)
-- while a run compares the day's local rows with them; deleted when the run finishes. The key
-- leads with ref_no: lookups are "ref_no IN (...)", which H2 serves from an index only on its
-- first column.
CREATE TABLE IF NOT EXISTS uni_pay_reconciliation_keys (
  reconciliation_id   BIGINT        NOT NULL,
  kind                CHAR(1)       NOT NULL,
  ref_no              VARCHAR(64)   NOT NULL,
  PRIMARY KEY (ref_no, kind, reconciliation_id)
);
