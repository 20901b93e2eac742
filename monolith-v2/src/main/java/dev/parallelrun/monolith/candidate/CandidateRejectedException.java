package dev.parallelrun.monolith.candidate;

/** The microservice refused the event itself as invalid (400, 409, 422): retrying it as it is cannot succeed. */
class CandidateRejectedException extends RuntimeException {

    CandidateRejectedException(String message) {
        super(message);
    }
}
