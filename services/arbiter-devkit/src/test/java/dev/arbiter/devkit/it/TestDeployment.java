package dev.arbiter.devkit.it;

import dev.arbiter.app.config.ArbiterConfig;
import dev.arbiter.app.config.ConfigLoader;
import dev.arbiter.app.runtime.Endpoints;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One isolated Arbiter deployment for a test: its own application id, topics and state
 * directory on the shared broker, pointed at a given judge. The same settings can be handed to
 * an in-process service ({@link #config()}) or a child process ({@link #commandLine()}).
 */
public record TestDeployment(String name, Endpoints endpoints, Path stateDir, Map<String, String> settings) {

    public static TestDeployment create(String name, SharedInfrastructure.Parts infra, String judgeTarget, Path stateDir,
                                        Map<String, String> extra) {
        Endpoints endpoints = new Endpoints(infra.bootstrapServers(), infra.registryUrl(), judgeTarget);
        Map<String, String> s = new LinkedHashMap<>();
        s.put("arbiter.mode", "external");
        s.put("arbiter.kafka.bootstrap-servers", endpoints.bootstrapServers());
        s.put("arbiter.registry.url", endpoints.registryUrl());
        s.put("arbiter.judge.target", judgeTarget);
        s.put("arbiter.kafka.application-id", "arbiter-" + name);
        s.put("arbiter.kafka.state-dir", stateDir.toString());
        s.put("arbiter.kafka.topics.candidates", name + ".candidates");
        s.put("arbiter.kafka.topics.rewards", name + ".rewards");
        s.put("arbiter.kafka.topics.critiques", name + ".critiques");
        s.put("arbiter.kafka.topics.dead-letter", name + ".dead-letter");
        s.put("arbiter.kafka.topics.pairwise-requests", name + ".pairwise-requests");
        s.put("arbiter.kafka.topics.pairwise-results", name + ".pairwise-results");
        s.put("arbiter.kafka.topics.judge-metrics", name + ".judge-metrics");
        s.put("arbiter.kafka.topics.best-of-n", name + ".best-of-n");
        s.put("arbiter.kafka.topics.preference-pairs", name + ".preference-pairs");
        s.put("arbiter.kafka.topic-partitions", "3");
        s.put("arbiter.http.enabled", "false");
        s.put("arbiter.demo.enabled", "false");
        s.put("arbiter.judge.retry-backoff-ms", "50");
        s.put("arbiter.judge.retry-backoff-max-ms", "500");
        s.putAll(extra);
        return new TestDeployment(name, endpoints, stateDir, Map.copyOf(s));
    }

    public ArbiterConfig config() {
        return ConfigLoader.isolated().load(Optional.empty(), settings);
    }

    public String candidatesTopic() {
        return settings.get("arbiter.kafka.topics.candidates");
    }

    public String rewardsTopic() {
        return settings.get("arbiter.kafka.topics.rewards");
    }

    public String critiquesTopic() {
        return settings.get("arbiter.kafka.topics.critiques");
    }

    public String pairwiseRequestsTopic() {
        return settings.get("arbiter.kafka.topics.pairwise-requests");
    }

    public String pairwiseResultsTopic() {
        return settings.get("arbiter.kafka.topics.pairwise-results");
    }

    public String judgeMetricsTopic() {
        return settings.get("arbiter.kafka.topics.judge-metrics");
    }

    public String bestOfNTopic() {
        return settings.get("arbiter.kafka.topics.best-of-n");
    }

    public String preferencePairsTopic() {
        return settings.get("arbiter.kafka.topics.preference-pairs");
    }

    public String deadLetterTopic() {
        return settings.get("arbiter.kafka.topics.dead-letter");
    }

    /** {@code -Dkey=value} arguments for {@code Main run}. */
    public List<String> commandLine() {
        List<String> args = new ArrayList<>();
        settings.forEach((k, v) -> args.add("-D" + k + "=" + v));
        return args;
    }
}
