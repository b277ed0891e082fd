package dev.arbiter.judge.consolidate;

import dev.arbiter.judge.StableHash;
import java.util.List;
import java.util.Objects;

/**
 * Which presentation orders a pair is judged in. BOTH (the default) is the remedy for position
 * bias that MT-Bench and Auto-J describe and costs two judge calls per pair. RANDOM_ONE halves
 * the cost and spreads the bias evenly over A and B instead of removing it, as TRL's pairwise
 * judges do; the order is derived from a key the caller chooses (e.g. the two candidate ids),
 * so a replay of the same pair picks the same order. FIXED always shows A first, for judges
 * evaluated without swapping.
 */
public enum OrderPolicy {
    BOTH,
    RANDOM_ONE,
    FIXED;

    /**
     * The orders to judge, FORWARD first when both are judged.
     *
     * @param pairKey stable identity of the pair; only RANDOM_ONE reads it
     */
    public List<Order> orders(String pairKey) {
        return switch (this) {
            case BOTH -> List.of(Order.FORWARD, Order.SWAPPED);
            case FIXED -> List.of(Order.FORWARD);
            case RANDOM_ONE -> List.of((StableHash.of(Objects.requireNonNull(pairKey, "pairKey")) & 1L) == 0 ? Order.FORWARD : Order.SWAPPED);
        };
    }
}
