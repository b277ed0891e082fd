package dev.arbiter.registry.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arbiter.registry.CompatibilityLevel;
import dev.arbiter.registry.RegisteredSchema;
import dev.arbiter.registry.SchemaRegistryClient;
import dev.arbiter.registry.SchemaRegistryException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link SchemaRegistryClient} over the Confluent Schema Registry REST API, using
 * {@code java.net.http} and Jackson. Works against Confluent and against Apicurio's
 * {@code /apis/ccompat/v7} endpoint. Two caches keep serdes off the network in steady state:
 * id to schema (ids are immutable, so entries never go stale) and (subject, schema) to id (a
 * schema's id under a subject never changes once registered). Neither cache is bounded: both grow
 * only with the number of distinct schemas an application meets, which is small. Thread-safe.
 */
public final class ConfluentRestRegistryClient implements SchemaRegistryClient {

    static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final Logger LOG = LoggerFactory.getLogger(ConfluentRestRegistryClient.class);

    private final RegistryClientConfig config;
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();
    private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();
    private final Map<SubjectSchema, Integer> idsBySubjectSchema = new ConcurrentHashMap<>();
    private final LongAdder requestsSent = new LongAdder();

    /** Cache key; Schema's equals/hashCode are structural and its hash is memoised. */
    private record SubjectSchema(String subject, Schema schema) {}

    public ConfluentRestRegistryClient(RegistryClientConfig config) {
        this(config, HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(config.connectTimeout())
                .build());
    }

    /** For callers that need their own HttpClient (proxy, TLS, executor). */
    public ConfluentRestRegistryClient(RegistryClientConfig config, HttpClient http) {
        this.config = Objects.requireNonNull(config, "config");
        this.http = Objects.requireNonNull(http, "http");
    }

    /** HTTP requests sent so far, retries included; lets tests and metrics see cache effectiveness. */
    public long requestsSent() {
        return requestsSent.sum();
    }

    @Override
    public int register(String subject, Schema schema) {
        SubjectSchema key = new SubjectSchema(subject, schema);
        Integer cached = idsBySubjectSchema.get(key);
        if (cached != null) {
            return cached;
        }
        JsonNode answer = call("POST", "/subjects/" + segment(subject) + "/versions", schemaBody(schema));
        int id = requiredInt(answer, "id");
        idsBySubjectSchema.putIfAbsent(key, id);
        schemasById.putIfAbsent(id, schema);
        return id;
    }

    @Override
    public int lookupId(String subject, Schema schema) {
        SubjectSchema key = new SubjectSchema(subject, schema);
        Integer cached = idsBySubjectSchema.get(key);
        if (cached != null) {
            return cached;
        }
        JsonNode answer = call("POST", "/subjects/" + segment(subject), schemaBody(schema));
        int id = requiredInt(answer, "id");
        idsBySubjectSchema.putIfAbsent(key, id);
        schemasById.putIfAbsent(id, schema);
        return id;
    }

    @Override
    public Schema getById(int id) {
        Schema cached = schemasById.get(id);
        if (cached != null) {
            return cached;
        }
        JsonNode answer = call("GET", "/schemas/ids/" + id, null);
        Schema schema = parseAvro(answer, "schema id " + id);
        Schema raced = schemasById.putIfAbsent(id, schema);
        return raced != null ? raced : schema;
    }

    @Override
    public RegisteredSchema getLatest(String subject) {
        return subjectVersion(subject, "latest");
    }

    @Override
    public RegisteredSchema getVersion(String subject, int version) {
        return subjectVersion(subject, Integer.toString(version));
    }

    @Override
    public List<Integer> listVersions(String subject) {
        JsonNode answer = call("GET", "/subjects/" + segment(subject) + "/versions", null);
        if (!answer.isArray()) {
            throw malformed("versions of " + subject, answer);
        }
        List<Integer> versions = new ArrayList<>();
        answer.forEach(v -> versions.add(v.asInt()));
        return List.copyOf(versions);
    }

    @Override
    public boolean testCompatibility(String subject, Schema schema) {
        try {
            JsonNode answer = call(
                    "POST", "/compatibility/subjects/" + segment(subject) + "/versions/latest", schemaBody(schema));
            JsonNode verdict = answer.get("is_compatible");
            if (verdict == null || !verdict.isBoolean()) {
                throw malformed("compatibility of " + subject, answer);
            }
            return verdict.booleanValue();
        } catch (SchemaRegistryException e) {
            // no subject or no version yet: registering would create version 1, which is always allowed
            if (e.httpStatus() == 404
                    && (e.errorCode() == SchemaRegistryException.SUBJECT_NOT_FOUND
                            || e.errorCode() == SchemaRegistryException.VERSION_NOT_FOUND)) {
                return true;
            }
            throw e;
        }
    }

    @Override
    public CompatibilityLevel getCompatibility(String subject) {
        JsonNode answer;
        try {
            answer = call("GET", "/config/" + segment(subject), null);
        } catch (SchemaRegistryException e) {
            // Confluent says 40408 and Apicurio 40401 when the subject has no level of its own
            if (!e.isNotFound()) {
                throw e;
            }
            answer = call("GET", "/config", null);
        }
        return level(answer, "compatibilityLevel");
    }

    @Override
    public void setCompatibility(String subject, CompatibilityLevel level) {
        ObjectNode body = json.createObjectNode().put("compatibility", level.name());
        call("PUT", "/config/" + segment(subject), body.toString());
    }

    private RegisteredSchema subjectVersion(String subject, String version) {
        JsonNode answer = call("GET", "/subjects/" + segment(subject) + "/versions/" + version, null);
        int id = requiredInt(answer, "id");
        Schema schema = schemasById.computeIfAbsent(id, ignored -> parseAvro(answer, subject + " version " + version));
        JsonNode subjectName = answer.get("subject");
        return new RegisteredSchema(
                subjectName != null ? subjectName.asText() : subject, id, requiredInt(answer, "version"), schema);
    }

    private String schemaBody(Schema schema) {
        // schemaType omitted: the Confluent API then means AVRO, and older servers reject the field
        return json.createObjectNode().put("schema", schema.toString()).toString();
    }

    private Schema parseAvro(JsonNode answer, String what) {
        JsonNode type = answer.get("schemaType");
        if (type != null && !type.isNull() && !"AVRO".equals(type.asText())) {
            throw new SchemaRegistryException(
                    what + " is a " + type.asText() + " schema, not AVRO", 200, SchemaRegistryException.INVALID_SCHEMA);
        }
        JsonNode text = answer.get("schema");
        if (text == null || !text.isTextual()) {
            throw malformed(what, answer);
        }
        try {
            return new Schema.Parser().parse(text.asText());
        } catch (SchemaParseException e) {
            throw new SchemaRegistryException(
                    what + " is not a valid Avro schema: " + e.getMessage(), 200, SchemaRegistryException.INVALID_SCHEMA, e);
        }
    }

    private CompatibilityLevel level(JsonNode answer, String field) {
        JsonNode value = answer.get(field);
        if (value == null || !value.isTextual()) {
            throw malformed("compatibility level", answer);
        }
        try {
            return CompatibilityLevel.valueOf(value.asText());
        } catch (IllegalArgumentException e) {
            throw malformed("compatibility level", answer);
        }
    }

    private static int requiredInt(JsonNode answer, String field) {
        JsonNode value = answer.get(field);
        if (value == null || !value.canConvertToInt()) {
            throw malformed("field '" + field + "'", answer);
        }
        return value.intValue();
    }

    private static SchemaRegistryException malformed(String what, JsonNode answer) {
        return new SchemaRegistryException("unexpected registry answer for " + what + ": " + answer, 200, 0);
    }

    private static String segment(String pathSegment) {
        return URLEncoder.encode(pathSegment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Sends one call with retries on no-answer and 5xx; returns the parsed 2xx body. */
    private JsonNode call(String method, String path, String body) {
        URI uri = URI.create(config.baseUrl() + path);
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(config.requestTimeout())
                .header("Accept", CONTENT_TYPE + ", application/json")
                .header("Content-Type", CONTENT_TYPE)
                .method(method, body == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
        SchemaRegistryException last = null;
        for (int attempt = 1; attempt <= config.maxAttempts(); attempt++) {
            if (attempt > 1) {
                pauseBeforeRetry(attempt, last);
            }
            try {
                requestsSent.increment();
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                int status = response.statusCode();
                if (status >= 200 && status < 300) {
                    return readJson(response.body(), method, uri);
                }
                last = errorFrom(method, uri, status, response.body());
                if (status < 500) {
                    throw last;
                }
            } catch (IOException e) {
                last = new SchemaRegistryException(
                        method + " " + uri + " got no answer: " + e, 0, 0, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SchemaRegistryException(method + " " + uri + " interrupted", 0, 0, e);
            }
            LOG.debug("registry attempt {}/{} failed: {}", attempt, config.maxAttempts(), last.getMessage());
        }
        throw last;
    }

    private void pauseBeforeRetry(int attempt, SchemaRegistryException last) {
        try {
            Thread.sleep(config.retryBackoff().toMillis() * (attempt - 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw last;
        }
    }

    private JsonNode readJson(String body, String method, URI uri) {
        try {
            return json.readTree(body);
        } catch (IOException e) {
            throw new SchemaRegistryException(method + " " + uri + " answered with non-JSON: " + body, 200, 0, e);
        }
    }

    private SchemaRegistryException errorFrom(String method, URI uri, int status, String body) {
        int errorCode = 0;
        String message = body;
        try {
            JsonNode error = json.readTree(body);
            if (error != null && error.isObject()) {
                errorCode = error.path("error_code").asInt(0);
                message = error.path("message").asText(body);
            }
        } catch (IOException notJson) {
            // an HTML error page from a proxy: keep the raw body as the message
        }
        return new SchemaRegistryException(
                method + " " + uri + " -> " + status + " (error_code " + errorCode + "): " + message, status, errorCode);
    }
}
