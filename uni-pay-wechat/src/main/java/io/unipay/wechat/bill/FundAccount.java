package io.unipay.wechat.bill;

/** The WeChat Pay account a fund-flow bill is about ({@code account_type}). */
public enum FundAccount {
  /** 基本账户: the account payments settle into. */
  BASIC,
  /** 运营账户. */
  OPERATION,
  /** 手续费账户. */
  FEES
}
