/**
 * The driver's URL and settings: {@link io.rwsplit.config.DriverConfig} parses
 * {@code jdbc:rwsplit:mysql://primary[:port][,replica[:port]...][/database][?key=value&...]} with the
 * {@code Properties} given to {@code connect}, validates every {@code rwsplit.*} setting of the
 * {@link io.rwsplit.config.Settings} catalog at once, and passes everything else to Connector/J unchanged.
 * Properties override the URL's query, as in Connector/J. {@link io.rwsplit.config.Masking} hides passwords in
 * whatever is logged.
 */
package io.rwsplit.config;
