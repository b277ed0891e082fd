package dev.arbiter.devkit.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.arbiter.app.runtime.ArbiterService;
import dev.arbiter.app.runtime.Endpoints;
import dev.arbiter.devkit.runtime.OutputWatcher;
import dev.arbiter.registry.SchemaRegistryClient;
import dev.arbiter.registry.rest.ConfluentRestRegistryClient;
import dev.arbiter.registry.rest.RegistryClientConfig;
import dev.arbiter.registry.serde.ConfluentAvroSerializer;
import dev.arbiter.schema.CandidateGeneration;
import dev.arbiter.schema.RewardStatus;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The schema registry becomes unreachable for the service just as candidates arrive whose writer
 * schema it has never fetched. Those candidates are fine, so none may be dead-lettered (the
 * decoder rethrows, the record is processed again); once the registry answers again every one
 * gets exactly one reward.
 */
@ExtendWith(SharedInfrastructure.class)
class RegistryOutageIntegrationTest {

    private static final int CANDIDATES = 40;

    @Test
    void candidatesArrivingDuringARegistryOutageAreJudgedOnceAfterwardsAndNeverDeadLettered(
            SharedInfrastructure.Parts infra, @TempDir Path state) throws Exception {
        URI registry = URI.create(infra.registryUrl());
        try (DevJudge judge = DevJudge.fast();
             TcpProxy proxy = new TcpProxy(registry.getHost(), registry.getPort())) {
            String proxied = new URI(registry.getScheme(), null, registry.getHost(), proxy.port(), registry.getPath(), null, null)
                    .toString();
            TestDeployment d = TestDeployment.create("registry-outage", infra, judge.target(), state,
                    Map.of("arbiter.registry.url", proxied,
                            // A failed stream thread is replaced, and its old consumer leaves the
                            // group only when its session times out (45 s by default).
                            "arbiter.kafka.streams.consumer.session.timeout.ms", "10000"));
            Endpoints viaProxy = new Endpoints(infra.bootstrapServers(), proxied, judge.target());
            SchemaRegistryClient direct = new ConfluentRestRegistryClient(RegistryClientConfig.of(infra.registryUrl()));
            List<CandidateGeneration> candidates = TestCandidates.groups("registry-outage", CANDIDATES / 4, 4);
            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            try (ArbiterService service = ArbiterService.start(d.config(), viaProxy, meters);
                 OutputWatcher out = new OutputWatcher(infra.bootstrapServers(), direct, d.rewardsTopic(),
                         d.critiquesTopic(), d.deadLetterTopic(), 100).start();
                 TestProducer producer = TestProducer.connect(infra.bootstrapServers())) {
                // The service has registered its output schemas; it has not yet seen a candidate's.
                proxy.cut();
                producer.sendAllAndConfirm(d.candidatesTopic(), new ConfluentAvroSerializer<>(direct, false),
                        candidates, CandidateGeneration::getPromptId);

                // The service's registry client makes 3 attempts per lookup; more than two rounds of
                // refusals mean a lookup failed for good at least once and the record was read again.
                await().atMost(Duration.ofMinutes(2)).until(() -> proxy.refused() >= 7);
                assertThat(out.rewardCount()).isZero();
                proxy.restore();

                await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                        assertThat(out.rewardsPerCandidate()).hasSize(CANDIDATES));
                Set<String> ids = candidates.stream().map(CandidateGeneration::getCandidateId).collect(Collectors.toSet());
                assertThat(out.rewardsPerCandidate()).containsOnlyKeys(ids).allSatisfy((id, n) -> assertThat(n).isEqualTo(1));
                assertThat(out.rewards()).allSatisfy(r -> assertThat(r.getStatus()).isEqualTo(RewardStatus.OK));
                assertThat(meters.find("arbiter.candidates.rejected").counters()).as("a registry outage is not the records' fault")
                        .allSatisfy(c -> assertThat(c.count()).as(c.getId().getTag("reason")).isZero());
                assertThat(out.deadLetters()).isEmpty();
            }
        }
    }
}
