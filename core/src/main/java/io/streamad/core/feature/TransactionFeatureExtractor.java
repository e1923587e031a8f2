package io.streamad.core.feature;

import io.streamad.avro.CardTransaction;
import io.streamad.avro.Channel;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Card-transaction features: the amount and how it compares with the card's usual amounts, the
 * time since the card's last transaction, activity (count and sum) over a short and a long
 * exponentially decayed window, whether merchant and country are new to the card (never on its first
 * transaction: with no history nothing is new), the channel, the hour of day, how much history the
 * card has, and two velocity counts over the short window, this transaction included: purchases at
 * new merchants (card testing) and ATM withdrawals (cash-out).
 */
public final class TransactionFeatureExtractor implements FeatureExtractor<CardTransaction, CardHistory> {

    static final List<String> NAMES = List.of(
            "log_amount", "amount_z", "log_minutes_since_last",
            "log_count_short", "log_count_long", "log_sum_short", "log_sum_long",
            "new_merchant", "new_country", "card_not_present", "atm", "ecommerce",
            "hour_sin", "hour_cos", "log_history", "log_new_merchants_short", "log_atm_short");
    static final List<String> SUMMARY = List.of(
            "amount", "minutes_since_last", "count_short", "count_long", "sum_long", "transactions");

    /** What "no previous transaction" looks like: a month of silence. */
    private static final double FIRST_GAP_MINUTES = Duration.ofDays(30).toMinutes();
    /** Past this many transactions a card counts as established: the history feature stops growing. */
    static final int ESTABLISHED = 30;
    /** Amounts beyond this are rejected as implausible rather than scored. */
    static final double MAX_AMOUNT = 1e9;

    private final TransactionFeatureConfig config;
    private final FeatureSchema schema;

    public TransactionFeatureExtractor(TransactionFeatureConfig config) {
        this.config = config;
        Map<String, String> params = new LinkedHashMap<>();
        params.put("shortWindow", config.shortWindow().toString());
        params.put("longWindow", config.longWindow().toString());
        params.put("knownMerchants", Integer.toString(config.knownMerchants()));
        params.put("knownCountries", Integer.toString(config.knownCountries()));
        this.schema = new FeatureSchema("transaction", NAMES, params);
    }

    @Override
    public FeatureSchema schema() {
        return schema;
    }

    @Override
    public List<String> summaryNames() {
        return SUMMARY;
    }

    @Override
    public Optional<String> validate(CardTransaction t) {
        if (t.getCardId() == null || t.getCardId().isBlank()) {
            return Optional.of("blank cardId");
        }
        if (!Double.isFinite(t.getAmount())) {
            return Optional.of("amount is not a finite number: " + t.getAmount());
        }
        if (t.getAmount() < 0 || t.getAmount() > MAX_AMOUNT) {
            return Optional.of("amount out of range [0, " + MAX_AMOUNT + "]: " + t.getAmount());
        }
        if (t.getMerchantId() == null || t.getCountry() == null || t.getChannel() == null) {
            return Optional.of("missing merchantId, country or channel");
        }
        return Optional.empty();
    }

    @Override
    public CardHistory newState() {
        return new CardHistory(config.knownMerchants(), config.knownCountries());
    }

    /** A card's very first transaction is already scored: the features say it has no history. */
    @Override
    public boolean isWarm(CardHistory state) {
        return true;
    }

    @Override
    public FeatureVector extractAndUpdate(CardHistory h, CardTransaction t) {
        long time = t.getEventTime().toEpochMilli();
        boolean first = h.transactions == 0;
        double gapMinutes = first ? FIRST_GAP_MINUTES : Math.max(0, time - h.lastEventTime) / 60_000.0;
        double shortDecay = Math.exp(-gapMinutes / minutes(config.shortWindow()));
        double longDecay = Math.exp(-gapMinutes / minutes(config.longWindow()));
        double shortCount = h.shortCount * shortDecay;
        double longCount = h.longCount * longDecay;
        double shortSum = h.shortSum * shortDecay;
        double longSum = h.longSum * longDecay;

        double logAmount = Math.log1p(t.getAmount());
        double amountZ = first ? 0 : (logAmount - h.logAmountMean) / Math.sqrt(h.logAmountVar + 0.0625);
        short merchant = RecentSet.fingerprint(t.getMerchantId());
        short country = RecentSet.fingerprint(t.getCountry());
        double hour = (time % 86_400_000L) / 3_600_000.0;
        Channel channel = t.getChannel();
        boolean newMerchant = !first && !h.merchants.contains(merchant);
        boolean newCountry = !first && !h.countries.contains(country);
        double newMerchants = h.newMerchantsShort * shortDecay + (newMerchant ? 1 : 0);
        double atms = h.atmShort * shortDecay + (channel == Channel.ATM ? 1 : 0);

        float[] f = {
                (float) logAmount,
                (float) Math.max(-50, Math.min(50, amountZ)),
                (float) Math.log1p(gapMinutes),
                (float) Math.log1p(shortCount),
                (float) Math.log1p(longCount),
                (float) Math.log1p(shortSum),
                (float) Math.log1p(longSum),
                newMerchant ? 1f : 0f,
                newCountry ? 1f : 0f,
                t.getCardPresent() ? 0f : 1f,
                channel == Channel.ATM ? 1f : 0f,
                channel == Channel.ECOMMERCE ? 1f : 0f,
                (float) Math.sin(2 * Math.PI * hour / 24),
                (float) Math.cos(2 * Math.PI * hour / 24),
                (float) Math.log1p(Math.min(h.transactions, ESTABLISHED)),
                (float) Math.log1p(newMerchants),
                (float) Math.log1p(atms),
        };
        float[] summary = {
                (float) t.getAmount(), (float) (first ? -1 : gapMinutes),
                (float) shortCount, (float) longCount, (float) longSum, h.transactions + 1L};

        h.shortCount = (float) (shortCount + 1);
        h.longCount = (float) (longCount + 1);
        h.shortSum = (float) (shortSum + t.getAmount());
        h.longSum = (float) (longSum + t.getAmount());
        h.newMerchantsShort = (float) newMerchants;
        h.atmShort = (float) atms;
        foldAmount(h, logAmount, first);
        h.merchants.add(merchant);
        h.countries.add(country);
        h.lastEventTime = Math.max(h.lastEventTime, time);
        if (h.transactions < Integer.MAX_VALUE) {
            h.transactions++;
        }
        return new FeatureVector(f, summary);
    }

    private static double minutes(Duration d) {
        return d.toMillis() / 60_000.0;
    }

    /** Running mean and variance of log amounts: equal weights for the first 20, then an exponential average. */
    private static void foldAmount(CardHistory h, double logAmount, boolean first) {
        if (first) {
            h.logAmountMean = (float) logAmount;
            h.logAmountVar = 0;
            return;
        }
        double alpha = Math.max(1.0 / (h.transactions + 1), 0.05);
        double diff = logAmount - h.logAmountMean;
        double increment = alpha * diff;
        h.logAmountMean = (float) (h.logAmountMean + increment);
        h.logAmountVar = (float) ((1 - alpha) * (h.logAmountVar + diff * increment));
    }

    @Override
    public byte[] serialize(CardHistory state) {
        return state.toBytes();
    }

    @Override
    public CardHistory deserialize(byte[] bytes) {
        return CardHistory.fromBytes(bytes, config.knownMerchants(), config.knownCountries());
    }
}
