package org.webtrunk.gateway.protection;

import java.util.Locale;

/** Why an address is banned; also the {@code reason} tag of {@code webtrunk_protection_bans_total}. */
public enum BanReason {
    /** Over the flood density ({@link FloodDetector}). */
    FLOOD,
    /** Too many wrong digest answers ({@link AuthFailureTracker}). */
    AUTH_FAILURES,
    /** A scanner User-Agent ({@link ScannerDetector}). */
    SCANNER,
    /** Too many requests to numbers no tenant owns ({@link ScannerDetector}). */
    UNKNOWN_NUMBERS,
    /** Banned by an operator through the admin API. */
    MANUAL;

    public String tag() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
