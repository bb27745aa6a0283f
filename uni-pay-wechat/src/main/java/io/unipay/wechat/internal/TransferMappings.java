package io.unipay.wechat.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.unipay.core.internal.LogSafe;
import io.unipay.core.spi.TransferSnapshot;
import io.unipay.core.spi.TransferState;
import java.time.Instant;

/**
 * Maps WeChat Pay transfer-bill JSON (create, query and cancel answers, decrypted {@code
 * MCHTRANSFER.BILL.FINISHED} resources) to {@link TransferSnapshot}. The bill's {@code state} is
 * WeChat's own, one to one: ACCEPTED, PROCESSING, WAIT_USER_CONFIRM, TRANSFERING, SUCCESS, FAIL,
 * CANCELING, CANCELLED; any other is refused (the caller keeps its state and asks again).
 */
public final class TransferMappings {
  private TransferMappings() {}

  /** A bill state from {@code state}. */
  public static TransferState state(String state) {
    return switch (state) {
      case "ACCEPTED" -> TransferState.ACCEPTED;
      case "PROCESSING" -> TransferState.PROCESSING;
      case "WAIT_USER_CONFIRM" -> TransferState.WAIT_USER_CONFIRM;
      case "TRANSFERING" -> TransferState.TRANSFERING;
      case "SUCCESS" -> TransferState.SUCCESS;
      case "FAIL" -> TransferState.FAIL;
      case "CANCELING" -> TransferState.CANCELING;
      case "CANCELLED" -> TransferState.CANCELLED;
      default -> throw new IllegalArgumentException("unknown bill state " + LogSafe.quote(state));
    };
  }

  /**
   * A snapshot of a bill object.
   *
   * @param raw the verified JSON text
   * @throws IllegalArgumentException when {@code out_bill_no} or {@code state} is missing or of
   *     the wrong type, the state is unknown, {@code transfer_amount} is not a positive JSON
   *     integer, or a time is not RFC 3339
   */
  public static TransferSnapshot snapshot(JsonNode bill, String raw) {
    String outBillNo = Mappings.required(bill, "out_bill_no");
    TransferState state = state(Mappings.required(bill, "state"));
    long amount = Mappings.amount(bill, "transfer_amount", true);
    Instant updated = Mappings.instant(Mappings.optional(bill, "update_time"));
    Instant created = Mappings.instant(Mappings.optional(bill, "create_time"));
    String packageInfo = Mappings.optional(bill, "package_info");
    return new TransferSnapshot(
        outBillNo,
        Mappings.optional(bill, "transfer_bill_no"),
        state,
        amount,
        Mappings.optional(bill, "mch_id"),
        state == TransferState.WAIT_USER_CONFIRM ? packageInfo : null,
        Mappings.optional(bill, "fail_reason"),
        updated != null ? updated : created,
        raw);
  }

  /** The {@code appid} a bill object names, or null. */
  public static String appId(JsonNode bill) {
    return Mappings.optional(bill, "appid");
  }
}
