package com.gitlab.release.tracker.config;

import java.net.URI;

import org.eclipse.microprofile.config.spi.Converter;

import com.gitlab.release.tracker.domain.notes.IssueRef;
import com.gitlab.release.tracker.domain.releases.DatabaseEnvironment;
import com.gitlab.release.tracker.domain.releases.ReleaseTitle;

/**
 * Settings typed once, as the configuration is read: a bad value stops the start with a message naming its
 * environment variable and what is expected. One converter per variable where the type serves several, so that
 * the message can name it.
 */
public final class Converters {

    private Converters() {
    }

    /** A value that is blank counts as not set: an optional setting is then empty. */
    public static final class NonBlank implements Converter<String> {
        @Override
        public String convert(String value) {
            return value == null || value.isBlank() ? null : value.trim();
        }
    }

    /**
     * An environment name, or {@code off} (also {@code none}) for none: a defaulted setting cannot be turned off by
     * an empty value, which Quarkus reads as unset.
     */
    public static final class EnvironmentOrOff implements Converter<String> {
        @Override
        public String convert(String value) {
            String name = value.trim();
            return name.isEmpty() || name.equalsIgnoreCase("off") || name.equalsIgnoreCase("none") ? null : name;
        }
    }

    /** An http(s) URL with a host. */
    abstract static class HttpUrl implements Converter<URI> {
        private final String variable;

        HttpUrl(String variable) {
            this.variable = variable;
        }

        @Override
        public URI convert(String value) {
            try {
                URI uri = URI.create(value.trim());
                if (("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) && uri.getHost() != null) {
                    return uri;
                }
            } catch (IllegalArgumentException e) {
                // refused below
            }
            if (value.indexOf('@') >= 0) {
                // The configuration library repeats a value it could not convert, password and all: refused at start
                // instead (ConfigurationCheck), by a message that does not show it.
                return URI.create(REFUSED);
            }
            throw new IllegalArgumentException(refusal(variable, value));
        }
    }

    /** What a URL setting that is refused converts to when its value may hold a password. */
    static final String REFUSED = "refused:not-shown";

    static String refusal(String variable, String value) {
        return variable + " must be an http(s) URL such as https://gitlab.com; got '" + (value == null ? "a value holding '@',"
                + " not shown (it may hold a password)" : withoutSecrets(value)) + "'";
    }

    /** Whether a URL setting was refused by its converter ({@link #REFUSED}). */
    static boolean refused(URI url) {
        return url != null && REFUSED.equals(url.toString());
    }

    /**
     * A URL as the function shows it (readiness, notes, logs): scheme, host, port and path, never the
     * {@code user:password@} a URL may carry, nor its query.
     */
    public static String withoutSecrets(URI url) {
        return url.getScheme() + "://" + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort())
                + (url.getRawPath() == null ? "" : url.getRawPath());
    }

    /** The same for a text that may not even be a URL: whatever stands between {@code ://} and an {@code @} is left out. */
    static String withoutSecrets(String text) {
        int scheme = text.indexOf("://");
        int at = text.lastIndexOf('@');
        return scheme >= 0 && at > scheme ? text.substring(0, scheme + 3) + "…@" + text.substring(at + 1) : text;
    }

    public static final class GitLabUrl extends HttpUrl {
        public GitLabUrl() {
            super("TRACKER_GITLAB_URL");
        }
    }

    /**
     * Slack's incoming webhook URL: its path is the credential, so a value that is no URL is never repeated (refused
     * at start by {@link ConfigurationCheck}, which does not show it).
     */
    public static final class SlackWebhookUrl implements Converter<URI> {
        @Override
        public URI convert(String value) {
            if (value == null || value.isBlank()) {
                return null;
            }
            try {
                URI uri = URI.create(value.trim());
                if (("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) && uri.getHost() != null
                        && uri.getUserInfo() == null) {
                    return uri;
                }
            } catch (IllegalArgumentException e) {
                // refused below
            }
            return URI.create(REFUSED);
        }
    }

    public static final class SlackResponseUrlPrefix extends HttpUrl {
        public SlackResponseUrlPrefix() {
            super("TRACKER_SLACK_RESPONSE_URL_PREFIX");
        }
    }

    public static final class TrackingIssue implements Converter<IssueRef> {
        @Override
        public IssueRef convert(String value) {
            if (value == null || value.isBlank()) {
                return null;
            }
            try {
                return IssueRef.parse(value);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("TRACKER_TRACKING_ISSUE must be group/project#IID, e.g. gitlab-org/release/tasks#123;"
                        + " got '" + value + "'");
            }
        }
    }

    public static final class ReleaseTitleFormat implements Converter<ReleaseTitle> {
        @Override
        public ReleaseTitle convert(String value) {
            try {
                return new ReleaseTitle(value);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("TRACKER_RELEASE_TITLE must contain %s exactly once (and no other %), e.g."
                        + " 'Release %s'; got '" + value + "'");
            }
        }
    }

    /** A database environment such as {@code db/gprd}, strictly: {@code gprd} is an application environment. */
    abstract static class Database implements Converter<DatabaseEnvironment> {
        private final String variable;

        Database(String variable) {
            this.variable = variable;
        }

        @Override
        public DatabaseEnvironment convert(String value) {
            if (!DatabaseEnvironment.isDatabaseEnvironment(value.trim())) {
                throw new IllegalArgumentException(variable + " must name database environments such as db/gprd; got '" + value + "'");
            }
            return new DatabaseEnvironment(value.trim());
        }
    }

    public static final class RunEnvironment extends Database {
        public RunEnvironment() {
            super("TRACKER_EXECUTION_ENVIRONMENTS");
        }
    }

    public static final class ProductionDatabase extends Database {
        public ProductionDatabase() {
            super("TRACKER_EXECUTION_PRODUCTION");
        }
    }
}
