package org.webtrunk.gateway.web;

import java.util.Locale;
import java.util.Map;

/** Media types of the files the demo serves, by extension; anything else is not served at all. */
final class ContentTypes {
    private static final Map<String, String> BY_EXTENSION = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8", // RFC 9239 §6
            "mjs", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "json", "application/json; charset=utf-8",
            "svg", "image/svg+xml",
            "png", "image/png",
            "ico", "image/x-icon",
            "txt", "text/plain; charset=utf-8");

    private ContentTypes() {
    }

    /** The Content-Type for a file name, or null when the extension is not one the demo serves. */
    static String of(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot < 0 ? null : BY_EXTENSION.get(fileName.substring(dot + 1).toLowerCase(Locale.ROOT));
    }
}
