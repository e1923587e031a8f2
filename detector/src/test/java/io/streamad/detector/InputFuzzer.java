package io.streamad.detector;

import io.streamad.avro.StreamKind;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Fuzzed input from a seed: random byte arrays and valid records with bit flips, truncations, inserted
 * bytes and corrupted length prefixes, on both input topics, with a good record every fifth input.
 */
public final class InputFuzzer {

    /** One input record; {@code good} ones must be scored. */
    public record Input(StreamKind kind, byte[] key, byte[] value, Instant timestamp, boolean good) {
    }

    private final Random random;
    private int readings;
    private int transactions;

    public InputFuzzer(long seed) {
        this.random = new Random(seed);
    }

    /** {@code count} inputs stamped {@code timestamp}. */
    public List<Input> inputs(int count, Instant timestamp) {
        List<Input> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            StreamKind kind = random.nextInt(3) == 0 ? StreamKind.TRANSACTION : StreamKind.SENSOR;
            byte[] key = (kind == StreamKind.SENSOR ? BadInput.SENSOR : BadInput.CARD).getBytes(StandardCharsets.UTF_8);
            byte[] valid = kind == StreamKind.SENSOR
                    ? BadInput.encode(BadInput.goodReading(readings++, random))
                    : BadInput.encode(BadInput.goodTransaction(transactions++));
            if (i % 5 == 0) {
                out.add(new Input(kind, key, valid, timestamp, true));
            } else {
                out.add(new Input(kind, key, fuzz(valid), timestamp, false));
            }
        }
        return out;
    }

    private byte[] fuzz(byte[] valid) {
        return switch (random.nextInt(6)) {
            case 0 -> randomBytes(random.nextInt(200));
            case 1 -> header(valid, randomBytes(random.nextInt(60)));
            case 2 -> flipBits(valid, 1 + random.nextInt(4));
            case 3 -> Arrays.copyOf(valid, random.nextInt(valid.length));
            case 4 -> insert(valid, randomBytes(1 + random.nextInt(8)));
            default -> corruptVarint(valid);
        };
    }

    private byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    /** The valid record's header (marker and schema fingerprint) over a random body. */
    private static byte[] header(byte[] valid, byte[] body) {
        byte[] out = Arrays.copyOf(valid, 10 + body.length);
        System.arraycopy(body, 0, out, 10, body.length);
        return out;
    }

    private byte[] flipBits(byte[] valid, int flips) {
        byte[] out = valid.clone();
        for (int i = 0; i < flips; i++) {
            int bit = random.nextInt(out.length * 8);
            out[bit / 8] ^= (byte) (1 << (bit % 8));
        }
        return out;
    }

    private byte[] insert(byte[] valid, byte[] extra) {
        int at = random.nextInt(valid.length + 1);
        byte[] out = new byte[valid.length + extra.length];
        System.arraycopy(valid, 0, out, 0, at);
        System.arraycopy(extra, 0, out, at, extra.length);
        System.arraycopy(valid, at, out, at + extra.length, valid.length - at);
        return out;
    }

    /** Replaces one body byte with a long varint: a huge, negative or overlong length or count prefix. */
    private byte[] corruptVarint(byte[] valid) {
        int at = 10 + random.nextInt(Math.max(1, valid.length - 10));
        byte[] prefix = switch (random.nextInt(4)) {
            case 0 -> new byte[] {(byte) 0xFE, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x0F};   // 2^31 - 1
            case 1 -> new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x0F};   // -2^31
            case 2 -> new byte[] {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x40}; // 2^40
            default -> new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF,
                    (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x01};   // longer than a long
        };
        byte[] out = new byte[valid.length - 1 + prefix.length];
        System.arraycopy(valid, 0, out, 0, at);
        System.arraycopy(prefix, 0, out, at, prefix.length);
        System.arraycopy(valid, at + 1, out, at + prefix.length, valid.length - at - 1);
        return out;
    }
}
