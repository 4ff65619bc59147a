package io.rwsplit.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import io.rwsplit.monitor.PrimaryResolver.Outcome;
import io.rwsplit.monitor.PrimaryResolver.View;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PrimaryResolverTest {

    private static final Endpoint A = new Endpoint("db-a.example.internal", 3306);
    private static final Endpoint B = new Endpoint("db-b.example.internal", 3306);
    private static final Endpoint C = new Endpoint("db-c.example.internal", 3307);

    private static View writable(Endpoint endpoint, long id) {
        return View.of(endpoint, id, false, ReplicationRow.NOT_CONFIGURED);
    }

    private static View readOnly(Endpoint endpoint, long id) {
        return View.of(endpoint, id, true, ReplicationRow.NOT_CONFIGURED);
    }

    private static View replicaOf(Endpoint endpoint, long id, String host, int port, long sourceId) {
        return View.of(endpoint, id, true, row(StatusRows.mariaDb(), "Master_Host", host, "Master_Port",
                Integer.toString(port), "Master_Server_Id", Long.toString(sourceId)));
    }

    private static ReplicationRow row(Map<String, String> base, String... columnsAndValues) {
        return ServerKind.MARIADB.parseReplicaStatus(List.of(StatusRows.with(base, columnsAndValues)));
    }

    @Test
    void theOneWritableServerIsThePrimaryWhateverTheOrder() {
        List<View> servers = List.of(replicaOf(B, 2, A.host(), 3306, 1), writable(A, 1), readOnly(C, 3));
        assertThat(PrimaryResolver.resolve(servers, null)).isEqualTo(new Outcome(A, null));
        assertThat(PrimaryResolver.resolve(servers, B)).isEqualTo(new Outcome(A, null));
    }

    @Test
    void noWritableServerAtStartNamesEachServersState() {
        List<View> servers = List.of(readOnly(A, 1), View.unreachable(B, 0), View.notProbed(C));
        assertThat(PrimaryResolver.resolve(servers, null)).isEqualTo(new Outcome(null, "no writable server: "
                + "db-a.example.internal:3306 read-only, db-b.example.internal:3306 unreachable, "
                + "db-c.example.internal:3307 not probed yet"));
    }

    @Test
    void twoWritableServersAreASplitBrain() {
        List<View> servers = List.of(writable(A, 1), writable(B, 2), replicaOf(C, 3, A.host(), 3306, 1));
        assertThat(PrimaryResolver.resolve(servers, A)).isEqualTo(new Outcome(null, "2 writable servers: "
                + "db-a.example.internal:3306, db-b.example.internal:3306; writes are refused until one is left"));
    }

    @Test
    void anUnreachablePrimaryStaysThePrimary() {
        List<View> servers = List.of(View.unreachable(A, 1), replicaOf(B, 2, A.host(), 3306, 1));
        assertThat(PrimaryResolver.resolve(servers, A)).isEqualTo(new Outcome(A, null));
        assertThat(PrimaryResolver.resolve(List.of(View.notProbed(A), readOnly(B, 2)), A))
                .isEqualTo(new Outcome(A, null));
    }

    @Test
    void anUnreachablePrimaryWithAnotherWritableServerMovesThere() {
        List<View> servers = List.of(View.unreachable(A, 1), writable(B, 2));
        assertThat(PrimaryResolver.resolve(servers, A)).isEqualTo(new Outcome(B, null));
    }

    @Test
    void anUnreachableServerIsNoCandidateAtStart() {
        assertThat(PrimaryResolver.resolve(List.of(View.unreachable(A, 1), readOnly(B, 2)), null).primary())
                .isNull();
    }

    @Test
    void aPrimaryTurnedReadOnlyOrReplicatingLeavesNoPrimary() {
        Outcome readOnly = PrimaryResolver.resolve(List.of(readOnly(A, 1), replicaOf(B, 2, A.host(), 3306, 1)), A);
        assertThat(readOnly.primary()).isNull();
        assertThat(readOnly.problem()).isEqualTo("no writable server: db-a.example.internal:3306 read-only, "
                + "db-b.example.internal:3306 read-only, replicating from db-a.example.internal:3306");
        View writableReplica = View.of(A, 1, false, row(StatusRows.mariaDb(), "Master_Host", B.host()));
        assertThat(PrimaryResolver.resolve(List.of(writableReplica, readOnly(B, 2)), A).primary()).isNull();
    }

    @Test
    void aServerWithBothThreadsStoppedIsNotReplicating() {
        View stopped = View.of(B, 2, false, row(StatusRows.mariaDb(), "Slave_IO_Running", "No",
                "Slave_SQL_Running", "No"));
        assertThat(PrimaryResolver.resolve(List.of(readOnly(A, 1), stopped), A)).isEqualTo(new Outcome(B, null));
        View ioOnly = View.of(B, 2, false, row(StatusRows.mariaDb(), "Slave_SQL_Running", "No"));
        assertThat(PrimaryResolver.resolve(List.of(readOnly(A, 1), ioOnly), A).primary()).isNull();
        View connecting = View.of(B, 2, false, row(StatusRows.mariaDb(), "Slave_IO_Running", "Connecting",
                "Slave_SQL_Running", "No"));
        assertThat(PrimaryResolver.resolve(List.of(readOnly(A, 1), connecting), A).primary()).isNull();
    }

    @Test
    void theSourceIsMatchedByServerIdBeforeHostAndPort() {
        List<View> known = List.of(writable(A, 1), readOnly(B, 2), readOnly(C, 3));
        View byId = replicaOf(B, 2, "10.0.0.9", 3306, 3);
        assertThat(PrimaryResolver.sourceOf(byId, known)).isEqualTo(C);
        View byHost = replicaOf(B, 2, "DB-A.example.internal", 3306, 0);
        assertThat(PrimaryResolver.sourceOf(byHost, known)).isEqualTo(A);
        View unknownId = replicaOf(B, 2, "db-c.example.internal", 3307, 42);
        assertThat(PrimaryResolver.sourceOf(unknownId, known)).isEqualTo(C);
        View elsewhere = replicaOf(B, 2, "db-z.example.internal", 3306, 0);
        assertThat(PrimaryResolver.sourceOf(elsewhere, known)).isNull();
        assertThat(PrimaryResolver.describeSource(elsewhere, known)).isEqualTo("db-z.example.internal:3306");
        assertThat(PrimaryResolver.sourceOf(readOnly(B, 2), known)).isNull();
    }

    @Test
    void aReplicaNeverMatchesItselfAsItsSource() {
        View self = replicaOf(B, 2, "10.0.0.9", 3306, 2);
        assertThat(PrimaryResolver.sourceOf(self, List.of(self, writable(A, 1)))).isNull();
    }

    @Test
    void readsMySqlSourceColumns() {
        ReplicationRow mySql = ServerKind.MYSQL_8_2.parseReplicaStatus(List.of(StatusRows.with(StatusRows.mySql84(),
                "Source_Host", "db-a.example.internal", "Source_Port", "3306", "Source_Server_Id", "1")));
        assertThat(mySql.source()).isEqualTo(A);
        assertThat(mySql.sourceServerId()).isEqualTo(1);
        View replica = View.of(B, 2, true, mySql);
        assertThat(PrimaryResolver.sourceOf(replica, List.of(writable(new Endpoint("other", 1), 1)))).isNotNull();
        assertThat(PrimaryResolver.resolve(List.of(View.of(A, 1, false, ReplicationRow.NOT_CONFIGURED), replica),
                null)).isEqualTo(new Outcome(A, null));
        ReplicationRow old = ServerKind.MYSQL_BEFORE_8_0_22.parseReplicaStatus(List.of(StatusRows.with(
                StatusRows.mySql57(), "Master_Host", "db-c.example.internal", "Master_Port", "3307",
                "Master_Server_Id", "3")));
        assertThat(old.source()).isEqualTo(C);
        assertThat(old.sourceServerId()).isEqualTo(3);
    }

    @Test
    void theChangeReasonNamesTheServersInvolved() {
        List<View> servers = List.of(readOnly(A, 1), writable(B, 2), readOnly(C, 3));
        assertThat(PrimaryResolver.changeReason(servers, A, B)).isEqualTo("db-a.example.internal:3306 read-only, "
                + "db-b.example.internal:3306 writable and not replicating");
        assertThat(PrimaryResolver.changeReason(servers, A, null)).contains("db-c.example.internal:3307 read-only");
    }
}
