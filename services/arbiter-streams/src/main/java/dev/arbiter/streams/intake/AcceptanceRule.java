package dev.arbiter.streams.intake;

import java.util.Optional;

/**
 * A check an intake applies to a decoded item on behalf of a later stage (for example: does
 * the deployed judge profile offer the protocol this item asks for?). The intake knows only this
 * interface, so the front door does not depend on the judging packages that supply the rules.
 *
 * @param <T> the decoded item
 */
@FunctionalInterface
public interface AcceptanceRule<T> {

    /** Why the item cannot be accepted, or empty when it can. */
    Optional<Rejection> check(T item);
}
