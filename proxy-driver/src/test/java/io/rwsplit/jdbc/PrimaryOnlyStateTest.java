package io.rwsplit.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.rwsplit.sql.Classification;
import io.rwsplit.sql.RouteHint;
import io.rwsplit.sql.StatementKind;
import org.junit.jupiter.api.Test;

class PrimaryOnlyStateTest {

    private final PrimaryOnlyState state = new PrimaryOnlyState();
    private final PhysicalConnection primary = new PhysicalConnection(null, null);

    @Test
    void remembersTemporaryTablesWhateverTheirCase() {
        state.track(new Classification(StatementKind.TEMPORARY_TABLE, RouteHint.NONE, "Scratch"),
                "CREATE TEMPORARY TABLE Scratch (id INT)", primary);
        assertThat(state.mentionsTemporaryTable("SELECT * FROM scratch")).isTrue();
        assertThat(state.mentionsTemporaryTable("SELECT * FROM orders")).isFalse();
        assertThat(primary.sessionChanged).isTrue();
    }

    @Test
    void pinsUntilUnlockTablesEvenBehindAComment() {
        state.track(Classification.of(StatementKind.SESSION_PIN), "LOCK TABLES orders READ", primary);
        assertThat(state.tablesLocked()).isTrue();
        state.track(Classification.of(StatementKind.SESSION_PIN), "/* done */ UNLOCK TABLES", primary);
        assertThat(state.tablesLocked()).isFalse();
        assertThat(primary.sessionChanged).isTrue();
    }

    @Test
    void marksANamedLockAsSessionStateThePoolCannotUndo() {
        state.track(Classification.of(StatementKind.SESSION_READ), "SELECT GET_LOCK('job', 1)", primary);
        assertThat(primary.sessionChanged).isTrue();
        assertThat(state.readsAssignedVariable("SELECT @job")).isFalse();
    }

    @Test
    void sendsReadsOfUserVariablesToThePrimaryOnlyAfterASelectAssignedOne() {
        assertThat(state.readsAssignedVariable("SELECT @total")).isFalse();
        state.track(Classification.of(StatementKind.SESSION_READ), "SELECT @total := COUNT(*) FROM orders", primary);
        assertThat(state.readsAssignedVariable("SELECT @total")).isTrue();
        assertThat(state.readsAssignedVariable("SELECT @@server_id")).isFalse();
    }

    @Test
    void leavesPlainReadsAlone() {
        state.track(Classification.of(StatementKind.READ), "SELECT 1", primary);
        assertThat(primary.sessionChanged).isFalse();
        assertThat(state.tablesLocked()).isFalse();
        assertThat(state.mentionsTemporaryTable("SELECT 1")).isFalse();
    }
}
