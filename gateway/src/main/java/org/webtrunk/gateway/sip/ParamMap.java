package org.webtrunk.gateway.sip;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * The parameters of one header value or URI: a handful of names in the order received, immutable once
 * built. An array scanned linearly instead of a LinkedHashMap, because every message carries several of
 * these (From, To, Via, Contact) and they hold two or three entries: no hashing, no entry objects.
 * Names are unique (the first occurrence is kept); values may be null (flags).
 */
final class ParamMap extends AbstractMap<String, String> {
    static final ParamMap EMPTY = new ParamMap(new String[0], 0);

    private final String[] kv; // name0, value0, name1, value1 ...
    private final int size;

    private ParamMap(String[] kv, int size) {
        this.kv = kv;
        this.size = size;
    }

    /** Collects names and values in order; {@link #build()} ends it. Not thread-safe. */
    static final class Builder {
        private String[] kv = new String[8];
        private int size;

        /** Adds {@code name} unless it is already there (Map.putIfAbsent); true if it was added. */
        boolean putIfAbsent(String name, String value) {
            if (indexOf(kv, size, name) >= 0) {
                return false;
            }
            if (2 * size == kv.length) {
                kv = Arrays.copyOf(kv, kv.length * 2);
            }
            kv[2 * size] = name;
            kv[2 * size + 1] = value;
            size++;
            return true;
        }

        /** Adds {@code name}, or replaces its value where it stands (Map.put on a LinkedHashMap). */
        void putLast(String name, String value) {
            int i = indexOf(kv, size, name);
            if (i >= 0) {
                kv[2 * i + 1] = value;
            } else {
                putIfAbsent(name, value);
            }
        }

        boolean contains(String name) {
            return indexOf(kv, size, name) >= 0;
        }

        ParamMap build() {
            return size == 0 ? EMPTY : new ParamMap(kv, size);
        }
    }

    private static int indexOf(String[] kv, int size, Object name) {
        for (int i = 0; i < size; i++) {
            if (kv[2 * i].equals(name)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public boolean containsKey(Object name) {
        return indexOf(kv, size, name) >= 0;
    }

    @Override
    public String get(Object name) {
        int i = indexOf(kv, size, name);
        return i < 0 ? null : kv[2 * i + 1];
    }

    @Override
    public Set<Entry<String, String>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Entry<String, String>> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < size;
                    }

                    @Override
                    public Entry<String, String> next() {
                        if (next >= size) {
                            throw new NoSuchElementException();
                        }
                        int i = next++;
                        return new SimpleImmutableEntry<>(kv[2 * i], kv[2 * i + 1]);
                    }
                };
            }

            @Override
            public int size() {
                return size;
            }
        };
    }
}
