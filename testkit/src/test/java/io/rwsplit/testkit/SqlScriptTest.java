package io.rwsplit.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SqlScriptTest {

    @Test
    void splitsStatementsSkipsCommentsAndFillsPlaceholders() {
        List<String> statements = SqlScript.render("""
                -- a comment
                CREATE DATABASE `${SCHEMA}`;

                CHANGE MASTER TO
                  MASTER_PORT = ${PORT},
                  MASTER_HOST = '127.0.0.1';
                """, Map.of("SCHEMA", "app", "PORT", "3307"));
        assertThat(statements).containsExactly("CREATE DATABASE `app`",
                "CHANGE MASTER TO MASTER_PORT = 3307, MASTER_HOST = '127.0.0.1'");
    }

    @Test
    void rejectsMissingValuesUnsafeValuesAndUnterminatedStatements() {
        assertThatThrownBy(() -> SqlScript.render("SELECT ${X};", Map.of()))
                .hasMessageContaining("no value for placeholder ${X}");
        assertThatThrownBy(() -> SqlScript.render("SELECT '${X}';", Map.of("X", "a'b")))
                .hasMessageContaining("quote");
        assertThatThrownBy(() -> SqlScript.render("SELECT 1", Map.of()))
                .hasMessageContaining("without a closing ';'");
    }

    @Test
    void shippedScriptsRenderForBothFlavors() {
        Map<String, String> values = Map.of("SCHEMA", "app", "APP_PASSWORD", "a", "MONITOR_PASSWORD", "m",
                "REPLICATION_PASSWORD", "r", "SOURCE_HOST", "127.0.0.1", "SOURCE_PORT", "3306", "ROOT_PASSWORD", "p");
        for (String flavor : List.of("mariadb", "mysql")) {
            assertThat(SqlScript.load(flavor + "/primary-init.sql", values))
                    .anySatisfy(sql -> assertThat(sql).startsWith("GRANT ALL PRIVILEGES ON `app`.* TO 'app'"))
                    .noneSatisfy(sql -> assertThat(sql).contains("ON *.* TO 'app'"));
            assertThat(SqlScript.load(flavor + "/replica-init.sql", values)).hasSize(2);
            assertThat(SqlScript.load(flavor + "/template-root.sql", values)).isNotEmpty();
        }
        assertThat(SqlScript.load("mariadb/replica-init.sql", values).get(0))
                .contains("MASTER_USE_GTID = slave_pos", "MASTER_PORT = 3306", "MASTER_CONNECT_RETRY = 1");
        assertThat(SqlScript.load("mysql/replica-init.sql", values).get(0))
                .contains("SOURCE_AUTO_POSITION = 1", "SOURCE_PORT = 3306");
    }
}
