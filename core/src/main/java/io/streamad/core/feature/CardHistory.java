package io.streamad.core.feature;

import java.nio.ByteBuffer;

/**
 * A card's recent history: time of the last transaction, exponentially decayed transaction counts
 * and sums over a short and a long window, the running level of log amounts, the recently seen
 * merchants and countries (as 16-bit fingerprints), and short-window velocity counts of new merchants
 * and ATM withdrawals. 47 bytes plus 2 per remembered merchant or country: 87 with the default 16 and 4,
 * so a million cards keep their histories in under 100 MB of store. Format 3 reads format 2; a build
 * before format 3 cannot read it back, so going back to one means starting the card stores afresh.
 */
public final class CardHistory {

    private static final byte FORMAT = 3;
    /** The format before fingerprints: an 8-byte count and 4-byte hashes; read back into this one. */
    private static final byte FORMAT_WITH_HASHES = 2;

    /** Saturates at {@link Integer#MAX_VALUE}; the features stop growing at 30. */
    int transactions;
    long lastEventTime;
    float shortCount;
    float longCount;
    float shortSum;
    float longSum;
    float logAmountMean;
    float logAmountVar;
    float newMerchantsShort;
    float atmShort;
    RecentSet merchants;
    RecentSet countries;

    CardHistory(int knownMerchants, int knownCountries) {
        this.merchants = new RecentSet(knownMerchants);
        this.countries = new RecentSet(knownCountries);
    }

    /** How many transactions this card has made. */
    public long transactions() {
        return transactions;
    }

    byte[] toBytes() {
        ByteBuffer buf = ByteBuffer.allocate(1 + 4 + 8 + 8 * 4 + merchants.serializedSize() + countries.serializedSize());
        buf.put(FORMAT).putInt(transactions).putLong(lastEventTime)
                .putFloat(shortCount).putFloat(longCount).putFloat(shortSum).putFloat(longSum)
                .putFloat(logAmountMean).putFloat(logAmountVar).putFloat(newMerchantsShort).putFloat(atmShort);
        merchants.writeTo(buf);
        countries.writeTo(buf);
        return buf.array();
    }

    static CardHistory fromBytes(byte[] bytes, int knownMerchants, int knownCountries) {
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        byte format = buf.get();
        if (format != FORMAT && format != FORMAT_WITH_HASHES) {
            throw new IllegalArgumentException("unknown card history format " + format);
        }
        boolean hashes = format == FORMAT_WITH_HASHES;
        CardHistory h = new CardHistory(knownMerchants, knownCountries);
        h.transactions = hashes ? (int) Math.min(buf.getLong(), Integer.MAX_VALUE) : buf.getInt();
        h.lastEventTime = buf.getLong();
        h.shortCount = buf.getFloat();
        h.longCount = buf.getFloat();
        h.shortSum = buf.getFloat();
        h.longSum = buf.getFloat();
        h.logAmountMean = buf.getFloat();
        h.logAmountVar = buf.getFloat();
        h.newMerchantsShort = buf.getFloat();
        h.atmShort = buf.getFloat();
        h.merchants = hashes ? RecentSet.readHashes(buf, knownMerchants) : RecentSet.readFrom(buf, knownMerchants);
        h.countries = hashes ? RecentSet.readHashes(buf, knownCountries) : RecentSet.readFrom(buf, knownCountries);
        return h;
    }
}
