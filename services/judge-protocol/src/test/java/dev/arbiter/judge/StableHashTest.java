package dev.arbiter.judge;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class StableHashTest {

    @Test
    void unitSamplesTheShareOfKeysItIsComparedWith() {
        long sampled = IntStream.range(0, 20_000).filter(i -> StableHash.unit("prompt-" + i) < 0.05).count();
        // Expected 1000; a binomial over 20,000 keys has a standard deviation of about 31.
        assertThat(sampled).isBetween(900L, 1100L);
    }

    @Test
    void unitStaysInsideTheHalfOpenUnitInterval() {
        assertThat(IntStream.range(0, 10_000).mapToDouble(i -> StableHash.unit("k" + i)))
                .allSatisfy(u -> assertThat(u).isGreaterThanOrEqualTo(0.0).isLessThan(1.0));
    }

    @Test
    void unitIsTheTopFiftyThreeBitsOfThePinnedHash() {
        assertThat(StableHash.unit("pair-2")).isEqualTo((-7289375594761410307L >>> 11) * 0x1.0p-53);
    }

    @Test
    void digestsTellPartsApartHoweverTheyAreSplit() {
        assertThat(StableHash.digest("ab", "c")).isNotEqualTo(StableHash.digest("a", "bc"));
        assertThat(StableHash.digest("same", "text")).isEqualTo(StableHash.digest("same", "text")).hasSize(64);
    }
}
