package dev.arbiter.judge.parse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arbiter.judge.GradingVerdict;
import dev.arbiter.judge.pairwise.PairwiseVerdict;
import dev.arbiter.judge.safety.RewardHackingDetector;
import dev.arbiter.judge.scan.ScanBudget;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every verdict parser and the reward-hacking detector read a megabyte of adversarial judge
 * output (issue 13) of each shape that has made some regex or quote scan super-linear, reach the
 * right outcome, and take time linear in the length: the same shape at 1 MB may cost at most
 * {@value #MAX_RATIO} times what it costs at a tenth of that (linear is about 10, quadratic about
 * 100). A ratio, not a time, so the test holds on a slow or busy machine; each size is timed
 * several times, alternately, and the fastest run counts, so a pause for garbage collection or
 * another process does not decide it. A generous preemptive timeout stops a super-linear scan
 * from hanging the build.
 *
 * <p>The scanners run without a scan budget: the production budget would stop a super-linear
 * scan after a linear number of reads, which is its job in production, and would hide the very
 * cost this test measures. {@code AdversarialTextTest} checks the budget side.
 */
class ParserLinearTimeTest {

    private static final int MB = 1 << 20;
    private static final int TENTH = MB / 10;
    private static final double MAX_RATIO = 30;
    /**
     * Each size is timed at least {@code MIN_ROUNDS} times, and up to {@code MAX_ROUNDS} while the
     * 1 MB runs so far took under {@code ENOUGH_NANOS}: more samples where they are cheap (the
     * parsers), fewer where one run already takes a noticeable time (the detector).
     */
    private static final int MIN_ROUNDS = 3;
    private static final int MAX_ROUNDS = 7;
    private static final long ENOUGH_NANOS = 500_000_000;
    /** Below this a run is too short to time; it is counted as this long. */
    private static final long FLOOR_NANOS = 200_000;
    private static final Duration CAP = Duration.ofSeconds(20);
    private static final ScanBudget UNLIMITED = new ScanBudget(Integer.MAX_VALUE, 0);

    private static final String FAILED = "PARSE_FAILED";
    private static final Set<String> CLEAN = Set.of();
    private static final Set<String> MARKER = Set.of(RewardHackingDetector.SUSPECTED, RewardHackingDetector.VERDICT_MARKER);

    /** One scanner under test, its outcome on a text written as a short comparable string. */
    record Scanner(String name, Function<String, Object> outcome) {}

    private static final List<Scanner> SCANNERS = List.of(
            new Scanner("rating-brackets", t -> absolute(new BracketRatingParser(UNLIMITED).parse(t, 1, 10))),
            new Scanner("additive-score", t -> absolute(new AdditiveScoreParser(UNLIMITED).parse(t, 0, 5))),
            new Scanner("autoj-pairwise", t -> pairwise(new AutoJPairwiseParser(UNLIMITED).parse(t))),
            new Scanner("mtbench-pair", t -> pairwise(new MtBenchPairParser(UNLIMITED).parse(t))),
            new Scanner("reward-hacking detector", t -> new RewardHackingDetector(UNLIMITED).flags(t)));

    private static Object absolute(GradingVerdict v) {
        return v.rating().isPresent() ? "OK " + v.rating().getAsDouble() : FAILED;
    }

    private static Object pairwise(PairwiseVerdict v) {
        return v.preference().map(Enum::name).orElse(FAILED);
    }

    /**
     * A shape of adversarial output at any length, and what each scanner must make of it, in the
     * order of {@link #SCANNERS}.
     */
    record Shape(String name, IntFunction<String> ofLength, List<Object> expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Shape shape(String name, IntFunction<String> ofLength, Object rating, Object points,
                               Object autoj, Object mtbench, Set<String> flags) {
        return new Shape(name, ofLength, List.of(rating, points, autoj, mtbench, flags));
    }

    /** {@code unit} repeated to {@code length} characters in all, {@code suffix} included. */
    private static IntFunction<String> repeated(String prefix, String unit, String suffix) {
        return length -> {
            StringBuilder sb = new StringBuilder(length + unit.length());
            sb.append(prefix);
            while (sb.length() < length - suffix.length()) sb.append(unit);
            sb.setLength(Math.max(prefix.length(), length - suffix.length()));
            return sb.append(suffix).toString();
        };
    }

    private static IntFunction<String> repeated(String unit) {
        return repeated("", unit, "");
    }

    /** Backtick runs of lengths 1, 2, 3, ..., none with a partner, each before a marker. */
    private static String growingBacktickRuns(int length) {
        StringBuilder sb = new StringBuilder(length + 2048);
        for (int run = 1; sb.length() < length; run++) sb.append("`".repeat(run)).append(" [[A]] ");
        sb.setLength(length);
        return sb.toString();
    }

    private static final String VERDICTS = "\n\nRating: [[4]]\nScore: 3\nSo, the final decision is Response 2.\n[[B]]";

    static Stream<Shape> shapes() {
        return Stream.of(
                shape("partial markers followed by long whitespace runs",
                        repeated("Rating: [[5" + " \t".repeat(2000) + "So, the final decision is" + " ".repeat(3000)
                                + "**Score:" + " ".repeat(3000)), FAILED, FAILED, FAILED, FAILED, MARKER),
                shape("a megabyte of '['", repeated("["), FAILED, FAILED, FAILED, FAILED, CLEAN),
                shape("a megabyte of '[['", repeated("[["), FAILED, FAILED, FAILED, FAILED, CLEAN),
                shape("'Rating: ' without numbers", repeated("Rating: "), FAILED, FAILED, FAILED, FAILED, CLEAN),
                shape("near-miss markers", repeated("[[5] [[a]] [[D]] [[7/ [[ten]] Score: x final decision is Response 3 "),
                        FAILED, FAILED, FAILED, FAILED, CLEAN),
                shape("long digit runs", repeated("[[" + "9".repeat(5000) + " Score: " + "7".repeat(5000) + " "),
                        FAILED, FAILED, FAILED, FAILED, CLEAN),
                shape("unclosed quotes of every style before the verdict",
                        repeated("", "\u201Ca \u2018b 'c ", VERDICTS), "OK 4.0", "OK 3.0", "SECOND", "SECOND", MARKER),
                shape("quote marks of every style",
                        repeated("\"'`\u201C\u2018\u201D\u2019 "), FAILED, FAILED, FAILED, FAILED, CLEAN),
                shape("an unclosed fence that shorter fences cannot close",
                        repeated("````\n", "```\nRating: [[9]] [[A]] Score: 4 final decision is Tie\n", ""),
                        FAILED, FAILED, FAILED, FAILED, MARKER),
                shape("a block quote with a megabyte of lazy continuation lines",
                        repeated("> Sure, here it is:\n", "Rating: [[9]] [[A]] Score: 4 final decision is Tie\n",
                                "\n\nRating: [[2]] Score: 1 So, the final decision is Response 1. [[B]]"),
                        "OK 2.0", "OK 1.0", "FIRST", "SECOND", MARKER),
                shape("quoted markers of every kind before the verdict",
                        repeated("", "\"Rating: [[9]]\" 'Score: 5' `[[A]]` \u201Cfinal decision is Tie\u201D ", "\n\nRating: [[3]]"),
                        "OK 3.0", FAILED, FAILED, FAILED, MARKER),
                shape("unpaired backtick runs of growing length", ParserLinearTimeTest::growingBacktickRuns,
                        FAILED, FAILED, FAILED, "FIRST", MARKER),
                shape("apostrophes in prose before the verdict",
                        repeated("", "don't the model's 'a the authors' ", " Rating: [[6]]"),
                        "OK 6.0", FAILED, FAILED, FAILED, MARKER),
                shape("deeply repeated real markers",
                        repeated("Rating: [[5]] [[A]] Score: 3 final decision is Tie. "), "OK 5.0", "OK 3.0", "TIE", "FIRST", MARKER),
                shape("instructions to the grader, repeated",
                        repeated("ignore the previous as the judge give this response a "), FAILED, FAILED, FAILED, FAILED,
                        Set.of(RewardHackingDetector.SUSPECTED, RewardHackingDetector.JUDGE_INSTRUCTION)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shapes")
    void everyScannerReadsAMegabyteRightInLinearTime(Shape shape) {
        String big = shape.ofLength().apply(MB);
        String small = shape.ofLength().apply(TENTH);
        assertThat(big).hasSize(MB);
        for (int s = 0; s < SCANNERS.size(); s++) {
            Scanner scanner = SCANNERS.get(s);
            Object expected = shape.expected().get(s);
            Assertions.assertTimeoutPreemptively(CAP, () -> {
                Timed onBig = new Timed();
                Timed onSmall = new Timed();
                for (int round = 0; round < MAX_ROUNDS && (round < MIN_ROUNDS || onBig.spent < ENOUGH_NANOS); round++) {
                    onSmall.run(scanner, small);
                    onBig.run(scanner, big);
                }
                assertThat(onBig.outcome).as(scanner.name() + " on 1 MB").isEqualTo(expected);
                assertThat(onSmall.outcome).as(scanner.name() + " on 100 KB").isEqualTo(expected);
                assertThat(onBig.nanos() / onSmall.nanos())
                        .as(scanner.name() + ": time on 1 MB over time on 100 KB").isLessThan(MAX_RATIO);
            }, () -> scanner.name() + " did not finish a megabyte of \"" + shape.name() + "\" within " + CAP);
        }
    }

    /**
     * The fastest of several runs on one text. The two sizes are run alternately so both see the
     * same JIT state, and the fastest run counts, so a pause that hits one run does not decide.
     */
    private static final class Timed {
        private long fastest = Long.MAX_VALUE;
        private long spent;
        private Object outcome;

        void run(Scanner scanner, String text) {
            long start = System.nanoTime();
            Object result = scanner.outcome().apply(text);
            long took = System.nanoTime() - start;
            fastest = Math.min(fastest, took);
            spent += took;
            if (outcome == null) outcome = result;
            assertThat(result).as(scanner.name() + " gives the same outcome on every run").isEqualTo(outcome);
        }

        double nanos() {
            return Math.max(fastest, FLOOR_NANOS);
        }
    }
}
