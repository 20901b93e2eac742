package dev.parallelrun.load;

/**
 * What became of one request: the status it was answered with, or why it was not.
 *
 * @param outcome the status code ({@code "201"}, {@code "503"}) or, with no answer, {@link #TIMEOUT},
 *     {@link #CONNECTION_ERROR} or {@link #NOT_SENT}
 * @param servedBy the answer's {@code X-Served-By} ({@code version/instance}), null with no answer
 * @param retryAfter whether the answer carried {@code Retry-After}
 * @param nanos from the request's planned time to its answer (or failure)
 */
record Answer(String outcome, String servedBy, boolean retryAfter, long nanos) {

    /** No answer within the client's timeout. */
    static final String TIMEOUT = "timeout";
    /** Refused, reset or closed before any answer (after the resends a closed connection gets). */
    static final String CONNECTION_ERROR = "connection error";
    /** Not sent: more requests than --max-in-flight were waiting for an answer. */
    static final String NOT_SENT = "not sent";

    boolean answered() {
        return servedBy != null;
    }

    boolean error() {
        return !(outcome.length() == 3 && outcome.charAt(0) == '2');
    }
}
