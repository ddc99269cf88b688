package org.webtrunk.gateway.web;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo's files: the page from a classpath folder (inside the gateway's jar), and the JsSIP bundle from a
 * file built by {@code scripts/build-demo.sh}. Only names made of plain segments with a known extension are
 * looked up, so a request can never leave those two places (no {@code ..}, no absolute paths, no backslashes).
 */
final class StaticFiles {
    /** Larger files are not served: the page is a few KiB and the JsSIP bundle about 300 KiB. */
    static final int MAX_FILE_BYTES = 4 * 1024 * 1024;
    /** Most distinct names remembered (found or not); bounds what a scanner can make us keep. */
    static final int CACHE_SIZE = 64;
    static final int MAX_DEPTH = 4;
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,63}");
    private static final Logger log = LoggerFactory.getLogger(StaticFiles.class);

    /** Why a name was refused before any lookup. */
    enum Check { OK, TRAVERSAL, NOT_SERVED }

    /** One file ready to send. */
    record StaticFile(byte[] bytes, String contentType) {
    }

    private final ClassLoader loader;
    private final String classpathFolder;
    private final String bundleName;
    private final Path bundle;
    private final Cache<String, Optional<StaticFile>> resources = Caffeine.newBuilder().maximumSize(CACHE_SIZE).build();
    private volatile BundleSnapshot bundleSnapshot;

    private record BundleSnapshot(long modified, long size, StaticFile file) {
    }

    /**
     * @param loader          where the page's resources are
     * @param classpathFolder their folder, e.g. {@code demo}
     * @param bundleName      the name under which {@code bundle} is served, e.g. {@code jssip.min.js}
     * @param bundle          the bundle file; null when none is configured
     */
    StaticFiles(ClassLoader loader, String classpathFolder, String bundleName, Path bundle) {
        this.loader = Objects.requireNonNull(loader, "loader");
        this.classpathFolder = Objects.requireNonNull(classpathFolder, "classpathFolder");
        this.bundleName = Objects.requireNonNull(bundleName, "bundleName");
        this.bundle = bundle;
    }

    /**
     * Whether a decoded relative name may be looked up: {@link Check#TRAVERSAL} for {@code .}/{@code ..}/empty
     * segments, backslashes, NULs or a leading slash; {@link Check#NOT_SERVED} for odd characters, hidden files,
     * deep paths or an unknown extension.
     */
    static Check check(String name) {
        if (name.isEmpty() || name.startsWith("/") || name.indexOf('\\') >= 0 || name.indexOf('\0') >= 0) {
            return Check.TRAVERSAL;
        }
        String[] segments = name.split("/", -1);
        for (String s : segments) {
            if (s.isEmpty() || s.equals(".") || s.equals("..")) {
                return Check.TRAVERSAL;
            }
        }
        if (segments.length > MAX_DEPTH) {
            return Check.NOT_SERVED;
        }
        for (String s : segments) {
            if (!SEGMENT.matcher(s).matches()) {
                return Check.NOT_SERVED;
            }
        }
        return ContentTypes.of(name) == null ? Check.NOT_SERVED : Check.OK;
    }

    /** The file for a name that passed {@link #check}, or empty. */
    Optional<StaticFile> find(String name) {
        if (check(name) != Check.OK) {
            return Optional.empty();
        }
        if (name.equals(bundleName)) {
            return bundle();
        }
        return resources.get(name, this::loadResource);
    }

    /** True when the JsSIP bundle is configured and readable. */
    boolean hasBundle() {
        return bundle().isPresent();
    }

    private Optional<StaticFile> loadResource(String name) {
        try (InputStream in = loader.getResourceAsStream(classpathFolder + "/" + name)) {
            if (in == null) {
                return Optional.empty();
            }
            byte[] bytes = in.readNBytes(MAX_FILE_BYTES + 1);
            if (bytes.length > MAX_FILE_BYTES) {
                log.warn("demo file {} is larger than {} bytes: not served", name, MAX_FILE_BYTES);
                return Optional.empty();
            }
            return Optional.of(new StaticFile(bytes, ContentTypes.of(name)));
        } catch (IOException e) {
            log.warn("cannot read demo file {}: {}", name, e.toString());
            return Optional.empty();
        }
    }

    /** The bundle, re-read when the file changes (a rebuild while the gateway runs). */
    private Optional<StaticFile> bundle() {
        if (bundle == null) {
            return Optional.empty();
        }
        try {
            BasicFileAttributes a = Files.readAttributes(bundle, BasicFileAttributes.class);
            long modified = a.lastModifiedTime().toMillis();
            BundleSnapshot s = bundleSnapshot;
            if (s != null && s.modified() == modified && s.size() == a.size()) {
                return Optional.of(s.file());
            }
            if (!a.isRegularFile() || a.size() > MAX_FILE_BYTES) {
                return Optional.empty();
            }
            byte[] bytes;
            try (InputStream in = Files.newInputStream(bundle)) {
                bytes = in.readNBytes(MAX_FILE_BYTES + 1);
            }
            if (bytes.length > MAX_FILE_BYTES) {
                return Optional.empty();
            }
            StaticFile file = new StaticFile(bytes, ContentTypes.of(bundleName));
            bundleSnapshot = new BundleSnapshot(modified, bytes.length, file);
            return Optional.of(file);
        } catch (IOException e) {
            return Optional.empty(); // not built yet: the page tells the visitor how to build it
        }
    }
}
