package dev.arbiter.app.eval;

import dev.arbiter.judge.scenario.ScenarioGroups;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.BiFunction;

/**
 * The evaluation's tables: overall and per scenario group, profiles in adjacent columns, as
 * plain text for the terminal and as Markdown for {@code report.md} (which adds the per-scenario
 * table, the profiles' agreement with each other and the pairs where they differ). Pure: judged
 * pairs in, text out.
 */
public final class EvalReport {

    private static final EvalMetrics.Counts NONE = EvalMetrics.of(List.of());

    private final Map<String, List<PairJudgement>> byProfile;
    /** Per profile, its counts per group with "overall" last, and per scenario: counted once. */
    private final Map<String, Map<String, EvalMetrics.Counts>> byGroup = new LinkedHashMap<>();
    private final Map<String, Map<String, EvalMetrics.Counts>> byScenario = new LinkedHashMap<>();

    /** @param byProfile each profile's judged pairs, in the order the profiles were named */
    public EvalReport(Map<String, List<PairJudgement>> byProfile, ScenarioGroups groups) {
        this.byProfile = new LinkedHashMap<>(byProfile);
        this.byProfile.forEach((profile, list) -> {
            Map<String, EvalMetrics.Counts> rows = new LinkedHashMap<>(EvalMetrics.byGroup(list, groups));
            rows.put("overall", EvalMetrics.of(list));
            byGroup.put(profile, rows);
            byScenario.put(profile, EvalMetrics.byScenario(list));
        });
    }

    /** Group names present in any profile's results, then "overall". */
    public List<String> rows() {
        TreeSet<String> names = new TreeSet<>();
        byGroup.values().forEach(rows -> names.addAll(rows.keySet()));
        names.remove("overall");
        List<String> rows = new ArrayList<>(names);
        rows.add("overall");
        return rows;
    }

    /** The counts of one profile on one row ("overall" or a group name). */
    public EvalMetrics.Counts counts(String profile, String row) {
        return byGroup.get(profile).getOrDefault(row, NONE);
    }

    public List<String> profiles() {
        return List.copyOf(byProfile.keySet());
    }

    /** Agreement / consistency (and the number of pairs) per group, one column block per profile. */
    public String table() {
        return new ProfileTable<>("scenario group", rows(), profiles(), (row, profile) -> counts(profile, row), List.of(
                new ProfileTable.Column<EvalMetrics.Counts>("pairs", c -> String.valueOf(c.pairs())),
                new ProfileTable.Column<>("agreement", c -> pct(c.agreement())),
                new ProfileTable.Column<>("consistency", c -> pct(c.consistency())),
                new ProfileTable.Column<>("first", c -> pct(c.firstPositionWinRate())))).text();
    }

    /** The whole report in Markdown; {@code charts} are image file names next to it. */
    public String markdown(String source, List<String> problems, List<String> charts) {
        StringBuilder md = new StringBuilder("# Judge evaluation\n\n");
        md.append("Pairs from `").append(source).append("`, each judged in both orders. Measures as defined by Auto-J's ")
                .append("`codes/leaderboard/pairwise_eval.py`: agreement = both orders match the label; consistency = the ")
                .append("verdict survives the swap. See docs/evaluation.md.\n\n");
        if (!problems.isEmpty()) {
            md.append("Lines skipped (").append(problems.size()).append("):\n\n");
            problems.forEach(p -> md.append("- ").append(p).append('\n'));
            md.append('\n');
        }
        md.append("## Per scenario group\n\n");
        md.append(section(rows(), (row, profile) -> counts(profile, row)));
        md.append("\n## Per scenario\n\n");
        TreeSet<String> scenarios = new TreeSet<>();
        byScenario.values().forEach(rows -> scenarios.addAll(rows.keySet()));
        md.append(section(new ArrayList<>(scenarios), (scenario, profile) -> byScenario.get(profile).getOrDefault(scenario, NONE)));
        List<String> names = profiles();
        if (names.size() > 1) {
            md.append("\n## Between profiles\n\n| profiles | pairs | same verdict | lines that differ |\n|---|---|---|---|\n");
            for (int i = 0; i < names.size(); i++) {
                for (int j = i + 1; j < names.size(); j++) {
                    EvalMetrics.InterJudge ij = EvalMetrics.between(byProfile.get(names.get(i)), byProfile.get(names.get(j)));
                    md.append("| ").append(names.get(i)).append(" vs ").append(names.get(j)).append(" | ").append(ij.pairs())
                            .append(" | ").append(pct(ij.agreement())).append(" | ")
                            .append(ij.differingLines().stream().limit(30).map(String::valueOf).reduce((a, b) -> a + ", " + b).orElse("-"))
                            .append(ij.differingLines().size() > 30 ? ", …" : "").append(" |\n");
                }
            }
        }
        if (!charts.isEmpty()) {
            md.append("\n## Charts\n\n");
            charts.forEach(c -> md.append("![").append(c).append("](").append(c).append(")\n\n"));
        }
        return md.toString();
    }

    /** @param counts a profile's counts on a row, as {@code counts(row, profile)} */
    private String section(List<String> rows, BiFunction<String, String, EvalMetrics.Counts> counts) {
        return new ProfileTable<>("row", rows, profiles(), counts, List.of(
                new ProfileTable.Column<EvalMetrics.Counts>("pairs", c -> String.valueOf(c.pairs())),
                new ProfileTable.Column<>("agreement", c -> pct(c.agreement())),
                new ProfileTable.Column<>("consistency", c -> pct(c.consistency())),
                new ProfileTable.Column<>("first-order agreement", c -> pct(c.firstOrderAgreement())),
                new ProfileTable.Column<>("first position wins", c -> pct(c.firstPositionWinRate())),
                new ProfileTable.Column<>("ties", c -> pct(c.tieRate())),
                new ProfileTable.Column<>("parse failures", c -> String.valueOf(c.parseFailures())))).markdown();
    }

    static String pct(Optional<Double> share) {
        return share.map(v -> String.format(Locale.ROOT, "%.1f%%", 100 * v)).orElse("-");
    }
}
