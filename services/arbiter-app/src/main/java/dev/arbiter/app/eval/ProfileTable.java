package dev.arbiter.app.eval;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The one layout every evaluation report uses: a row label, then for each judge profile the same
 * columns side by side, so two profiles compare along a line. As fixed-width text for the
 * terminal each column is as wide as its header or its widest value, values right-aligned, with
 * the profile's name over its block; as Markdown the first column of a block is headed
 * "profile: column" so the table reads without the text version's second header line. Pure: each
 * (row, profile) pair's figures ({@code T}) are computed once, and every column shows one of them.
 *
 * @param <T> what one profile has on one row (counts, correlations)
 */
final class ProfileTable<T> {

    /** One column of a profile's block: its header, and how it shows that profile's figures on a row. */
    record Column<T>(String header, Function<T, String> cell) {}

    private final String rowHeader;
    private final List<String> rows;
    private final List<String> profiles;
    private final List<Column<T>> columns;
    /** cells.get(row).get(profile).get(column) */
    private final List<List<List<String>>> cells = new ArrayList<>();

    /** @param figures a profile's figures on a row, asked for as {@code figures(row, profile)} */
    ProfileTable(String rowHeader, List<String> rows, List<String> profiles, BiFunction<String, String, T> figures,
                 List<Column<T>> columns) {
        if (columns.isEmpty()) throw new IllegalArgumentException("a table needs at least one column");
        this.rowHeader = rowHeader;
        this.rows = List.copyOf(rows);
        this.profiles = List.copyOf(profiles);
        this.columns = List.copyOf(columns);
        for (String row : this.rows) {
            List<List<String>> line = new ArrayList<>();
            for (String profile : this.profiles) {
                T f = figures.apply(row, profile);
                line.add(this.columns.stream().map(c -> c.cell().apply(f)).toList());
            }
            cells.add(line);
        }
    }

    String text() {
        int labelWidth = rowHeader.length();
        for (String row : rows) labelWidth = Math.max(labelWidth, row.length());
        int[][] widths = new int[profiles.size()][columns.size()];
        for (int p = 0; p < profiles.size(); p++) {
            int block = -1;
            for (int c = 0; c < columns.size(); c++) {
                int w = columns.get(c).header().length();
                for (List<List<String>> line : cells) w = Math.max(w, line.get(p).get(c).length());
                widths[p][c] = w;
                block += w + 1;
            }
            // A profile name wider than its columns widens the block's first column.
            widths[p][0] += Math.max(0, profiles.get(p).length() - block);
        }
        StringBuilder out = new StringBuilder(pad(rowHeader, labelWidth, true));
        for (int p = 0; p < profiles.size(); p++) {
            int block = columns.size() - 1;
            for (int w : widths[p]) block += w;
            out.append(" | ").append(pad(profiles.get(p), block, true));
        }
        out.append('\n').append(pad("", labelWidth, true));
        for (int p = 0; p < profiles.size(); p++) {
            List<String> headers = columns.stream().map(Column::header).toList();
            out.append(" | ").append(joined(headers, widths[p]));
        }
        for (int r = 0; r < rows.size(); r++) {
            out.append('\n').append(pad(rows.get(r), labelWidth, true));
            for (int p = 0; p < profiles.size(); p++) out.append(" | ").append(joined(cells.get(r).get(p), widths[p]));
        }
        return out.toString();
    }

    String markdown() {
        StringBuilder md = new StringBuilder("| ").append(rowHeader);
        for (String profile : profiles) {
            for (int c = 0; c < columns.size(); c++) {
                md.append(" | ").append(c == 0 ? profile + ": " : "").append(columns.get(c).header());
            }
        }
        md.append(" |\n|---").append(String.join("", Collections.nCopies(profiles.size() * columns.size(), "|---"))).append("|\n");
        for (int r = 0; r < rows.size(); r++) {
            md.append("| ").append(rows.get(r));
            for (List<String> block : cells.get(r)) block.forEach(v -> md.append(" | ").append(v));
            md.append(" |\n");
        }
        return md.toString();
    }

    private static String joined(List<String> values, int[] widths) {
        StringBuilder s = new StringBuilder();
        for (int c = 0; c < values.size(); c++) {
            if (c > 0) s.append(' ');
            s.append(pad(values.get(c), widths[c], false));
        }
        return s.toString();
    }

    private static String pad(String s, int width, boolean left) {
        String fill = " ".repeat(Math.max(0, width - s.length()));
        return left ? s + fill : fill + s;
    }
}
