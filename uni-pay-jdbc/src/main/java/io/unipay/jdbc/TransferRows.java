package io.unipay.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.unipay.core.UniPayException;
import io.unipay.core.internal.Json;
import io.unipay.core.order.Provider;
import io.unipay.core.spi.Payee;
import io.unipay.core.spi.TransferCommand.SceneReportInfo;
import io.unipay.core.transfer.Transfer;
import io.unipay.core.transfer.TransferRepository;
import io.unipay.core.transfer.TransferStatus;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.SqlStatement;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Rows of {@code uni_pay_transfers}: column lists, validation, binding, mapping, and the
 * sweeper's claim. The payee's real name ({@code payee_name}) is written by the insert only and
 * read by its own query, never by {@link #COLUMNS}; scene report infos are a JSON array.
 */
final class TransferRows {
  static final Pattern TRANSFER_NO = Pattern.compile("[0-9A-Za-z_-]{1,64}");
  static final Pattern OUT_BILL_NO = Pattern.compile("[0-9A-Za-z]{1,32}");
  /** Longest package_info kept (WeChat's are far shorter). */
  static final int MAX_PACKAGE = 8192;

  /** Every column of a {@link Transfer}: the real name is not among them. */
  static final String COLUMNS =
      "transfer_no, out_bill_no, type, provider, status, amount, payee_account, payee_id_type,"
          + " payee_name_mask, remark, scene_id, scene_report_infos, user_recv_perception, title,"
          + " app_id, mch_id, provider_bill_no, package_info, fail_reason, create_date, sent_at,"
          + " send_count, provider_update_date, finish_date, next_check_at, check_count";

  static final String INSERT =
      "INSERT INTO uni_pay_transfers (payee_name, "
          + COLUMNS
          + ") VALUES (:payee_name, :transfer_no, :out_bill_no, :type, :provider, :status,"
          + " :amount, :payee_account, :payee_id_type, :payee_name_mask, :remark, :scene_id,"
          + " :scene_report_infos, :user_recv_perception, :title, :app_id, :mch_id,"
          + " :provider_bill_no, :package_info, :fail_reason, :create_date, :sent_at,"
          + " :send_count, :provider_update_date, :finish_date, :next_check_at, :check_count)";

  /** The statuses the sweeper claims, as SQL literals (enum names are [A-Z_]). */
  private static final String NOT_FINAL =
      Arrays.stream(TransferStatus.values())
          .filter(s -> !s.isFinal())
          .map(s -> "'" + s.name() + "'")
          .collect(Collectors.joining(", "));

  static final RowMapper<Transfer> TRANSFER = TransferRows::transfer;

  static final Claim<Transfer> DUE =
      new Claim<>(
          "uni_pay_transfers",
          "transfer_no",
          COLUMNS,
          "status IN (" + NOT_FINAL + ")",
          "next_check_at",
          TRANSFER,
          Transfer::transferNo,
          (t, leaseUntil) -> t.toBuilder().nextCheckAt(leaseUntil).build());

  private TransferRows() {}

  static String transferNo(String value) {
    if (value == null || !TRANSFER_NO.matcher(value).matches()) {
      throw UniPayException.invalid(
          "transfer_no must be 1..64 chars of [0-9A-Za-z_-]: " + quote(value));
    }
    return value;
  }

  /** Rejects values the columns cannot hold, naming the field, before any SQL runs. */
  static void check(Transfer t, String payeeName) {
    transferNo(t.transferNo());
    if (!OUT_BILL_NO.matcher(t.outBillNo()).matches()) {
      throw UniPayException.invalid(
          "out_bill_no must be 1..32 chars of [0-9A-Za-z]: " + quote(t.outBillNo()));
    }
    Checks.text("type", t.type(), 64);
    Checks.text("payee_account", t.payeeAccount(), 128);
    Checks.text("payee_name", payeeName, 128);
    Checks.text("payee_name_mask", t.payeeNameMask(), 128);
    Checks.text("remark", t.remark(), 64);
    Checks.text("scene_id", t.sceneId(), 64);
    Checks.text("user_recv_perception", t.userRecvPerception(), 128);
    Checks.text("title", t.title(), 256);
    Checks.text("app_id", t.appId(), 64);
    Checks.text("mch_id", t.mchId(), 64);
    update(t.providerBillNo(), t.packageInfo(), t.failReason());
  }

  /** The provider-supplied fields a status change writes. */
  static void update(String providerBillNo, String packageInfo, String failReason) {
    Checks.text("provider_bill_no", providerBillNo, 64);
    Checks.text("package_info", packageInfo, MAX_PACKAGE);
    Checks.text("fail_reason", failReason, 256);
  }

  static void check(TransferRepository.Update u) {
    update(u.providerBillNo(), u.packageInfo(), u.failReason());
  }

  static <S extends SqlStatement<S>> S bind(
      S statement, Transfer t, String payeeName, Dialect dialect) {
    return statement
        .bind("payee_name", payeeName)
        .bind("transfer_no", t.transferNo())
        .bind("out_bill_no", t.outBillNo())
        .bind("type", t.type())
        .bind("provider", t.provider().code())
        .bind("status", t.status().name())
        .bind("amount", t.amount())
        .bind("payee_account", t.payeeAccount())
        .bind("payee_id_type", t.payeeIdType().name())
        .bind("payee_name_mask", t.payeeNameMask())
        .bind("remark", t.remark())
        .bind("scene_id", t.sceneId())
        .bind("scene_report_infos", toJson(t.sceneReportInfos()))
        .bind("user_recv_perception", t.userRecvPerception())
        .bind("title", t.title())
        .bind("app_id", t.appId())
        .bind("mch_id", t.mchId())
        .bind("provider_bill_no", dialect.storable(t.providerBillNo()))
        .bind("package_info", dialect.storable(t.packageInfo()))
        .bind("fail_reason", dialect.storable(t.failReason()))
        .bind("create_date", Times.arg(t.createDate()))
        .bind("sent_at", Times.arg(t.sentAt()))
        .bind("send_count", t.sendCount())
        .bind("provider_update_date", Times.arg(t.providerUpdatedAt()))
        .bind("finish_date", Times.arg(t.finishDate()))
        .bind("next_check_at", Times.arg(t.nextCheckAt()))
        .bind("check_count", t.checkCount());
  }

  private static Transfer transfer(ResultSet rs, StatementContext ctx) throws SQLException {
    return Transfer.builder()
        .transferNo(rs.getString("transfer_no"))
        .outBillNo(rs.getString("out_bill_no"))
        .type(rs.getString("type"))
        .provider(Provider.ofCode(rs.getString("provider")))
        .status(TransferStatus.valueOf(rs.getString("status")))
        .amount(rs.getLong("amount"))
        .payeeAccount(rs.getString("payee_account"))
        .payeeIdType(Payee.IdType.valueOf(rs.getString("payee_id_type")))
        .payeeNameMask(rs.getString("payee_name_mask"))
        .remark(rs.getString("remark"))
        .sceneId(rs.getString("scene_id"))
        .sceneReportInfos(fromJson(rs.getString("scene_report_infos")))
        .userRecvPerception(rs.getString("user_recv_perception"))
        .title(rs.getString("title"))
        .appId(rs.getString("app_id"))
        .mchId(rs.getString("mch_id"))
        .providerBillNo(rs.getString("provider_bill_no"))
        .packageInfo(rs.getString("package_info"))
        .failReason(rs.getString("fail_reason"))
        .createDate(Times.read(rs, "create_date"))
        .sentAt(Times.read(rs, "sent_at"))
        .sendCount(rs.getInt("send_count"))
        .providerUpdatedAt(Times.read(rs, "provider_update_date"))
        .finishDate(Times.read(rs, "finish_date"))
        .nextCheckAt(Times.read(rs, "next_check_at"))
        .checkCount(rs.getInt("check_count"))
        .build();
  }

  private static String toJson(List<SceneReportInfo> infos) {
    ArrayNode array = Json.MAPPER.createArrayNode();
    for (SceneReportInfo info : infos) {
      array.addObject().put("info_type", info.infoType()).put("info_content", info.infoContent());
    }
    return array.toString();
  }

  private static List<SceneReportInfo> fromJson(String json) throws SQLException {
    try {
      List<SceneReportInfo> infos = new ArrayList<>();
      for (JsonNode node : Json.MAPPER.readTree(json)) {
        infos.add(
            new SceneReportInfo(node.path("info_type").asText(), node.path("info_content").asText()));
      }
      return infos;
    } catch (JsonProcessingException e) {
      throw new SQLException("scene_report_infos is not a JSON array", e);
    }
  }

  private static String quote(String value) {
    if (value == null) return "null";
    if (value.length() <= 80) return "'" + value + "'";
    return "'" + value.substring(0, 80) + "…' (" + value.length() + " chars)";
  }
}
