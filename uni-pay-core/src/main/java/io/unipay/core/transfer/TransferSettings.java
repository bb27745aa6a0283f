package io.unipay.core.transfer;

import static java.util.Objects.requireNonNull;

import io.unipay.core.ErrorCode;
import io.unipay.core.UniPayException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What an engine needs for transfers: where they are stored, the handler of each business type,
 * and the limits. Pass it to {@code UniPay.builder().transfers(settings)}.
 *
 * <pre>{@code
 * TransferSettings transfers = TransferSettings.builder()
 *     .repository(JdbiTransferRepository.of(orders))   // the order repository's database
 *     .handler("withdraw", withdrawals)
 *     .maxAmount(500_00)                               // 500 yuan per transfer
 *     .build();
 * }</pre>
 *
 * @param repository where transfers are stored
 * @param handlers the handler of each business type
 * @param maxAmount the largest amount one transfer may have, in fen
 * @param notFoundGrace how long after a send the provider's "no such transfer" is not believed
 *     (the bill may not be visible yet, e.g. Alipay's ORDER_NOT_EXIST): only after it does the
 *     engine re-send, with the same number
 * @param firstCheckDelay how soon after a send the sweeper first asks about a transfer that is not
 *     final
 */
public record TransferSettings(
    TransferRepository repository,
    Map<String, TransferHandler> handlers,
    long maxAmount,
    Duration notFoundGrace,
    Duration firstCheckDelay) {

  private static final Pattern TYPE = Pattern.compile("[0-9A-Za-z_-]{1,32}");

  public TransferSettings {
    requireNonNull(repository, "repository == null");
    handlers = Map.copyOf(handlers);
    requireNonNull(notFoundGrace, "notFoundGrace == null");
    requireNonNull(firstCheckDelay, "firstCheckDelay == null");
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builds {@link TransferSettings}; every mistake is {@code CONFIGURATION_INVALID}. */
  public static final class Builder {
    private TransferRepository repository;
    private final Map<String, TransferHandler> handlers = new LinkedHashMap<>();
    private long maxAmount = 20_000_00L; // 20,000 yuan; set what the business allows
    private Duration notFoundGrace = Duration.ofMinutes(5);
    private Duration firstCheckDelay = Duration.ofMinutes(1);

    private Builder() {}

    /** Where transfers are stored: on the order repository's database. Required. */
    public Builder repository(TransferRepository repository) {
      this.repository = requireNonNull(repository, "repository == null");
      return this;
    }

    /** Registers the handler for one transfer type (e.g. {@code withdraw}). */
    public Builder handler(String type, TransferHandler handler) {
      requireNonNull(handler, "handler == null");
      if (type == null || !TYPE.matcher(type).matches()) {
        throw invalid("transfer type '" + type + "' must be 1..32 chars of [0-9A-Za-z_-]");
      }
      if (handlers.putIfAbsent(type, handler) != null) {
        throw invalid("a transfer handler for type '" + type + "' is already registered");
      }
      return this;
    }

    /** The largest amount of one transfer, in fen; default 2,000,000 (20,000 yuan). */
    public Builder maxAmount(long maxAmount) {
      if (maxAmount <= 0) throw invalid("maxAmount must be > 0 fen, was " + maxAmount);
      this.maxAmount = maxAmount;
      return this;
    }

    /**
     * How long after a send the provider's "no such transfer" is taken as "not visible yet";
     * default 5 minutes. Only after it does the engine re-send, always with the same number.
     */
    public Builder notFoundGrace(Duration grace) {
      requireNonNull(grace, "grace == null");
      if (grace.isNegative()) throw invalid("notFoundGrace must not be negative");
      this.notFoundGrace = grace;
      return this;
    }

    /** How soon after a send the sweeper first asks about a transfer; default 1 minute. */
    public Builder firstCheckDelay(Duration delay) {
      requireNonNull(delay, "delay == null");
      if (delay.isNegative()) throw invalid("firstCheckDelay must not be negative");
      this.firstCheckDelay = delay;
      return this;
    }

    /** @throws UniPayException CONFIGURATION_INVALID naming what is missing */
    public TransferSettings build() {
      if (repository == null) throw invalid("a transfer repository is required");
      if (handlers.isEmpty()) throw invalid("at least one transfer handler is required");
      return new TransferSettings(
          repository, handlers, maxAmount, notFoundGrace, firstCheckDelay);
    }

    private static UniPayException invalid(String message) {
      return new UniPayException(ErrorCode.CONFIGURATION_INVALID, message);
    }
  }
}
