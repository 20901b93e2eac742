package dev.parallelrun.canary;

import java.net.URI;
import java.util.List;

/** Where a version's instances answer: every address its name resolves to on the lab's network. */
interface InstanceResolver {

    List<URI> instances(String version);
}
