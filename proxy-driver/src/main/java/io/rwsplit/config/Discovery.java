package io.rwsplit.config;

import java.util.Locale;

/** Which servers the driver uses besides the URL's hosts. */
public enum Discovery {
    /** Only the URL's hosts (the default): what the app was configured with, nothing more. */
    OFF,
    /** Also the replicas the primary reports (SHOW SLAVE HOSTS / SHOW REPLICAS), once they pass the health checks. */
    REPLICAS;

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
