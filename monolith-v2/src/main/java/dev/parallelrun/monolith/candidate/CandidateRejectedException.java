package dev.parallelrun.monolith.candidate;

/** The microservice answered 4xx: the event itself is refused, so retrying it would never succeed. */
class CandidateRejectedException extends RuntimeException {

    CandidateRejectedException(String message) {
        super(message);
    }
}
