package dev.arbiter.registry.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.arbiter.registry.CompatibilityLevel;
import dev.arbiter.registry.dev.ApicurioRegistryExtension;
import dev.arbiter.registry.dev.ApicurioRegistryProcess;
import dev.arbiter.registry.rest.ConfluentRestRegistryClient;
import dev.arbiter.registry.rest.RegistryClientConfig;
import dev.arbiter.registry.testdata.Candidates;
import dev.arbiter.schema.CandidateGeneration;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;

/** The Confluent wire-format serde against a real Apicurio Registry. */
@ExtendWith(ApicurioRegistryExtension.class)
class ConfluentAvroSerdeRegistryTest {

    private final ApicurioRegistryProcess apicurio;
    private final ConfluentRestRegistryClient registry;
    private final String topic;

    ConfluentAvroSerdeRegistryTest(ApicurioRegistryProcess apicurio, TestInfo test) {
        this.apicurio = apicurio;
        this.registry = newClient();
        this.topic = "candidates-" + test.getTestMethod().orElseThrow().getName();
    }

    private ConfluentRestRegistryClient newClient() {
        return new ConfluentRestRegistryClient(RegistryClientConfig.of(apicurio.ccompatUrl()));
    }

    /** A reader with its own, cold client, as a separate consumer process would have. */
    private ConfluentAvroDeserializer<CandidateGeneration> coldReader() {
        return new ConfluentAvroDeserializer<>(newClient(), CandidateGeneration.class);
    }

    private static byte[] avroBody(GenericRecord record) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(record.getSchema()).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    /** Re-reads a full candidate as a record of {@code schema}, dropping fields it lacks. */
    private static GenericRecord asRecordOf(Schema schema, CandidateGeneration candidate) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new SpecificDatumWriter<>(CandidateGeneration.getClassSchema(), SpecificData.getForClass(CandidateGeneration.class))
                .write(candidate, encoder);
        encoder.flush();
        return new GenericDatumReader<GenericRecord>(CandidateGeneration.getClassSchema(), schema)
                .read(null, DecoderFactory.get().binaryDecoder(out.toByteArray(), null));
    }

    @Test
    void candidateRoundTripsThroughTheConfluentWireFormat() {
        CandidateGeneration candidate = Candidates.sample("c-1");
        byte[] framed = new ConfluentAvroSerializer<CandidateGeneration>(registry, false).serialize(topic, candidate);

        int registeredId = newClient().lookupId(topic + "-value", CandidateGeneration.getClassSchema());
        assertThat(framed[0]).isEqualTo((byte) 0);
        assertThat(ByteBuffer.wrap(framed, 1, 4).getInt()).isEqualTo(registeredId);
        assertThat(coldReader().deserialize(topic, framed)).isEqualTo(candidate);
    }

    @Test
    void keysAreRegisteredUnderTheKeySubject() {
        ConfluentAvroSerde<CandidateGeneration> keys = ConfluentAvroSerde.forKeys(registry, CandidateGeneration.class);

        byte[] framed = keys.serializer().serialize(topic, Candidates.sample("c-k"));

        assertThat(newClient().listVersions(topic + "-key")).containsExactly(1);
        assertThat(keys.deserializer().deserialize(topic, framed)).isEqualTo(Candidates.sample("c-k"));
        assertThat(keys.deserializer().deserialize(topic, null)).isNull();
    }

    @Test
    void steadyStateSerdeTrafficDoesNotTouchTheRegistry() {
        ConfluentAvroSerde<CandidateGeneration> serde = ConfluentAvroSerde.forValues(registry, CandidateGeneration.class);
        serde.deserializer().deserialize(topic, serde.serializer().serialize(topic, Candidates.sample("warm-up")));
        long warm = registry.requestsSent();

        for (int i = 0; i < 50; i++) {
            CandidateGeneration candidate = Candidates.sample("c-" + i);
            assertThat(serde.deserializer().deserialize(topic, serde.serializer().serialize(topic, candidate)))
                    .isEqualTo(candidate);
        }

        assertThat(registry.requestsSent()).isEqualTo(warm);
    }

    @Test
    void lookupOnlySerializerRefusesASchemaNobodyRegistered() {
        ConfluentAvroSerializer<CandidateGeneration> lookupOnly =
                new ConfluentAvroSerializer<>(registry, false, SchemaRegistration.LOOKUP_ONLY);

        assertThatThrownBy(() -> lookupOnly.serialize(topic, Candidates.sample("c-1")))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining(topic + "-value");

        newClient().register(topic + "-value", CandidateGeneration.getClassSchema());
        assertThat(lookupOnly.serialize(topic, Candidates.sample("c-1"))).startsWith(0);
    }

    @Test
    void unknownSchemaIdIsReportedAsUnknownSchemaId() throws IOException {
        byte[] body = avroBody(asRecordOf(CandidateGeneration.getClassSchema(), Candidates.sample("c-1")));

        AvroDecodeException e = catchThrowableOfType(AvroDecodeException.class,
                () -> coldReader().deserialize(topic, ConfluentWireFormat.frame(876_543, body)));

        assertThat(e.failure()).isEqualTo(DecodeFailure.UNKNOWN_SCHEMA_ID);
        assertThat(e.schemaId()).hasValue(876_543);
        assertThat(e.failure().blamesRecord()).isTrue();
    }

    @Test
    void badMagicByteAndShortRecordsAreReportedAsBadMagicByte() {
        byte[] framed = new ConfluentAvroSerializer<CandidateGeneration>(registry, false)
                .serialize(topic, Candidates.sample("c-1"));
        byte[] wrongMagic = framed.clone();
        wrongMagic[0] = 1;

        assertThat(catchThrowableOfType(AvroDecodeException.class, () -> coldReader().deserialize(topic, wrongMagic))
                .failure()).isEqualTo(DecodeFailure.BAD_MAGIC_BYTE);
        assertThat(catchThrowableOfType(AvroDecodeException.class,
                () -> coldReader().deserialize(topic, Arrays.copyOf(framed, 4))).failure())
                .isEqualTo(DecodeFailure.BAD_MAGIC_BYTE);
    }

    @Test
    void truncatedOrOverlongBodiesAreReportedAsMalformedAvro() {
        byte[] framed = new ConfluentAvroSerializer<CandidateGeneration>(registry, false)
                .serialize(topic, Candidates.sample("c-1"));
        byte[] truncated = Arrays.copyOf(framed, framed.length - 10);
        byte[] trailing = Arrays.copyOf(framed, framed.length + 3);

        AvroDecodeException cut = catchThrowableOfType(AvroDecodeException.class, () -> coldReader().deserialize(topic, truncated));
        AvroDecodeException extra = catchThrowableOfType(AvroDecodeException.class, () -> coldReader().deserialize(topic, trailing));

        assertThat(cut.failure()).isEqualTo(DecodeFailure.MALFORMED_AVRO);
        assertThat(extra.failure()).isEqualTo(DecodeFailure.MALFORMED_AVRO);
        assertThat(extra.getMessage()).contains("trailing bytes");
    }

    @Test
    void aWriterSchemaWithoutARequiredFieldIsReportedAsMissingRequiredField() throws IOException {
        Schema withoutResponse = Candidates.withoutFields("response");
        ConfluentAvroSerializer<GenericRecord> oldProducer = new ConfluentAvroSerializer<>(registry, false);
        byte[] framed = oldProducer.serialize(topic, asRecordOf(withoutResponse, Candidates.sample("c-1")));

        AvroDecodeException e = catchThrowableOfType(AvroDecodeException.class, () -> coldReader().deserialize(topic, framed));

        assertThat(e.failure()).isEqualTo(DecodeFailure.MISSING_REQUIRED_FIELD);
        assertThat(e.getMessage()).contains("response");
        assertThat(e.schemaId()).hasValue(ByteBuffer.wrap(framed, 1, 4).getInt());
    }

    @Test
    void aWriterSchemaWithAnUnresolvableTypeIsReportedAsIncompatibleSchema() {
        Schema groupSizeAsString = Candidates.withFieldType("group_size", "\"string\"");
        GenericRecord record = new GenericData.Record(groupSizeAsString);
        for (Schema.Field f : groupSizeAsString.getFields()) {
            record.put(f.name(), GenericData.get().deepCopy(f.schema(), sampleValue(f)));
        }
        byte[] framed = new ConfluentAvroSerializer<GenericRecord>(registry, false).serialize(topic, record);

        AvroDecodeException e = catchThrowableOfType(AvroDecodeException.class, () -> coldReader().deserialize(topic, framed));

        assertThat(e.failure()).isEqualTo(DecodeFailure.INCOMPATIBLE_SCHEMA);
        assertThat(e.getMessage()).contains("group_size");
    }

    private static Object sampleValue(Schema.Field field) {
        try {
            GenericRecord full = asRecordOf(CandidateGeneration.getClassSchema(), Candidates.sample("c-1"));
            return field.name().equals("group_size") ? "four" : full.get(field.name());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void nullValuesAreRejectedOnInputTopicsAndPassedThroughWhenAskedTo() {
        AvroDecodeException e = catchThrowableOfType(AvroDecodeException.class, () -> coldReader().deserialize(topic, null));

        assertThat(e.failure()).isEqualTo(DecodeFailure.NULL_VALUE);
        assertThat(e.schemaId()).isEmpty();
        assertThat(new ConfluentAvroDeserializer<>(registry, CandidateGeneration.class, NullHandling.RETURN_NULL)
                .deserialize(topic, null)).isNull();
        assertThat(new ConfluentAvroSerializer<CandidateGeneration>(registry, false).serialize(topic, null)).isNull();
    }

    @Test
    void aRecordWrittenWithTheCurrentSchemaIsReadByANewerReaderWithAnOptionalField() throws IOException {
        String subject = topic + "-value";
        registry.setCompatibility(subject, CompatibilityLevel.BACKWARD);
        CandidateGeneration candidate = Candidates.sample("c-1");
        byte[] writtenByV1 = new ConfluentAvroSerializer<CandidateGeneration>(registry, false).serialize(topic, candidate);
        Schema v2 = Candidates.withExtraField(
                "{\"name\":\"judge_hint\",\"type\":[\"null\",\"string\"],\"default\":null}");

        assertThat(registry.testCompatibility(subject, v2)).isTrue();
        int v2Id = registry.register(subject, v2);
        assertThat(registry.listVersions(subject)).containsExactly(1, 2);

        // the v2 reader resolves the v1 writer schema it fetches by the id in the header
        int writerId = ConfluentWireFormat.schemaId(writtenByV1);
        assertThat(writerId).isNotEqualTo(v2Id);
        Schema writer = newClient().getById(writerId);
        GenericRecord read = new GenericDatumReader<GenericRecord>(writer, v2).read(null, DecoderFactory.get()
                .binaryDecoder(writtenByV1, 5, writtenByV1.length - 5, null));
        assertThat(read.get("judge_hint")).isNull();
        assertThat(read.get("candidate_id")).hasToString("c-1");
        assertThat(read.get("response")).hasToString(candidate.getResponse());
    }

    @Test
    void aRecordFromAnOlderProducerStillReadsIntoTheCurrentClass() throws IOException {
        String subject = topic + "-value";
        registry.setCompatibility(subject, CompatibilityLevel.BACKWARD);
        Schema older = Candidates.withoutFields("scenario", "metadata");
        byte[] writtenByOlder = new ConfluentAvroSerializer<GenericRecord>(registry, false)
                .serialize(topic, asRecordOf(older, Candidates.sample("c-1")));

        // the registry accepts the current schema as the next version under BACKWARD
        assertThat(registry.register(subject, CandidateGeneration.getClassSchema())).isPositive();
        CandidateGeneration read = coldReader().deserialize(topic, writtenByOlder);

        assertThat(read.getCandidateId()).isEqualTo("c-1");
        assertThat(read.getResponse()).isEqualTo(Candidates.sample("c-1").getResponse());
        assertThat(read.getScenario()).isNull();
        assertThat(read.getMetadata()).isEqualTo(Map.of());
    }
}
