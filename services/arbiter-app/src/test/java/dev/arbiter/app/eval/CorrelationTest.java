package dev.arbiter.app.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class CorrelationTest {

    @Test
    void pearsonOfAHandWorkedExample() {
        // x = 1,2,3,4; y = 2,4,5,4: means 2.5 and 3.75; sxy = 3.5, sxx = 5, syy = 4.75.
        assertThat(Correlation.pearson(new double[] {1, 2, 3, 4}, new double[] {2, 4, 5, 4}))
                .hasValueSatisfying(r -> assertThat(r).isCloseTo(3.5 / Math.sqrt(5 * 4.75), within(1e-12)));
    }

    @Test
    void spearmanRanksTiesByTheirAverageAndIgnoresTheScale() {
        assertThat(Correlation.ranks(new double[] {10, 20, 20, 5})).containsExactly(2, 3.5, 3.5, 1);
        assertThat(Correlation.spearman(new double[] {1, 2, 3, 4}, new double[] {1, 8, 27, 64})).contains(1.0);
        assertThat(Correlation.spearman(new double[] {1, 2, 3}, new double[] {3, 2, 1})).contains(-1.0);
    }

    @Test
    void noCorrelationWithoutVariationOrWithFewerThanTwoPoints() {
        assertThat(Correlation.pearson(new double[] {1, 1, 1}, new double[] {1, 2, 3})).isEmpty();
        assertThat(Correlation.pearson(new double[] {1}, new double[] {1})).isEmpty();
    }
}
