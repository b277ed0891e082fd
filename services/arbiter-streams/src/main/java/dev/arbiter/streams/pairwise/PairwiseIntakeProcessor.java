package dev.arbiter.streams.pairwise;

import dev.arbiter.registry.serde.AvroDecodeException;
import dev.arbiter.schema.DeadLetterReason;
import dev.arbiter.schema.PairwiseRequest;
import dev.arbiter.streams.intake.CandidateValidator;
import dev.arbiter.streams.intake.DeadLetters;
import dev.arbiter.streams.intake.RegistryCandidateDecoder;
import dev.arbiter.streams.intake.Rejection;
import dev.arbiter.streams.metrics.PipelineMetrics;
import java.time.Clock;
import java.util.Optional;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * The front door of the pairwise-requests topic: decodes and checks each request and sends
 * anything that cannot be judged to the dead-letter topic with a reason; processing goes on.
 */
public final class PairwiseIntakeProcessor implements Processor<byte[], byte[], Object, Object> {

    private static final int MAX_ID_LENGTH = 256;

    private final Deserializer<PairwiseRequest> deserializer;
    private final boolean referenceRequired;
    private final String acceptedChild;
    private final String deadLetterChild;
    private final PipelineMetrics metrics;
    private final Clock clock;
    private final String pendingStoreName;
    private ProcessorContext<Object, Object> context;
    private org.apache.kafka.streams.state.KeyValueStore<String, ?> pending;

    public PairwiseIntakeProcessor(Deserializer<PairwiseRequest> deserializer, boolean referenceRequired,
                                   String pendingStoreName, String acceptedChild, String deadLetterChild, PipelineMetrics metrics, Clock clock) {
        this.deserializer = deserializer;
        this.referenceRequired = referenceRequired;
        this.pendingStoreName = pendingStoreName;
        this.acceptedChild = acceptedChild;
        this.deadLetterChild = deadLetterChild;
        this.metrics = metrics;
        this.clock = clock;
    }

    @Override
    public void init(ProcessorContext<Object, Object> context) {
        this.context = context;
        this.pending = context.getStateStore(pendingStoreName);
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        RecordMetadata source = context.recordMetadata().orElseThrow();
        if (record.value() == null) {
            deadLetter(record, source, new Rejection(DeadLetterReason.NULL_VALUE, "record value is null (tombstone)"));
            return;
        }
        PairwiseRequest r;
        try {
            r = deserializer.deserialize(source.topic(), record.value());
        } catch (AvroDecodeException e) {
            if (!e.failure().blamesRecord()) throw e;
            deadLetter(record, source, new Rejection(RegistryCandidateDecoder.reasonFor(e.failure()), e.getMessage()));
            return;
        }
        Optional<Rejection> rejection = check(r);
        if (rejection.isPresent()) {
            deadLetter(record, source, rejection.get());
            return;
        }
        if (pending.get(r.getPairId()) != null) {
            deadLetter(record, source, new Rejection(DeadLetterReason.DUPLICATE_CANDIDATE,
                    "pair_id " + r.getPairId() + " is already being judged; its result will be emitted once"));
            return;
        }
        context.forward(new Record<>((Object) r.getPromptId(), (Object) r, record.timestamp()), acceptedChild);
    }

    private Optional<Rejection> check(PairwiseRequest r) {
        if (blank(r.getPairId())) return Optional.of(new Rejection(DeadLetterReason.MISSING_REQUIRED_FIELD, "pair_id is missing or blank"));
        if (blank(r.getPromptId())) return Optional.of(new Rejection(DeadLetterReason.MISSING_REQUIRED_FIELD, "prompt_id is missing or blank"));
        if (r.getPairId().length() > MAX_ID_LENGTH || r.getPromptId().length() > MAX_ID_LENGTH) {
            return Optional.of(new Rejection(DeadLetterReason.INVALID_FIELD, "pair_id or prompt_id longer than " + MAX_ID_LENGTH));
        }
        Optional<Rejection> prompt = CandidateValidator.checkPrompt(r.getPrompt());
        if (prompt.isPresent()) return prompt;
        if (blank(r.getResponseA()) || blank(r.getResponseB())) {
            return Optional.of(new Rejection(DeadLetterReason.EMPTY_RESPONSE, "response_a or response_b is empty or blank"));
        }
        // A reference the template has no place for is ignored (documented); a missing one it needs is not.
        if (referenceRequired && blank(r.getReferenceAnswer())) {
            return Optional.of(new Rejection(DeadLetterReason.MISSING_REQUIRED_FIELD,
                    "the judge profile's pairwise template needs reference_answer"));
        }
        return Optional.empty();
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private void deadLetter(Record<byte[], byte[]> record, RecordMetadata source, Rejection rejection) {
        metrics.rejected(rejection.reason());
        context.forward(new Record<>((Object) record.key(),
                (Object) DeadLetters.of(record, source, rejection, clock.instant()), record.timestamp()), deadLetterChild);
    }
}
