package dev.parallelrun.web.problem;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.sql.SQLTransientException;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.MethodParameter;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.dao.UncategorizedDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.validation.method.ParameterErrors;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Every error leaves as RFC 9457 {@code application/problem+json}. Client mistakes say precisely what is wrong;
 * server failures say nothing about their cause (it goes to the log).
 */
@RestControllerAdvice
public class ProblemDetailsExceptionHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemDetailsExceptionHandler.class);

    /** How soon a client may retry when the database is unreachable. */
    static final String RETRY_AFTER_SECONDS = "2";
    /** ... and when every connection of the pool is busy with other requests. */
    static final String BUSY_RETRY_AFTER_SECONDS = "1";

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<InvalidField> errors = ex.getBindingResult().getFieldErrors().stream()
                .map(error -> new InvalidField(error.getField(), error.getDefaultMessage()))
                .toList();
        return invalid(ex, "Invalid request content", errors, headers, request);
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<InvalidField> errors = ex.getParameterValidationResults().stream()
                .flatMap(result -> result instanceof ParameterErrors body
                        ? body.getFieldErrors().stream()
                                .map(error -> new InvalidField(error.getField(), error.getDefaultMessage()))
                        : result.getResolvableErrors().stream()
                                .map(error -> new InvalidField(nameOf(result.getMethodParameter()),
                                        error.getDefaultMessage())))
                .toList();
        return invalid(ex, "Invalid request parameters", errors, headers, request);
    }

    /** One entry of a 400's {@code errors} list: which field or header, and what is wrong with it. */
    record InvalidField(String field, String message) {
    }

    private ResponseEntity<Object> invalid(Exception ex, String title, List<InvalidField> errors,
            HttpHeaders headers, WebRequest request) {
        String detail = errors.stream()
                .map(error -> error.field() + " " + error.message())
                .sorted()
                .collect(Collectors.joining("; ", "Invalid request: ", ""));
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
        problem.setTitle(title);
        problem.setProperty("errors", errors);
        return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
    }

    /**
     * A path no endpoint maps is not a missing file: the answer names the request that found nothing (Spring's own
     * detail speaks of a "static resource", which an API has none of).
     */
    @Override
    protected ResponseEntity<Object> handleNoResourceFoundException(NoResourceFoundException ex, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        String path = request instanceof ServletWebRequest servlet ? servlet.getRequest().getRequestURI()
                : "/" + ex.getResourcePath();
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
                "No endpoint answers " + ex.getHttpMethod() + " " + path);
        problem.setTitle("Not Found");
        return handleExceptionInternal(ex, problem, headers, HttpStatus.NOT_FOUND, request);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        RequestBodyTooLargeException tooLarge = findCause(ex, RequestBodyTooLargeException.class);
        if (tooLarge != null) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE,
                    "Request body exceeds " + tooLarge.limit() + " bytes");
            problem.setTitle("Request body too large");
            return handleExceptionInternal(ex, problem, headers, HttpStatus.CONTENT_TOO_LARGE, request);
        }
        Throwable cause = ex.getCause();
        String detail;
        if (cause instanceof UnrecognizedPropertyException unknown) {
            detail = "Unknown field '" + unknown.getPropertyName() + "'";
        }
        else if (cause instanceof MismatchedInputException mismatched && !mismatched.getPath().isEmpty()) {
            detail = "Field '" + fieldPath(mismatched) + "' has the wrong type or format";
        }
        else if (cause instanceof StreamReadException read && isDuplicateProperty(read)) {
            detail = "Duplicate field '" + read.processor().streamReadContext().currentName() + "'";
        }
        else if (cause instanceof StreamReadException) {
            detail = "Malformed JSON";
        }
        else if (cause instanceof JacksonException) {
            detail = "Request body does not have the expected JSON structure";
        }
        else {
            detail = "Request body is missing or unreadable";
        }
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
        problem.setTitle("Unreadable request body");
        return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
    }

    /**
     * A bug answers 500 without its cause. A database that cannot be reached (down, restarting, pool exhausted while
     * it is slow) answers 503 with {@code Retry-After}: the request may well succeed in a moment, and a client that
     * retries with the same {@code Idempotency-Key} cannot create anything twice.
     */
    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception ex) {
        if (isPoolExhausted(ex)) {
            // Overload, not an outage: the database answers, but every connection was busy for the pool's whole wait.
            log.warn("Connection pool exhausted: {}", rootCauseMessage(ex));
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                    "The service is at capacity; retry after " + BUSY_RETRY_AFTER_SECONDS + " s with the same "
                            + "Idempotency-Key");
            problem.setTitle("Service busy");
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                    .header(HttpHeaders.RETRY_AFTER, BUSY_RETRY_AFTER_SECONDS).body(problem);
        }
        if (isDatabaseUnavailable(ex)) {
            log.warn("Database unavailable: {}", rootCauseMessage(ex));
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                    "The service is temporarily unavailable; retry later with the same Idempotency-Key");
            problem.setTitle("Service unavailable");
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                    .header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS).body(problem);
        }
        log.error("Unexpected error", ex);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
                "An unexpected error occurred");
        problem.setTitle("Internal Server Error");
        return ResponseEntity.internalServerError().body(problem);
    }

    /**
     * The pool found no free connection in time although the database is reachable: Hikari's timeout carries the
     * last failure to connect as its cause, and has none while connecting works.
     */
    static boolean isPoolExhausted(Throwable ex) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException pool && pool.getCause() == null
                    && pool.getMessage() != null && pool.getMessage().contains("Connection is not available")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whatever shape the failure takes: a connection refused or cut, a pool that found none in time, and also a
     * commit or rollback that failed (when the connection dies mid-transaction, the rollback fails on it and its
     * exception replaces the original one), or an SQL failure Spring could not classify.
     */
    static boolean isDatabaseUnavailable(Throwable ex) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (t instanceof CannotCreateTransactionException || t instanceof DataAccessResourceFailureException
                    || t instanceof TransientDataAccessException || t instanceof RecoverableDataAccessException
                    || t instanceof TransactionSystemException || t instanceof SQLTransientException
                    || t instanceof SQLRecoverableException || t instanceof SQLNonTransientConnectionException) {
                return true;
            }
            if (t instanceof UncategorizedDataAccessException && rootCause(t) instanceof SQLException) {
                return true;
            }
            // 08: connection exceptions; 57P01-57P03: the server is shutting down, crashed or is starting.
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P0"))) {
                return true;
            }
        }
        return false;
    }

    private static String rootCauseMessage(Throwable ex) {
        Throwable root = rootCause(ex);
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    private static Throwable rootCause(Throwable ex) {
        Throwable root = ex;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }

    private static boolean isDuplicateProperty(StreamReadException ex) {
        return ex.getOriginalMessage() != null && ex.getOriginalMessage().startsWith("Duplicate Object property")
                && ex.processor() != null && ex.processor().streamReadContext() != null;
    }

    private static String nameOf(MethodParameter parameter) {
        RequestHeader header = parameter.getParameterAnnotation(RequestHeader.class);
        return header != null && !header.name().isEmpty() ? header.name() : parameter.getParameterName();
    }

    private static String fieldPath(JacksonException ex) {
        return String.join(".", ex.getPath().stream()
                .map(ref -> ref.getPropertyName() != null ? ref.getPropertyName() : String.valueOf(ref.getIndex()))
                .toList());
    }

    private static <T extends Throwable> T findCause(Throwable ex, Class<T> type) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
