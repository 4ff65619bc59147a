package io.rwsplit.monitor;

/**
 * What a replica says about its own replication, parsed from its status row in any server kind.
 *
 * @param configured     whether the server is set up as a replica at all (the status statement returned a row)
 * @param ioRunning      the IO (receiver) thread state as the server words it: {@code Yes}, {@code No},
 *                       {@code Connecting}, {@code Preparing}; "" when not configured
 * @param sqlRunning     the SQL (applier) thread state: {@code Yes} or {@code No}
 * @param ioErrno        last IO thread error number, 0 for none
 * @param ioError        last IO thread error text, "" for none
 * @param sqlErrno       last SQL thread error number, 0 for none
 * @param sqlError       last SQL thread error text, "" for none
 * @param secondsBehind  {@code Seconds_Behind_Master/Source}; null when the server reports NULL
 * @param gtidPosition   the applied GTID position ({@code Gtid_Slave_Pos}, {@code Executed_Gtid_Set}); null when the
 *                       kind of server does not report it
 * @param binlogPosition the applied coordinates in the primary's binary log; null when not reported
 * @param sqlDelay       configured delay in seconds ({@code SQL_Delay}), 0 for none
 * @param sourceHost     the host it replicates from ({@code Master_Host}, {@code Source_Host}); "" when not configured
 * @param sourcePort     the port it replicates from; 0 when unknown
 * @param sourceServerId the source's server id ({@code Master_Server_Id}, {@code Source_Server_Id}); 0 until the
 *                       replica has ever connected to it
 */
record ReplicationRow(boolean configured, String ioRunning, String sqlRunning, int ioErrno, String ioError,
                      int sqlErrno, String sqlError, Long secondsBehind, ReplicationPosition gtidPosition,
                      ReplicationPosition binlogPosition, long sqlDelay, String sourceHost, int sourcePort,
                      long sourceServerId) {

    /** A server with no replication configured. */
    static final ReplicationRow NOT_CONFIGURED =
            new ReplicationRow(false, "", "", 0, "", 0, "", null, null, null, 0, "", 0, 0);

    /**
     * Whether the server replicates: a status row with at least one thread running or reconnecting. A row with both
     * threads stopped (after {@code STOP SLAVE}) does not keep a server from being the primary.
     */
    boolean replicating() {
        return configured && (ioThreadRunning() || ioThreadConnecting() || sqlThreadRunning());
    }

    /** The source as an address; null when not configured or not a valid address. */
    Endpoint source() {
        if (sourceHost.isEmpty() || sourcePort < 1 || sourcePort > 65535) {
            return null;
        }
        return new Endpoint(sourceHost, sourcePort);
    }

    boolean ioThreadRunning() {
        return "Yes".equalsIgnoreCase(ioRunning);
    }

    /** The IO thread is trying to (re)connect to the primary rather than stopped. */
    boolean ioThreadConnecting() {
        return "Connecting".equalsIgnoreCase(ioRunning) || "Preparing".equalsIgnoreCase(ioRunning);
    }

    boolean sqlThreadRunning() {
        return "Yes".equalsIgnoreCase(sqlRunning);
    }

    boolean hasIoError() {
        return ioErrno != 0 || !ioError.isEmpty();
    }

    boolean hasSqlError() {
        return sqlErrno != 0 || !sqlError.isEmpty();
    }

    /** The position to show: the GTID position when there is one, else the binary log coordinates; may be null. */
    ReplicationPosition position() {
        return gtidPosition != null && !gtidPosition.isEmpty() ? gtidPosition : binlogPosition;
    }

    /**
     * The replica's position of the same kind as the primary's, so the two compare; null when there is none.
     */
    ReplicationPosition comparableTo(ReplicationPosition primary) {
        if (primary == null) {
            return null;
        }
        if (primary instanceof BinlogPosition) {
            return binlogPosition;
        }
        return gtidPosition != null && gtidPosition.getClass() == primary.getClass() ? gtidPosition : null;
    }

    /** {@code error 1062: Duplicate entry ...}. */
    static String describeError(int errno, String error) {
        String text = Texts.cut(error, 300);
        if (errno == 0) {
            return text;
        }
        return text.isEmpty() ? "error " + errno : "error " + errno + ": " + text;
    }
}
