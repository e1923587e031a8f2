package io.streamad.detector.topology;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PendingRowTest {

    private final PendingRow row = new PendingRow(42, "pump-1", "sensor-readings", 3, 1234, 1_700_000_000_000L,
            1_700_000_000_500L, true, "sensor:abc", new float[] {1.5f, -2f}, new float[] {20f, 19.5f, 0.3f, 17f}, 0.25f, 140);

    /** The row as an earlier format wrote it: the same fields without the trailing ones added since. */
    private byte[] earlierFormat(int format, int trailingBytes) {
        byte[] bytes = row.toBytes();
        byte[] old = Arrays.copyOf(bytes, bytes.length - trailingBytes);
        old[0] = (byte) format;
        return old;
    }

    @Test
    void shouldReadBackEveryField() {
        PendingRow back = PendingRow.fromBytes(row.toBytes());

        assertThat(back).usingRecursiveComparison().isEqualTo(row);
    }

    @Test
    void shouldReadARowQueuedBeforeTheRangeWasKeptAsWithinIt() {
        // format 2: the same fields without the trailing range (and run)
        PendingRow back = PendingRow.fromBytes(earlierFormat(2, 8));

        assertThat(back.beyondRange()).isZero();
        assertThat(back.stuckRun()).isZero();
        assertThat(back.features()).containsExactly(row.features());
        assertThat(back.summary()).containsExactly(row.summary());
    }

    @Test
    void shouldReadARowQueuedBeforeRunsWereKeptAsInNoRecordRun() {
        // format 3: the same fields without the trailing run
        PendingRow back = PendingRow.fromBytes(earlierFormat(3, 4));

        assertThat(back.beyondRange()).isEqualTo(row.beyondRange());
        assertThat(back.stuckRun()).isZero();
        assertThat(back.features()).containsExactly(row.features());
    }

    @Test
    void shouldRefuseAnUnknownFormat() {
        byte[] bytes = row.toBytes();
        ByteBuffer.wrap(bytes).put((byte) 9);

        assertThatThrownBy(() -> PendingRow.fromBytes(bytes)).hasMessageContaining("unknown pending row format 9");
    }
}
