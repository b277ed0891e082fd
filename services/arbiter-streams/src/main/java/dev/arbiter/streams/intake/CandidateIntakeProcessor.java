package dev.arbiter.streams.intake;

import org.apache.kafka.streams.state.KeyValueStore;
import dev.arbiter.schema.CandidateGeneration;
import dev.arbiter.schema.DeadLetterReason;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * The front door: decodes each candidates-topic record, checks it, drops nothing silently.
 * Anything that cannot be judged goes to the dead-letter child with its original bytes, its
 * source coordinates and a machine-readable reason; processing goes on with the next record.
 * A candidate id seen within the de-duplication window (a producer retry, a replayed batch) is
 * also dead-lettered, as DUPLICATE_CANDIDATE, so a trainer never gets two rewards for one id.
 *
 * <p>The order of checks is part of the guarantee that one candidate cannot stop the stream:
 * sizes first, before anything reads the text ({@link InputLimits}); then the semantic checks;
 * then the screen that runs the later stages' scans under their budget ({@link ResponseScreen}).
 */
public final class CandidateIntakeProcessor implements Processor<byte[], byte[], Object, Object> {

    private final RecordDecoder<CandidateGeneration> decoder;
    private final InputLimits limits;
    private final CandidateValidator validator;
    private final ResponseScreen screen;
    private final AcceptanceRule<CandidateGeneration> planRule;
    private final String pendingStoreName;
    private final String seenStoreName;
    private final Duration dedupeWindow;
    private final List<String> acceptedChildren;
    private final DeadLetterRoute deadLetters;

    private ProcessorContext<Object, Object> context;
    private RecentIds seen;
    private KeyValueStore<String, ?> pending;

    public CandidateIntakeProcessor(RecordDecoder<CandidateGeneration> decoder, InputLimits limits,
                                    CandidateValidator validator, ResponseScreen screen,
                                    AcceptanceRule<CandidateGeneration> planRule, String pendingStoreName,
                                    String seenStoreName, Duration dedupeWindow, List<String> acceptedChildren,
                                    DeadLetterRoute deadLetters) {
        this.decoder = decoder;
        this.limits = limits;
        this.validator = validator;
        this.screen = screen;
        this.planRule = planRule;
        this.pendingStoreName = pendingStoreName;
        this.seenStoreName = seenStoreName;
        this.dedupeWindow = dedupeWindow;
        this.acceptedChildren = List.copyOf(acceptedChildren);
        this.deadLetters = deadLetters;
    }

    @Override
    public void init(ProcessorContext<Object, Object> context) {
        this.context = context;
        this.seen = new RecentIds(context.getStateStore(seenStoreName), dedupeWindow);
        this.pending = context.getStateStore(pendingStoreName);
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        RecordMetadata source = context.recordMetadata().orElseThrow();
        RecordDecoder.Decoded<CandidateGeneration> decoded = decoder.decode(source.topic(), record.value());
        if (decoded instanceof RecordDecoder.Decoded.Bad<CandidateGeneration> bad) {
            deadLetters.send(context, record, source, bad.rejection());
            return;
        }
        CandidateGeneration c = ((RecordDecoder.Decoded.Ok<CandidateGeneration>) decoded).value();
        Optional<Rejection> rejection = limits.check(c)
                .or(() -> validator.check(c))
                .or(() -> planRule.check(c))
                .or(() -> screen.check("response", c.getResponse()));
        if (rejection.isPresent()) {
            deadLetters.send(context, record, source, rejection.get());
            return;
        }
        // A re-sent id past the window must not overwrite its own pending entry.
        if (pending.get(c.getCandidateId()) != null) {
            deadLetters.send(context, record, source, new Rejection(DeadLetterReason.DUPLICATE_CANDIDATE,
                    "candidate_id " + c.getCandidateId() + " is already being judged; its reward will be emitted once"));
            return;
        }
        long ts = record.timestamp();
        if (seen.seenWithin(c.getCandidateId(), ts)) {
            deadLetters.send(context, record, source, new Rejection(DeadLetterReason.DUPLICATE_CANDIDATE,
                    "candidate_id " + c.getCandidateId() + " was already accepted within "
                            + dedupeWindow + "; its reward is (or will be) emitted once"));
            return;
        }
        seen.remember(c.getCandidateId(), ts);
        for (String child : acceptedChildren) context.forward(new Record<>((Object) c.getPromptId(), (Object) c, ts), child);
    }
}
