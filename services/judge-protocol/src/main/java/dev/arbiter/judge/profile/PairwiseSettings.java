package dev.arbiter.judge.profile;

import dev.arbiter.judge.consolidate.Consolidation;
import dev.arbiter.judge.consolidate.OrderPolicy;
import java.util.Objects;

/**
 * A profile's defaults for running its pairwise protocol: which orders to judge a pair in and
 * how to reconcile them. Configured with {@code protocol.PAIRWISE.order-policy} and
 * {@code protocol.PAIRWISE.consolidation}; both orders with the conservative rule unless a
 * deployment opts out.
 */
public record PairwiseSettings(OrderPolicy orderPolicy, Consolidation consolidation) {

    public static final PairwiseSettings DEFAULT = new PairwiseSettings(OrderPolicy.BOTH, Consolidation.CONSERVATIVE);

    public PairwiseSettings {
        Objects.requireNonNull(orderPolicy, "orderPolicy");
        Objects.requireNonNull(consolidation, "consolidation");
    }
}
