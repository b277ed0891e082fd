package dev.arbiter.app.eval;

import dev.arbiter.judge.scenario.ScenarioGroups;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The single-grading evaluation's table: per scenario group and overall, for each profile, how
 * many responses were graded, how many got a usable rating, and the Pearson and Spearman
 * correlation of the judge's rating with the human one (over the rated ones). Pure.
 */
public final class RatingReport {

    private final Map<String, List<RatingJudgement>> byProfile;
    private final ScenarioGroups groups;

    public RatingReport(Map<String, List<RatingJudgement>> byProfile, ScenarioGroups groups) {
        this.byProfile = new LinkedHashMap<>(byProfile);
        this.groups = groups;
    }

    /** Correlations of one subset. */
    public record Row(int responses, int rated, Optional<Double> pearson, Optional<Double> spearman) {}

    public List<String> rows() {
        TreeSet<String> names = new TreeSet<>();
        byProfile.values().forEach(l -> l.forEach(j -> names.add(groups.groupOf(Optional.of(j.scenario())))));
        List<String> rows = new ArrayList<>(names);
        rows.add("overall");
        return rows;
    }

    public Row row(String profile, String row) {
        List<RatingJudgement> subset = byProfile.get(profile).stream()
                .filter(j -> row.equals("overall") || groups.groupOf(Optional.of(j.scenario())).equals(row)).toList();
        List<RatingJudgement> rated = subset.stream().filter(j -> j.judgeRating() != null).toList();
        double[] human = rated.stream().mapToDouble(RatingJudgement::humanRating).toArray();
        double[] judge = rated.stream().mapToDouble(RatingJudgement::judgeRating).toArray();
        return new Row(subset.size(), rated.size(), Correlation.pearson(judge, human), Correlation.spearman(judge, human));
    }

    public String table() {
        return table("scenario group").text();
    }

    public String markdown(String source, List<String> problems) {
        StringBuilder md = new StringBuilder("# Judge evaluation: single grading\n\nResponses from `").append(source)
                .append("`, graded with each profile's single-grading template; Pearson's r and Spearman's ρ of the judge's ")
                .append("rating against the human rating, over the responses with a usable rating. See docs/evaluation.md.\n\n");
        problems.forEach(p -> md.append("- skipped ").append(p).append('\n'));
        return md.append('\n').append(table("group").markdown()).toString();
    }

    private ProfileTable<Row> table(String rowHeader) {
        return new ProfileTable<>(rowHeader, rows(), List.copyOf(byProfile.keySet()), (row, profile) -> row(profile, row), List.of(
                new ProfileTable.Column<Row>("responses", r -> String.valueOf(r.responses())),
                new ProfileTable.Column<>("rated", r -> String.valueOf(r.rated())),
                new ProfileTable.Column<>("pearson", r -> num(r.pearson())),
                new ProfileTable.Column<>("spearman", r -> num(r.spearman()))));
    }

    private static String num(Optional<Double> v) {
        return v.map(d -> String.format(Locale.ROOT, "%.3f", d)).orElse("-");
    }
}
