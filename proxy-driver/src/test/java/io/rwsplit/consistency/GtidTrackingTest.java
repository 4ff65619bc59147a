package io.rwsplit.consistency;

import static com.mysql.cj.protocol.ServerSessionStateController.SESSION_TRACK_GTIDS;
import static com.mysql.cj.protocol.ServerSessionStateController.SESSION_TRACK_SCHEMA;
import static com.mysql.cj.protocol.ServerSessionStateController.SESSION_TRACK_STATE_CHANGE;
import static com.mysql.cj.protocol.ServerSessionStateController.SESSION_TRACK_SYSTEM_VARIABLES;
import static org.assertj.core.api.Assertions.assertThat;

import com.mysql.cj.protocol.ServerSessionStateController.SessionStateChange;
import io.rwsplit.monitor.ServerKind;
import java.util.List;
import org.junit.jupiter.api.Test;

class GtidTrackingTest {

    @Test
    void asksForTheGtidWhenConnectorJsSessionTrackingClassesAreGone() throws Exception {
        FakePrimary primary = new FakePrimary("5.5.5-10.11.19-MariaDB");
        primary.internalsMissing = new NoClassDefFoundError("com/mysql/cj/MysqlConnection");
        primary.lastGtid = "0-1-42";
        GtidTracking tracking = new GtidTracking();
        assertThat(tracking.prepare(primary.connection())).as("tracking on").isFalse();
        assertThat(tracking.tracked(primary.connection())).isNull();
        assertThat(tracking.asked(primary.connection()).toString()).isEqualTo("0-1-42");
        assertThat(primary.sent).containsExactly("SELECT @@last_gtid");
    }

    private static final String UUID = "3E11FA47-71CA-11E1-9E33-C80AA9429562";

    @Test
    void mariaDbReportsTheGtidAsTheTrackedVariableLastGtid() {
        List<SessionStateChange> changes = List.of(variable("last_gtid", "0-1-17"));
        assertThat(GtidTracking.trackedGtid(changes, ServerKind.MARIADB)).isEqualTo("0-1-17");
    }

    @Test
    void otherTrackedVariablesAreNotAGtid() {
        List<SessionStateChange> changes = List.of(variable("autocommit", "ON"), variable("time_zone", "+00:00"),
                new SessionStateChange(SESSION_TRACK_SCHEMA).addValue("app"));
        assertThat(GtidTracking.trackedGtid(changes, ServerKind.MARIADB)).isNull();
    }

    @Test
    void theGtidIsFoundAmongOtherChanges() {
        // setAutoCommit(true) committing a transaction: the OK packet reports both.
        List<SessionStateChange> changes = List.of(variable("last_gtid", "0-1-12"), variable("autocommit", "ON"));
        assertThat(GtidTracking.trackedGtid(changes, ServerKind.MARIADB)).isEqualTo("0-1-12");
    }

    @Test
    void theVariableNameIsCaseInsensitiveAndTheLastValueWins() {
        List<SessionStateChange> changes = List.of(variable("LAST_GTID", "0-1-3"), variable("last_gtid", "0-1-4"));
        assertThat(GtidTracking.trackedGtid(changes, ServerKind.MARIADB)).isEqualTo("0-1-4");
    }

    @Test
    void aVariableWithoutValueIsIgnored() {
        List<SessionStateChange> changes = List.of(
                new SessionStateChange(SESSION_TRACK_SYSTEM_VARIABLES).addValue("last_gtid"));
        assertThat(GtidTracking.trackedGtid(changes, ServerKind.MARIADB)).isNull();
    }

    @Test
    void mySqlReportsTheGtidAsAGtidsChange() {
        List<SessionStateChange> changes = List.of(new SessionStateChange(SESSION_TRACK_STATE_CHANGE).addValue("1"),
                new SessionStateChange(SESSION_TRACK_GTIDS).addValue(UUID + ":23"));
        assertThat(GtidTracking.trackedGtid(changes, ServerKind.MYSQL_8_2)).isEqualTo(UUID + ":23");
    }

    @Test
    void eachDialectReadsOnlyItsOwnKindOfChange() {
        List<SessionStateChange> changes = List.of(variable("last_gtid", "0-1-5"),
                new SessionStateChange(SESSION_TRACK_GTIDS).addValue(UUID + ":7"));
        assertThat(GtidTracking.trackedGtid(changes, ServerKind.MARIADB)).isEqualTo("0-1-5");
        assertThat(GtidTracking.trackedGtid(changes, ServerKind.MYSQL_8_2)).isEqualTo(UUID + ":7");
    }

    @Test
    void noChangesNoGtid() {
        assertThat(GtidTracking.trackedGtid(List.of(), ServerKind.MARIADB)).isNull();
        assertThat(GtidTracking.trackedGtid(List.of(), ServerKind.MYSQL_8_2)).isNull();
    }

    private static SessionStateChange variable(String name, String value) {
        return new SessionStateChange(SESSION_TRACK_SYSTEM_VARIABLES).addValue(name).addValue(value);
    }
}
