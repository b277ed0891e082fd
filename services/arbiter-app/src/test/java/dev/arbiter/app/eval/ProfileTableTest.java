package dev.arbiter.app.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProfileTableTest {

    private static final String LONG = "a-much-longer-profile";
    private static final Map<String, String> PAIRS = Map.of("coding/a", "12", "coding/" + LONG, "7",
            "overall/a", "120", "overall/" + LONG, "9");

    private final ProfileTable<String> table = new ProfileTable<>("group", List.of("coding", "overall"), List.of("a", LONG),
            (row, p) -> row + "/" + p,
            List.of(new ProfileTable.Column<>("pairs", PAIRS::get),
                    new ProfileTable.Column<>("ok", key -> key.startsWith("overall") ? "100.0%" : "-")));

    @Test
    void textAlignsEachColumnToItsWidestCellAndWidensABlockForALongProfileName() {
        assertThat(table.text()).isEqualTo(String.join("\n",
                "group   | a            | a-much-longer-profile",
                "        | pairs     ok |          pairs     ok",
                "coding  |    12      - |              7      -",
                "overall |   120 100.0% |              9 100.0%"));
    }

    @Test
    void markdownHeadsEachBlockWithItsProfileAndHasOneCellPerColumn() {
        assertThat(table.markdown()).isEqualTo("""
                | group | a: pairs | ok | a-much-longer-profile: pairs | ok |
                |---|---|---|---|---|
                | coding | 12 | - | 7 | - |
                | overall | 120 | 100.0% | 9 | 100.0% |
                """);
    }
}
