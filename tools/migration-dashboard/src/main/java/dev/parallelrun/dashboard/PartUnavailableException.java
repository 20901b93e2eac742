package dev.parallelrun.dashboard;

/** A part gave nothing to show; the message is the one line the page shows instead. */
class PartUnavailableException extends RuntimeException {

    PartUnavailableException(String notice) {
        super(notice, null, false, false);
    }
}
