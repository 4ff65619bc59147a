package io.rwsplit.testkit;

import org.opentest4j.TestAbortedException;

/**
 * The CONTAINER backend was chosen where no Docker engine answers. It is a {@link TestAbortedException}, so JUnit
 * (and every runner built on opentest4j) reports a test class that starts such a cluster as skipped, with this
 * one-line reason, rather than failed; outside a test it is an ordinary unchecked exception.
 */
public final class DockerUnavailableException extends TestAbortedException {

    private static final long serialVersionUID = 1L;

    DockerUnavailableException(String message) {
        super(message);
    }
}
