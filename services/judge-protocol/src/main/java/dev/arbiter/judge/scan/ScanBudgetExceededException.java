package dev.arbiter.judge.scan;

/**
 * A scan read more characters than its {@link ScanBudget} allows. Thrown only by
 * {@link GuardedText}; the scanner's caller turns it into a result for the one item (a failed
 * verdict, a flag, a dead letter) so the stream goes on.
 */
public final class ScanBudgetExceededException extends RuntimeException {

    ScanBudgetExceededException(String scanner, int textLength, long budget) {
        super(scanner + " exceeded its scan budget of " + budget + " character reads on a text of "
                + textLength + " characters");
    }
}
