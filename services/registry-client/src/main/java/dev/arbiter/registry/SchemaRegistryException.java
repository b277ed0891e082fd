package dev.arbiter.registry;

/**
 * A registry call failed. Carries the HTTP status (0 when no response arrived at all: connection
 * refused, timeout) and the Confluent {@code error_code} from the response body (0 when absent),
 * so callers can separate answers about the data ({@link #isNotFound()}, {@link #isIncompatible()},
 * {@link #isInvalidSchema()}) from an unreachable or failing registry ({@link #isUnavailable()}),
 * which must be retried rather than blamed on a record.
 */
public class SchemaRegistryException extends RuntimeException {

    /** Confluent: subject not found. */
    public static final int SUBJECT_NOT_FOUND = 40401;
    /** Confluent: version not found. */
    public static final int VERSION_NOT_FOUND = 40402;
    /** Confluent: schema (id) not found. */
    public static final int SCHEMA_NOT_FOUND = 40403;
    /** Confluent: subject has no compatibility level of its own. */
    public static final int SUBJECT_LEVEL_COMPATIBILITY_NOT_CONFIGURED = 40408;
    /** Confluent: schema is incompatible with earlier versions (Apicurio sends 0 with its 409). */
    public static final int INCOMPATIBLE_SCHEMA = 409;
    /** Confluent: the schema text is not a valid schema. */
    public static final int INVALID_SCHEMA = 42201;

    private final int httpStatus;
    private final int errorCode;

    public SchemaRegistryException(String message, int httpStatus, int errorCode, Throwable cause) {
        super(message, cause);
        this.httpStatus = httpStatus;
        this.errorCode = errorCode;
    }

    public SchemaRegistryException(String message, int httpStatus, int errorCode) {
        this(message, httpStatus, errorCode, null);
    }

    /** HTTP status of the registry's answer, or 0 if there was none. */
    public int httpStatus() {
        return httpStatus;
    }

    /** Confluent {@code error_code} from the response body, or 0 if absent. */
    public int errorCode() {
        return errorCode;
    }

    /** The registry answered 404: subject, version or schema id unknown. */
    public boolean isNotFound() {
        return httpStatus == 404;
    }

    /** The registry answered that no schema has this id (404 / 40403). */
    public boolean isSchemaNotFound() {
        return httpStatus == 404 && errorCode == SCHEMA_NOT_FOUND;
    }

    /** The registry answered that the subject does not exist (404 / 40401). */
    public boolean isSubjectNotFound() {
        return httpStatus == 404 && errorCode == SUBJECT_NOT_FOUND;
    }

    /** The registry refused a schema as incompatible. Judged by status: Apicurio's body says 0. */
    public boolean isIncompatible() {
        return httpStatus == 409;
    }

    /** The registry refused the schema text as invalid (422). */
    public boolean isInvalidSchema() {
        return httpStatus == 422;
    }

    /** No answer, or a 5xx: the registry is down or failing, not the input. Retry later. */
    public boolean isUnavailable() {
        return httpStatus == 0 || httpStatus >= 500;
    }
}
