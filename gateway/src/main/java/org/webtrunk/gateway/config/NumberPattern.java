package org.webtrunk.gateway.config;

import java.util.Objects;

/**
 * One entry of a tenant's {@code numbers} list: which called numbers its callers may dial.
 *
 * <p>Syntax (after removing the visual separators {@code space - . ( )} of RFC 3966 §5.1.1):
 * <ul>
 *   <li>{@code *}: every number;</li>
 *   <li>{@code +15551234567} or {@code 15551234567}: exactly that number (a leading {@code '+'} is optional
 *       and ignored, so {@code +44...} and {@code 44...} are the same number);</li>
 *   <li>{@code +1555*}: every number starting with those digits;</li>
 *   <li>a leading {@code '!'} denies instead of allowing, e.g. {@code !+1900*} against premium numbers.</li>
 * </ul>
 * The longest matching entry decides (an exact number is longer than any prefix of it); no match denies.
 * Numbers are digits only: a called user such as {@code alice} is not a number and never matches.
 *
 * @param digits the digits, without '+'; empty only for {@code *}
 * @param prefix true when the entry ended with {@code '*'}
 * @param deny   true when the entry started with {@code '!'}
 */
public record NumberPattern(String digits, boolean prefix, boolean deny) {
    /** Longer than any E.164 number (15 digits) with room for national prefixes and extensions. */
    public static final int MAX_DIGITS = 32;

    public NumberPattern {
        Objects.requireNonNull(digits, "digits");
        if (digits.isEmpty() && !prefix) {
            throw new IllegalArgumentException("an exact number needs digits");
        }
    }

    /**
     * Reads one entry.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static NumberPattern parse(String text) {
        String s = text == null ? "" : text.trim();
        boolean deny = s.startsWith("!");
        if (deny) {
            s = s.substring(1).trim();
        }
        boolean prefix = s.endsWith("*");
        if (prefix) {
            s = s.substring(0, s.length() - 1);
        }
        StringBuilder digits = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                digits.append(c);
            } else if (c == '+' && digits.length() == 0 && i == s.indexOf('+')) {
                // optional leading '+'
            } else if (!isVisualSeparator(c)) {
                throw new IllegalArgumentException("'" + text + "' is not a number, a prefix ending in '*', or '*'"
                        + " (optionally starting with '!')");
            }
        }
        if (digits.length() == 0 && (!prefix || !s.isEmpty())) {
            throw new IllegalArgumentException("'" + text + "' has no digits");
        }
        if (digits.length() > MAX_DIGITS) {
            throw new IllegalArgumentException("'" + text + "' has more than " + MAX_DIGITS + " digits");
        }
        return new NumberPattern(digits.toString(), prefix, deny);
    }

    /** The RFC 3966 §5.1.1 visual separators, plus space which people paste from web pages. */
    public static boolean isVisualSeparator(char c) {
        return c == ' ' || c == '-' || c == '.' || c == '(' || c == ')';
    }

    @Override
    public String toString() {
        return (deny ? "!" : "") + (digits.isEmpty() ? "" : "+") + digits + (prefix ? "*" : "");
    }
}
