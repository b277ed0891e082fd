package dev.arbiter.devkit.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arbiter.app.config.ConfigLoader;
import dev.arbiter.app.eval.EvalCommand;
import dev.arbiter.app.eval.PairJudgement;
import dev.arbiter.app.eval.ResultsLog;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code eval} end to end against the development judge over gRPC, on a labelled set written for
 * the test: 120 pairs over six Auto-J scenario groups, each with a clear winner (a careful answer
 * against a hedge, sides alternating). With position bias p the judge names the first-shown
 * response with probability p, so consistency is 1 − p: exactly 1 at p = 0, and within 0.14 of
 * 0.6 at p = 0.4 (three standard deviations of a binomial over 120 pairs). The prompts do not
 * depend on the run, so each run measures the same values.
 */
class EvalCommandIntegrationTest {

    private static final int PAIRS = 120;
    private static final List<String> SCENARIOS = List.of("code_generation", "post_summarization", "math_reasoning",
            "text_to_text_translation", "writing_cooking_recipe", "chitchat");
    private static final String CAREFUL = "Here is a careful answer.\n\n1. First, the key mechanism and why it matters.\n"
            + "2. Second, a worked example with numbers.\n3. Finally, the common misconception and why it is wrong.";
    private static final String WEAK = "I am not sure.";

    private static Path labelledSet(Path dir) throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < PAIRS; i++) {
            boolean firstBetter = i % 2 == 0;
            lines.add(json.writeValueAsString(Map.of("scenario", SCENARIOS.get(i % SCENARIOS.size()), "label", firstBetter ? 0 : 1,
                    "prompt", "Question " + i + ": explain how mechanism number " + i + " works in practice.",
                    "response 1", firstBetter ? CAREFUL : WEAK, "response 2", firstBetter ? WEAK : CAREFUL, "source", "test")));
        }
        lines.add(3, "{\"scenario\": \"broken\", \"label\": ");
        Path file = dir.resolve("labelled.jsonl");
        Files.write(file, lines);
        return file;
    }

    private static int eval(List<String> args, ByteArrayOutputStream printed) throws Exception {
        try (PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8)) {
            return new EvalCommand(Optional::empty, ConfigLoader.isolated().load(Optional.empty(), Map.of()).judge(),
                    Clock.systemUTC()).run(args, out, out);
        }
    }

    private static double consistency(Path results, String profile) throws Exception {
        List<PairJudgement> judged = ResultsLog.read(results).stream().filter(j -> j.profile().equals(profile)).toList();
        assertThat(judged).hasSize(PAIRS);
        return judged.stream().filter(PairJudgement::consistent).count() / (double) PAIRS;
    }

    @Test
    void anUnbiasedJudgeIsFullyConsistentAndBothProfilesAreReportedSideBySideWithChartsAndRawVerdicts(@TempDir Path dir)
            throws Exception {
        Path pairs = labelledSet(dir);
        Path out = dir.resolve("report");
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try (DevJudge judge = DevJudge.withPositionBias(0)) {
            int exit = eval(List.of("--pairs", pairs.toString(), "--out", out.toString(), "--target", judge.target(),
                    "--profile", "auto-j-13b-gptq", "--profile", "auto-j-13b"), printed);
            String text = printed.toString(StandardCharsets.UTF_8);
            assertThat(exit).as(text).isZero();
            assertThat(text).contains("eval: skipped line 4: ").contains("overall").contains("auto-j-13b-gptq").contains("100.0%");
        }
        assertThat(consistency(out.resolve("results.jsonl"), "auto-j-13b-gptq")).isEqualTo(1.0);
        assertThat(consistency(out.resolve("results.jsonl"), "auto-j-13b")).isEqualTo(1.0);
        assertThat(ResultsLog.read(out.resolve("results.jsonl"))).allSatisfy(j -> {
            assertThat(j.forward()).as("line %d", j.line()).isEqualTo(j.label());
            assertThat(j.forwardText()).isNotBlank();
            assertThat(j.swappedText()).isNotBlank();
        });
        String report = Files.readString(out.resolve("report.md"));
        assertThat(report).contains("## Per scenario group", "## Per scenario", "## Between profiles",
                "auto-j-13b-gptq vs auto-j-13b | 120 | 100.0%", "line 4", "![agreement.png](agreement.png)");
        for (String png : List.of("agreement.png", "consistency.png")) {
            byte[] head = Files.readAllBytes(out.resolve(png));
            assertThat(head).as(png).startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
        }
    }

    @Test
    void aPositionBiasOfPointFourShowsUpAsConsistencyNearPointSix(@TempDir Path dir) throws Exception {
        Path pairs = labelledSet(dir);
        Path out = dir.resolve("report");
        try (DevJudge judge = DevJudge.withPositionBias(0.4)) {
            assertThat(eval(List.of("--pairs", pairs.toString(), "--out", out.toString(), "--target", judge.target()),
                    new ByteArrayOutputStream())).isZero();
        }
        assertThat(consistency(out.resolve("results.jsonl"), "auto-j-13b-gptq")).isCloseTo(0.6, within(0.14));
    }

    @Test
    void resumeAfterAnInterruptedRunJudgesOnlyThePairsItHasNoWholeLineFor(@TempDir Path dir) throws Exception {
        Path pairs = labelledSet(dir);
        Path out = dir.resolve("report");
        try (DevJudge judge = DevJudge.withPositionBias(0)) {
            List<String> args = List.of("--pairs", pairs.toString(), "--out", out.toString(), "--target", judge.target());
            assertThat(eval(args, new ByteArrayOutputStream())).isZero();
            assertThat(judge.server().stats().served()).isEqualTo(2L * PAIRS);

            // What a kill leaves: the first 50 pairs written whole, the 51st torn mid-line.
            Path results = out.resolve("results.jsonl");
            List<String> lines = Files.readAllLines(results);
            List<String> kept = new ArrayList<>(lines.subList(0, 50));
            kept.add(lines.get(50).substring(0, lines.get(50).length() / 2));
            Files.write(results, kept);

            List<String> resumed = new ArrayList<>(args);
            resumed.add("--resume");
            assertThat(eval(resumed, new ByteArrayOutputStream())).isZero();
            assertThat(judge.server().stats().served()).as("only the 70 pairs without a whole line are judged again")
                    .isEqualTo(2L * PAIRS + 2L * (PAIRS - 50));
            assertThat(ResultsLog.read(results)).extracting(PairJudgement::key).doesNotHaveDuplicates().hasSize(PAIRS);
        }
    }

    @Test
    void singleGradingModeCorrelatesTheJudgesRatingWithTheHumanOne(@TempDir Path dir) throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<String> lines = new ArrayList<>();
        List<String> answers = List.of(WEAK, "It works by combining two steps that depend on each other in a simple way.", CAREFUL);
        for (int i = 0; i < 30; i++) {
            int quality = i % 3;
            lines.add(json.writeValueAsString(Map.of("scenario", SCENARIOS.get(i % SCENARIOS.size()), "rating", quality + 1,
                    "prompt", "Question " + i + ": explain how mechanism number " + i + " works in practice.",
                    "response", answers.get(quality))));
        }
        Path file = dir.resolve("rated.jsonl");
        Files.write(file, lines);
        Path out = dir.resolve("report");
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try (DevJudge judge = DevJudge.withPositionBias(0)) {
            assertThat(eval(List.of("--ratings", file.toString(), "--out", out.toString(), "--target", judge.target()), printed))
                    .isZero();
        }
        String text = printed.toString(StandardCharsets.UTF_8);
        assertThat(text).contains("pearson", "spearman", "overall");
        assertThat(Files.readAllLines(out.resolve("ratings.jsonl"))).hasSize(30);
        assertThat(Files.readString(out.resolve("report.md"))).contains("# Judge evaluation: single grading", "| overall | 30 | 30 |");
        String overall = text.lines().filter(l -> l.startsWith("overall")).findFirst().orElseThrow();
        double spearman = Double.parseDouble(overall.trim().split("\\s+")[overall.trim().split("\\s+").length - 1]);
        assertThat(spearman).as("the dev judge ranks a careful answer above a hedge, as the labels do").isGreaterThan(0.8);
    }

    @Test
    void theProductionJarsEvalKilledMidRunIsResumedJudgingExactlyThePairsItHadNotWritten(@TempDir Path dir) throws Exception {
        Path pairs = labelledSet(dir);
        Path out = dir.resolve("report");
        Path results = out.resolve("results.jsonl");
        try (DevJudge judge = DevJudge.slow()) {
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m", "-cp", System.getProperty("java.class.path"), "dev.arbiter.app.Main", "eval",
                    "--pairs", pairs.toString(), "--out", out.toString(), "--target", judge.target()));
            Process eval = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("eval.log").toFile()).start();
            try {
                await().atMost(Duration.ofMinutes(2)).until(() -> Files.exists(results) && Files.readAllLines(results).size() >= 20);
            } finally {
                eval.destroyForcibly(); // SIGKILL: no shutdown hook, whatever is in flight is lost
                eval.waitFor(30, TimeUnit.SECONDS);
            }
            await().atMost(Duration.ofMinutes(1)).until(() -> judge.inFlight() == 0);
            int written = ResultsLog.read(results).size();
            assertThat(written).as("killed mid-run").isBetween(20, PAIRS - 1);
            long servedBefore = judge.server().stats().served();

            assertThat(eval(List.of("--pairs", pairs.toString(), "--out", out.toString(), "--target", judge.target(), "--resume"),
                    new ByteArrayOutputStream())).isZero();
            assertThat(judge.server().stats().served() - servedBefore).as("two calls for each pair without a whole line, no more")
                    .isEqualTo(2L * (PAIRS - written));
            assertThat(ResultsLog.read(results)).extracting(PairJudgement::key).doesNotHaveDuplicates().hasSize(PAIRS);
        }
    }
}
