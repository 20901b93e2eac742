package dev.parallelrun.dashboard;

import java.net.URI;

/**
 * One service the page reads, and the line it shows when that service does not answer.
 *
 * @param name   the service, as the lab names it
 * @param base   where it answers on the lab's network
 * @param absent what starts it, said after "{name} is not running: "
 */
record Part(String name, URI base, String absent) {

    String notRunning() {
        return name + " is not running: " + absent;
    }
}
