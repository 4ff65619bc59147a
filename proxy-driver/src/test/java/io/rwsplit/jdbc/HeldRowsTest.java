package io.rwsplit.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.mysql.cj.MysqlType;
import com.mysql.cj.protocol.ResultsetRows;
import com.mysql.cj.protocol.a.result.ByteArrayRow;
import com.mysql.cj.protocol.a.result.ResultsetRowsStatic;
import com.mysql.cj.result.DefaultColumnDefinition;
import com.mysql.cj.result.Field;
import com.mysql.cj.result.Row;
import com.mysql.cj.util.LazyString;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What a replay of a result Connector/J held whole is compared on: the raw values of the rows the app's cursor went
 * over, and the end when it went past it. The rows are Connector/J's own, moved the way its result set moves them.
 */
class HeldRowsTest {

    @Test
    void aResultTheAppNeverMovedIntoMatchesAnyReplay() {
        HeldRows held = held(rows("1,a", "2,b"), 0);

        assertThat(held.seen()).isZero();
        assertThat(held.sawEnd()).isFalse();
        assertThat(held.compareWith(rows("9,z"))).isNull();
    }

    @Test
    void comparesOnlyTheRowsTheAppMovedOnto() {
        HeldRows held = held(rows("1,a", "2,b", "3,c"), 1);

        assertThat(held.seen()).isEqualTo(1);
        assertThat(held.compareWith(rows("1,a", "2,changed", "3,c", "4,d"))).isNull();
        assertThat(held.compareWith(rows("1,changed", "2,b", "3,c")))
                .isEqualTo("a value differed among the first 1 row(s) the app had read");
        assertThat(held.compareWith(rows())).isEqualTo("it returned 0 row(s) where the app had read 1");
    }

    @Test
    void aResultReadPastItsLastRowMustEndThereInTheReplay() {
        HeldRows held = held(rows("1,a", "2,b"), 3);

        assertThat(held.seen()).isEqualTo(2);
        assertThat(held.sawEnd()).isTrue();
        assertThat(held.compareWith(rows("1,a", "2,b"))).isNull();
        assertThat(held.compareWith(rows("1,a", "2,b", "3,c")))
                .isEqualTo("it returned more than the 2 row(s) the app had read to the end");
        assertThat(held.compareWith(rows("1,a"))).isEqualTo("it returned 1 row(s) where the app had read 2");
    }

    @Test
    void aResultReadToItsLastRowButNotPastItMayGoOnInTheReplay() {
        HeldRows held = held(rows("1,a", "2,b"), 2);

        assertThat(held.sawEnd()).isFalse();
        assertThat(held.compareWith(rows("1,a", "2,b", "3,c"))).isNull();
    }

    /** Connector/J's result set does not move an empty result's rows: the app's empty answer must stay empty. */
    @Test
    void anEmptyResultCountsAsReadToItsEnd() {
        HeldRows held = held(rows(), 0);

        assertThat(held.sawEnd()).isTrue();
        assertThat(held.compareWith(rows())).isNull();
        assertThat(held.compareWith(rows("1,a")))
                .isEqualTo("it returned more than the 0 row(s) the app had read to the end");
    }

    @Test
    void tellsNullFromEmptyAndFromOtherColumnCounts() {
        HeldRows held = held(rows("1,"), 1);

        assertThat(held.compareWith(rows("1,"))).isNull();
        assertThat(held.compareWith(rows("1,NULL")))
                .isEqualTo("a value differed among the first 1 row(s) the app had read");
        assertThat(held(rows("1,NULL"), 1).compareWith(rows("1,NULL"))).isNull();
        assertThat(held.compareWith(rows(3, "1,,x"))).isEqualTo("it had 3 column(s) where the app had read 2");
    }

    @Test
    void countsTheHeldBytesUntilTheyPassTheCap() {
        HeldRows held = held(rows("1,abc", "2,NULL"), 0);

        // Two rows of 32 bytes, four values of 8, and the values' own bytes: "1", "abc", "2".
        assertThat(held.bytes(Long.MAX_VALUE)).isEqualTo(2 * 32 + 4 * 8 + 5);
        assertThat(held.bytes(10)).as("stops after the row that passed the cap").isEqualTo(32 + 2 * 8 + 4);
    }

    @Test
    void aConnectorJWithoutTheInternalApiLeavesResultsToTheWatch() throws Exception {
        java.lang.reflect.Field readable = HeldRows.class.getDeclaredField("readable");
        readable.setAccessible(true);
        try {
            ResultSet physical = (ResultSet) Proxy.newProxyInstance(
                    getClass().getClassLoader(), new Class<?>[] {ResultSet.class},
                    (proxy, method, args) -> switch (method.getName()) {
                        case "getType" -> ResultSet.TYPE_FORWARD_ONLY;
                        case "getConcurrency" -> ResultSet.CONCUR_READ_ONLY;
                        case "isWrapperFor" -> throw new NoClassDefFoundError(
                                "com/mysql/cj/jdbc/result/ResultSetInternalMethods");
                        default -> null;
                    });

            assertThat(HeldRows.of(physical)).isNull();
            assertThat(readable.getBoolean(null)).as("said once, then watched without trying").isFalse();
        } finally {
            readable.setBoolean(null, true);
        }
    }

    /** A union's rows: each read's in a row, the read's number in a last column. */
    @Test
    void comparesASliceOfACombinedResultInItsFirstColumns() {
        ResultsetRows union = rows(3, "1,a,0", "2,b,1", "3,c,1");

        assertThat(held(rows("2,b", "3,c"), 3).compareSlice(union, 1, 3)).isNull();
        assertThat(held(rows("1,a"), 2).compareSlice(union, 0, 1)).isNull();
        assertThat(held(rows("1,a"), 2).compareSlice(union, 1, 3))
                .isEqualTo("a value differed among the first 1 row(s) the app had read");
        assertThat(held(rows("2,b"), 2).compareSlice(union, 1, 3))
                .isEqualTo("it returned more than the 1 row(s) the app had read to the end");
        assertThat(held(rows("2,b", "3,c"), 3).compareSlice(union, 1, 2))
                .isEqualTo("it returned 1 row(s) where the app had read 2");
    }

    /**
     * Values are compared as written, so the columns must be written alike: same type, length, character set, scale
     * of a number, and the UNSIGNED and ZEROFILL flags. What a union reports differently without changing a value (a
     * text column's scale, a number's BINARY flag, key flags) does not count.
     */
    @Test
    void comparesOnlyColumnsWrittenAlike() {
        Field text = field(MysqlType.VARCHAR, 80, 0, 0, 45);
        Field number = field(MysqlType.DECIMAL, 10, 0, 2, 63);

        assertThat(sameColumns(text, field(MysqlType.VARCHAR, 80, 0, 39, 45))).as("a union's text scale").isTrue();
        assertThat(sameColumns(number, field(MysqlType.DECIMAL, 10, 128 | 1 | 2, 2, 63))).as("binary, key flags")
                .isTrue();
        assertThat(sameColumns(text, field(MysqlType.VARCHAR, 80, 0, 0, 46))).as("another collation").isFalse();
        assertThat(sameColumns(text, field(MysqlType.VARCHAR, 40, 0, 0, 45))).as("another length").isFalse();
        assertThat(sameColumns(number, field(MysqlType.DECIMAL, 10, 0, 3, 63))).as("another scale").isFalse();
        assertThat(sameColumns(number, field(MysqlType.DECIMAL, 10, 32, 2, 63))).as("unsigned").isFalse();
        assertThat(sameColumns(number, field(MysqlType.DECIMAL, 10, 64, 2, 63))).as("zerofill").isFalse();
        assertThat(sameColumns(number, field(MysqlType.DOUBLE, 10, 0, 2, 63))).as("another type").isFalse();
    }

    private static boolean sameColumns(Field mine, Field theirs) {
        HeldRows held = new HeldRows(new ResultsetRowsStatic(List.of(), new DefaultColumnDefinition(
                new Field[] {mine})), 1);
        HeldRows other = new HeldRows(new ResultsetRowsStatic(List.of(), new DefaultColumnDefinition(
                new Field[] {theirs})), 1);
        return held.sameColumns(other);
    }

    private static Field field(MysqlType type, long length, int flags, int decimals, int collation) {
        LazyString name = new LazyString("c");
        return new Field(name, name, name, name, name, length, protocolType(type),
                (short) flags, decimals, collation, collation == 63 ? "binary" : "utf8mb4", type);
    }

    /** The protocol's type id of the types these tests use. */
    private static int protocolType(MysqlType type) {
        return switch (type) {
            case VARCHAR -> 253;
            case DECIMAL -> 246;
            case DOUBLE -> 5;
            default -> throw new IllegalArgumentException(type.toString());
        };
    }

    /** Rows the app moved over with {@code next()} {@code moves} times, as Connector/J's result set does. */
    private static HeldRows held(ResultsetRows rows, int moves) {
        for (int i = 0; i < moves && rows.size() > 0; i++) {
            rows.next();
        }
        return new HeldRows(rows, rows.getMetadata().getFields().length);
    }

    private static ResultsetRows rows(String... rows) {
        return rows(2, rows);
    }

    /** Rows of comma-separated values, NULL for SQL NULL. */
    private static ResultsetRows rows(int columns, String... rows) {
        Field[] fields = new Field[columns];
        for (int i = 0; i < columns; i++) {
            fields[i] = new Field("t", "c" + i, 45, "utf8mb4", MysqlType.VARCHAR, 40);
        }
        List<Row> list = new ArrayList<>();
        for (String row : rows) {
            String[] values = row.split(",", -1);
            byte[][] bytes = new byte[columns][];
            for (int i = 0; i < columns; i++) {
                bytes[i] = values[i].equals("NULL") ? null : values[i].getBytes(StandardCharsets.UTF_8);
            }
            list.add(new ByteArrayRow(bytes, null));
        }
        return new ResultsetRowsStatic(list, new DefaultColumnDefinition(fields));
    }
}
