package org.webtrunk.gateway.tenant;

import java.util.Arrays;
import java.util.List;
import org.webtrunk.gateway.config.NumberPattern;

/**
 * A tenant's {@code numbers} compiled into a digit trie, so a called number is decided in one pass over its
 * digits with no allocation: the longest matching entry wins, an exact number beats a prefix of the same
 * length, deny beats allow for the same entry, and no match denies. Immutable.
 */
final class NumberPlan {
    private static final byte NONE = 0;
    private static final byte ALLOW = 1;
    private static final byte DENY = 2;

    /** child of node n for digit d is next[n * 10 + d]; 0 means none (the root is never a child). */
    private final int[] next;
    private final byte[] prefixRule;
    private final byte[] exactRule;

    private NumberPlan(int[] next, byte[] prefixRule, byte[] exactRule) {
        this.next = next;
        this.prefixRule = prefixRule;
        this.exactRule = exactRule;
    }

    static NumberPlan compile(List<NumberPattern> patterns) {
        int capacity = 1 + patterns.stream().mapToInt(p -> p.digits().length()).sum();
        int[] next = new int[capacity * 10];
        byte[] prefix = new byte[capacity];
        byte[] exact = new byte[capacity];
        int nodes = 1;
        for (NumberPattern p : patterns) {
            int node = 0;
            for (int i = 0; i < p.digits().length(); i++) {
                int slot = node * 10 + (p.digits().charAt(i) - '0');
                if (next[slot] == 0) {
                    next[slot] = nodes++;
                }
                node = next[slot];
            }
            byte rule = p.deny() ? DENY : ALLOW;
            byte[] rules = p.prefix() ? prefix : exact;
            rules[node] = (byte) Math.max(rules[node], rule);
        }
        return new NumberPlan(Arrays.copyOf(next, nodes * 10), Arrays.copyOf(prefix, nodes), Arrays.copyOf(exact, nodes));
    }

    /**
     * Whether {@code number} may be dialled. A leading {@code '+'} and visual separators are ignored (see
     * {@link NumberPattern}); anything else that is not a digit makes it no number, which is refused.
     */
    boolean allows(CharSequence number) {
        if (number == null) {
            return false;
        }
        int node = 0;
        boolean onTrie = true;
        byte decision = prefixRule[0];
        int digits = 0;
        for (int i = 0; i < number.length(); i++) {
            char c = number.charAt(i);
            if (c >= '0' && c <= '9') {
                digits++;
                if (digits > NumberPattern.MAX_DIGITS) {
                    return false;
                }
                if (onTrie) {
                    int child = next[node * 10 + (c - '0')];
                    if (child == 0) {
                        onTrie = false;
                    } else {
                        node = child;
                        if (prefixRule[node] != NONE) {
                            decision = prefixRule[node];
                        }
                    }
                }
            } else if (c == '+' && digits == 0 && i == 0) {
                continue;
            } else if (!NumberPattern.isVisualSeparator(c)) {
                return false;
            }
        }
        if (digits == 0) {
            return false;
        }
        if (onTrie && exactRule[node] != NONE) {
            decision = exactRule[node];
        }
        return decision == ALLOW;
    }
}
