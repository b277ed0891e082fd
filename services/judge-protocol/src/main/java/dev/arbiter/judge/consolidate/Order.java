package dev.arbiter.judge.consolidate;

/**
 * The order in which a pair is shown to the judge: FORWARD puts candidate A in position 1,
 * SWAPPED puts candidate B there. The flag {@link #swapped()} is what
 * {@code PairwiseProtocol.render(request, swapped)} takes.
 */
public enum Order {
    FORWARD,
    SWAPPED;

    public boolean swapped() {
        return this == SWAPPED;
    }
}
