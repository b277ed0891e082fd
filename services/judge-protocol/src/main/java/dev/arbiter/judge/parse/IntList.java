package dev.arbiter.judge.parse;

import java.util.Arrays;

/**
 * A growable list of ints. The quoting scanners record positions (quote marks, backtick runs,
 * spans) by the thousand on adversarial text; boxing each one would cost more than reading it.
 */
final class IntList {

    private int[] values = new int[8];
    private int size;

    void add(int value) {
        if (size == values.length) values = Arrays.copyOf(values, size * 2);
        values[size++] = value;
    }

    int get(int i) {
        return values[i];
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    int last() {
        return values[size - 1];
    }

    int[] toArray() {
        return Arrays.copyOf(values, size);
    }
}
