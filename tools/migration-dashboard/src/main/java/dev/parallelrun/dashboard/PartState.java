package dev.parallelrun.dashboard;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What the page shows of one part: its data, or one line saying why there is none (not running, not started yet).
 * Always a 200: a part that is down is a state of the lab, not an error of the page.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record PartState(boolean available, Object data, String notice) {

    static PartState of(Object data) {
        return new PartState(true, data, null);
    }

    static PartState absent(String notice) {
        return new PartState(false, null, notice);
    }
}
