package io.streamad.detector.embedded;

import io.streamad.avro.CardTransaction;
import io.streamad.avro.Channel;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.SplittableRandom;

/**
 * An endless, time-ordered stream of card transactions from a population of cardholders with habits
 * (home country, favourite merchants, usual amounts, daily rhythm), with fraud injected now and then
 * in three well-known patterns. Deterministic for a given seed. Every transaction says whether it is
 * fraud, so tests and the demo can check what the detector found.
 */
public final class CardSimulator implements Iterator<CardSimulator.Labelled> {

    /** The fraud patterns the simulator injects. */
    public enum Pattern {
        /** Many tiny card-not-present purchases at new merchants within minutes. */
        CARD_TESTING,
        /** A few very large purchases at new merchants abroad. */
        ACCOUNT_TAKEOVER,
        /** Several ATM withdrawals abroad within an hour. */
        ATM_CASH_OUT
    }

    /**
     * One transaction and, for fraud, the incident it belongs to.
     *
     * @param transaction the transaction
     * @param incident    null for a genuine transaction, else an id shared by the incident's transactions
     * @param pattern     null for a genuine transaction
     */
    public record Labelled(CardTransaction transaction, String incident, Pattern pattern) {
        public boolean fraud() {
            return incident != null;
        }
    }

    private static final String[] COUNTRIES = {"DE", "FR", "NL", "BE", "AT", "ES", "IT", "PL"};
    private static final String[] FOREIGN = {"BR", "NG", "RU", "VN", "US", "TH", "MX", "ID"};
    private static final String[] CATEGORIES = {"5411", "5812", "5541", "5912", "5311", "4121", "5999", "5814"};

    private final SplittableRandom random;
    private final List<Card> cards = new ArrayList<>();
    private final PriorityQueue<Labelled> pending =
            new PriorityQueue<>((a, b) -> a.transaction().getEventTime().compareTo(b.transaction().getEventTime()));
    private final double fraudPerDay;
    private Instant nextFraud;
    private long sequence;
    private int incidents;

    /**
     * @param cards       how many cardholders
     * @param start       simulated time of the first transaction
     * @param fraudPerDay how many fraud incidents per simulated day across all cards (0 for none)
     * @param fraudFrom   no fraud before this time: the clean history a model is first trained on
     * @param seed        makes the stream reproducible
     */
    public CardSimulator(int cards, Instant start, double fraudPerDay, Instant fraudFrom, long seed) {
        this.random = new SplittableRandom(seed);
        this.fraudPerDay = fraudPerDay;
        for (int i = 0; i < cards; i++) {
            Card card = new Card(i, new Random(random.nextLong()));
            card.next = start.plus(card.gap());
            this.cards.add(card);
            pending.add(card.genuine(sequence++));
        }
        Instant first = fraudFrom.isAfter(start) ? fraudFrom : start;
        this.nextFraud = fraudPerDay > 0 ? first.plus(exponential(Duration.ofDays(1).toMillis() / fraudPerDay)) : Instant.MAX;
    }

    @Override
    public boolean hasNext() {
        return true;
    }

    @Override
    public Labelled next() {
        Labelled head = pending.peek();
        if (head == null) {
            throw new NoSuchElementException();
        }
        if (nextFraud.isBefore(head.transaction().getEventTime())) {
            injectFraud(nextFraud);
            nextFraud = nextFraud.plus(exponential(Duration.ofDays(1).toMillis() / fraudPerDay));
            return next();
        }
        pending.poll();
        if (head.incident() == null) {
            Card card = cards.get(Integer.parseInt(head.transaction().getCardId().substring(5)));
            card.next = head.transaction().getEventTime().plus(card.gap());
            pending.add(card.genuine(sequence++));
        }
        return head;
    }

    /** How many fraud incidents have been injected so far. */
    public int incidents() {
        return incidents;
    }

    private Duration exponential(double meanMillis) {
        return Duration.ofMillis((long) (-Math.log(1 - random.nextDouble()) * meanMillis));
    }

    private void injectFraud(Instant at) {
        Card card = cards.get(random.nextInt(cards.size()));
        Pattern pattern = Pattern.values()[random.nextInt(Pattern.values().length)];
        String incident = "fraud-" + (++incidents);
        String country = FOREIGN[random.nextInt(FOREIGN.length)];
        Instant t = at;
        int count = switch (pattern) {
            case CARD_TESTING -> 6 + random.nextInt(10);
            case ACCOUNT_TAKEOVER -> 2 + random.nextInt(3);
            case ATM_CASH_OUT -> 3 + random.nextInt(4);
        };
        for (int i = 0; i < count; i++) {
            CardTransaction txn = switch (pattern) {
                case CARD_TESTING -> card.transaction(sequence++, t, "web-" + random.nextInt(1_000_000), "5999",
                        0.5 + random.nextDouble() * 2.5, Channel.ECOMMERCE, country, false);
                case ACCOUNT_TAKEOVER -> card.transaction(sequence++, t, "lux-" + random.nextInt(1_000_000), "5944",
                        card.medianAmount * (15 + random.nextDouble() * 35), Channel.ECOMMERCE, country, false);
                case ATM_CASH_OUT -> card.transaction(sequence++, t, "atm-" + random.nextInt(1_000_000), "6011",
                        200 + 50 * random.nextInt(7), Channel.ATM, country, true);
            };
            pending.add(new Labelled(txn, incident, pattern));
            t = t.plus(switch (pattern) {
                case CARD_TESTING -> Duration.ofSeconds(10 + random.nextInt(60));
                case ACCOUNT_TAKEOVER -> Duration.ofMinutes(2 + random.nextInt(10));
                case ATM_CASH_OUT -> Duration.ofMinutes(5 + random.nextInt(15));
            });
        }
    }

    /** A cardholder and their habits. */
    private static final class Card {
        final String id;
        final String account;
        final String home;
        final String[] merchants;
        final String[] merchantCategories;
        final double medianAmount;
        final double perDay;
        final Random random;
        Instant next;

        Card(int index, Random random) {
            this.random = random;
            this.id = "card-" + index;
            this.account = "acct-" + (index / 2);
            this.home = COUNTRIES[random.nextInt(COUNTRIES.length)];
            int favourites = 4 + random.nextInt(9);
            this.merchants = new String[favourites];
            this.merchantCategories = new String[favourites];
            for (int i = 0; i < favourites; i++) {
                int m = random.nextInt(400);
                merchants[i] = "m-" + home + "-" + m;
                merchantCategories[i] = CATEGORIES[m % CATEGORIES.length];
            }
            this.medianAmount = Math.exp(2.5 + random.nextDouble() * 2);
            this.perDay = 0.5 + random.nextDouble() * 4.5;
        }

        /** Time to the next purchase: exponential, slower at night (UTC 23:00-07:00). */
        Duration gap() {
            double mean = Duration.ofDays(1).toMillis() / perDay;
            long gap = (long) (-Math.log(1 - random.nextDouble()) * mean);
            Instant candidate = next == null ? Instant.EPOCH : next.plusMillis(gap);
            int hour = (int) ((candidate.toEpochMilli() / 3_600_000L) % 24);
            if ((hour >= 23 || hour < 7) && random.nextDouble() < 0.8) {
                gap += Duration.ofHours(8).toMillis();
            }
            return Duration.ofMillis(Math.max(30_000, gap));
        }

        Labelled genuine(long sequence) {
            double u = random.nextDouble();
            Channel channel = u < 0.55 ? Channel.POS : u < 0.82 ? Channel.CONTACTLESS : u < 0.97 ? Channel.ECOMMERCE : Channel.ATM;
            boolean usual = random.nextDouble() < 0.93;
            int pick = random.nextInt(merchants.length);
            String merchant = usual ? merchants[pick] : "m-" + home + "-" + (400 + random.nextInt(5000));
            String category = usual ? merchantCategories[pick] : CATEGORIES[random.nextInt(CATEGORIES.length)];
            String country = random.nextDouble() < 0.01 ? COUNTRIES[random.nextInt(COUNTRIES.length)] : home;
            double amount = channel == Channel.ATM
                    ? 20 * (1 + random.nextInt(10))
                    : Math.round(medianAmount * Math.exp(0.6 * random.nextGaussian()) * 100) / 100.0;
            return new Labelled(transaction(sequence, next, merchant, category, amount, channel, country,
                    channel != Channel.ECOMMERCE), null, null);
        }

        CardTransaction transaction(long sequence, Instant at, String merchant, String category, double amount,
                                    Channel channel, String country, boolean present) {
            return CardTransaction.newBuilder()
                    .setTransactionId("tx-" + sequence)
                    .setCardId(id)
                    .setAccountId(account)
                    .setMerchantId(merchant)
                    .setMerchantCategory(category)
                    .setAmount(amount)
                    .setCurrency("EUR")
                    .setEventTime(at)
                    .setChannel(channel)
                    .setCountry(country)
                    .setCity(null)
                    .setCardPresent(present)
                    .build();
        }
    }
}
