package dev.arbiter.devkit.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arbiter.devkit.runtime.DemoRun;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first command end to end, pointed by configuration at an external broker,
 * registry and judge (the shared test infrastructure): the demo's own verdict — exit code and
 * RESULT line — must come from outputs it actually read back under read_committed.
 */
@ExtendWith(SharedInfrastructure.class)
class DemoRunIntegrationTest {

    @Test
    void demoAgainstExternalPartsReportsOneRewardPerCandidateAndOneResultPerPairEvenWithItsPortTaken(
            SharedInfrastructure.Parts infra, @TempDir Path state) throws Exception {
        try (DevJudge judge = DevJudge.fast();
             ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            TestDeployment d = TestDeployment.create("demo", infra, judge.target(), state, Map.of(
                    // The configured operator port is already in use: the demo must still run.
                    "arbiter.http.enabled", "true",
                    "arbiter.http.bind-address", "127.0.0.1",
                    "arbiter.http.port", Integer.toString(taken.getLocalPort()),
                    "arbiter.demo.enabled", "true",
                    "arbiter.demo.total-candidates", "40",
                    "arbiter.demo.candidates-per-prompt", "4",
                    "arbiter.demo.rate-per-second", "1000",
                    "arbiter.demo.malformed-every", "10",
                    "arbiter.demo.pairs-every", "2"));
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            int exit;
            try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
                exit = new DemoRun(d.config(), out).call();
            }
            String printed = bytes.toString(StandardCharsets.UTF_8);

            assertThat(exit).as(printed).isZero();
            assertThat(printed)
                    .contains("rewards / critiques  40 / 40 (read_committed), candidates with more than one reward: 0")
                    .contains("dead letters         4 ")
                    .contains("pairwise results     5 of 5 pairs (pairs with more than one result: 0)")
                    .contains("=== sample preference pairs (judged in both orders) ===")
                    .contains("=== sample best-of-N groups (read from the best-of-N topic) ===")
                    .containsPattern("best-of-N records    10 of 10 groups \\(groups with more than one record: 0\\), preference pairs: \\d+")
                    .contains("operator endpoint: port " + taken.getLocalPort() + " is in use, serving on a free port instead")
                    .containsPattern("operator endpoint: http://localhost:\\d+/metrics")
                    .contains("RESULT: every accepted candidate got exactly one reward and one critique, every pair exactly one result, "
                            + "every group exactly one best-of-N record");
        }
    }
}
