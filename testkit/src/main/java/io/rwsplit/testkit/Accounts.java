package io.rwsplit.testkit;

/** The fixed accounts every cluster has. Test servers only: the passwords are no secret. */
final class Accounts {

    static final Credentials ROOT = new Credentials("root", "rwsplit-root");
    static final Credentials APP = new Credentials("app", "rwsplit-app");
    static final Credentials MONITOR = new Credentials("monitor", "rwsplit-monitor");
    /** Used by the replicas to connect to the primary; not exposed. */
    static final Credentials REPLICATION = new Credentials("repl", "rwsplit-repl");

    private Accounts() {
    }
}
