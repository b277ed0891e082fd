package dev.arbiter.devkit.it;

import dev.arbiter.devkit.runtime.ServiceProcess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.arbiter.app.runtime.TopicProvisioner;
import dev.arbiter.registry.SchemaRegistryClient;
import dev.arbiter.registry.rest.ConfluentRestRegistryClient;
import dev.arbiter.registry.rest.RegistryClientConfig;
import dev.arbiter.registry.serde.ConfluentAvroSerializer;
import dev.arbiter.schema.CandidateGeneration;
import dev.arbiter.schema.ChatTurn;
import dev.arbiter.schema.Critique;
import dev.arbiter.schema.DeadLetter;
import dev.arbiter.schema.PairwiseRequest;
import dev.arbiter.schema.PairwiseResult;
import dev.arbiter.schema.Reward;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Prompts, responses and critiques are user data: the service, run as its own process at its
 * shipped log level (INFO), must not write them to its logs. Candidates and pairs carry unique
 * marker words in their prompts and responses, one candidate is dead-lettered for its size, the
 * critiques the judge wrote are read back, and the process's whole output is searched for all of
 * them.
 */
@ExtendWith(SharedInfrastructure.class)
class LogPrivacyIntegrationTest {

    @Test
    void noPromptResponseOrCritiqueTextReachesTheLogsAtInfo(SharedInfrastructure.Parts infra, @TempDir Path state)
            throws Exception {
        String run = "priv" + UUID.randomUUID().toString().substring(0, 6);
        try (DevJudge judge = DevJudge.fast()) {
            TestDeployment d = TestDeployment.create(run, infra, judge.target(), state, Map.of(
                    "arbiter.pipeline.max-response-chars", "2000"));
            SchemaRegistryClient registry = new ConfluentRestRegistryClient(RegistryClientConfig.of(infra.registryUrl()));
            new TopicProvisioner(infra.broker().adminProperties(), Duration.ofSeconds(30))
                    .ensure(List.of(d.candidatesTopic(), d.rewardsTopic(), d.critiquesTopic(), d.deadLetterTopic(),
                            d.pairwiseRequestsTopic(), d.pairwiseResultsTopic(), d.judgeMetricsTopic(), d.bestOfNTopic(),
                            d.preferencePairsTopic()), 3, (short) 1);
            List<String> secrets = new ArrayList<>();
            List<CandidateGeneration> candidates = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String question = "Qzxprompt" + i + " how do tides work?";
                String response = "Rzxanswer" + i + " the moon pulls the oceans.\n\n1. Gravity.\n2. Rotation.";
                secrets.add("Qzxprompt" + i);
                secrets.add("Rzxanswer" + i);
                candidates.add(TestCandidates.candidate(run + "-c" + i, run + "-p" + (i / 4), 4, i % 4, question, response).build());
            }
            String oversized = "Ozxoversized " + "x".repeat(3000);
            secrets.add("Ozxoversized");
            candidates.add(TestCandidates.candidate(run + "-big", run + "-p9", 1, 0, "Qzxbig question", oversized).build());
            secrets.add("Qzxbig");
            PairwiseRequest pair = PairwiseRequest.newBuilder().setPairId(run + "-pair").setPromptId(run + "-pp")
                    .setPrompt(List.of(new ChatTurn("user", "Pzxpairprompt which is better?")))
                    .setResponseA("Azxfirst answer in detail.").setResponseB("Bzxsecond answer.")
                    .setProducedAt(Instant.now()).setMetadata(Map.of()).build();
            secrets.addAll(List.of("Pzxpairprompt", "Azxfirst", "Bzxsecond"));

            try (TestProducer producer = TestProducer.connect(infra.bootstrapServers());
                 TopicReader<Reward> rewards = new TopicReader<>(infra.bootstrapServers(), registry, d.rewardsTopic(), Reward.class);
                 TopicReader<Critique> critiques = new TopicReader<>(infra.bootstrapServers(), registry, d.critiquesTopic(), Critique.class);
                 TopicReader<PairwiseResult> results = new TopicReader<>(infra.bootstrapServers(), registry,
                         d.pairwiseResultsTopic(), PairwiseResult.class);
                 TopicReader<DeadLetter> deadLetters = new TopicReader<>(infra.bootstrapServers(), registry,
                         d.deadLetterTopic(), DeadLetter.class);
                 ServiceProcess service = ServiceProcess.start(d.commandLine())) {
                service.awaitReady(Duration.ofMinutes(2));
                producer.sendAllAndConfirm(d.candidatesTopic(), new ConfluentAvroSerializer<>(registry, false), candidates,
                        CandidateGeneration::getPromptId);
                ConfluentAvroSerializer<PairwiseRequest> pairs = new ConfluentAvroSerializer<>(registry, false);
                producer.send(new ProducerRecord<>(d.pairwiseRequestsTopic(), pair.getPromptId(),
                        pairs.serialize(d.pairwiseRequestsTopic(), pair)));
                producer.flushAndConfirm();

                rewards.readUntil(r -> r.size() >= 8, Duration.ofMinutes(2));
                List<Critique> written = critiques.readUntil(c -> c.size() >= 8, Duration.ofMinutes(1));
                results.readUntil(r -> r.size() >= 1, Duration.ofMinutes(1));
                assertThat(deadLetters.readUntil(r -> r.size() >= 1, Duration.ofMinutes(1)))
                        .as("the oversized candidate went the dead-letter way, which logs too").hasSize(1);
                for (Critique c : written) {
                    // a distinctive stretch of what the judge wrote about each candidate
                    String text = c.getText().strip();
                    secrets.add(text.substring(0, Math.min(60, text.length())));
                }
                await().atMost(Duration.ofSeconds(30)).until(() -> !service.output().isEmpty());
                String logs = service.output();
                service.close();
                String all = logs + "\n" + service.output();
                assertThat(all).as("the service did log (the search is not vacuous)").contains("ARBITER READY")
                        .contains(" INFO ");
                for (String secret : secrets) assertThat(all).as("logs must not contain user text").doesNotContain(secret);
            }
        }
    }
}
