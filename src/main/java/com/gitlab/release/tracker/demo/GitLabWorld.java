package com.gitlab.release.tracker.demo;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The fake GitLab's state: projects with commits (file lists and history), branches, file contents, deployments,
 * issues and notes, kept in memory across calls. Tests and the demo arrange it through these methods; the routes
 * ({@link GitLabRoutes}) read and change it. Every change holds the world's lock.
 */
public final class GitLabWorld {

    private final Map<String, Project> projects = new HashMap<>();
    private final AtomicLong ids = new AtomicLong(1000);

    public record Deployment(long id, long iid, String environment, String sha, String ref, String status,
            String createdAt, String finishedAt) {
    }

    /** A GitLab user: who wrote a note or opened an issue. */
    public record User(long id, String username, String name) {
    }

    /** The bot whose token the function uses: the demo's notes and issues are its. */
    public static final User BOT = new User(1, "release-tools-bot", "Release Tools Bot");
    /** Any other signed-in user of GitLab.com: may comment on a release issue, or open an issue titled like one. */
    public static final User OTHER_USER = new User(2, "someone-else", "Someone Else");

    public record Note(long id, String body, boolean system, String createdAt, User author) {
    }

    /** A merge request of a project. */
    public record MergeRequest(long iid, String title, String author, List<String> labels, String milestone) {
    }

    synchronized void reset() {
        projects.clear();
    }

    /** A project, created on first use. */
    public synchronized Project project(String path) {
        return projects.computeIfAbsent(path, p -> new Project(p, ids.incrementAndGet()));
    }

    /** A project as GitLab finds it: null when it does not exist. */
    synchronized Project find(String path) {
        return projects.get(path);
    }

    /** A new note, with the next id (ids grow with time, as GitLab's do). */
    Note newNote(String body, boolean system, User author) {
        return new Note(ids.incrementAndGet(), body, system, now(), author);
    }

    static String now() {
        return Instant.now().toString();
    }

    public final class Issue {
        final long iid;
        final long id;
        final String title;
        final String state;
        final User author;
        final List<Note> notes = new ArrayList<>();

        Issue(long iid, String title, String state, User author) {
            this.iid = iid;
            this.id = ids.incrementAndGet();
            this.title = title;
            this.state = state;
            this.author = author;
        }

        /** A note by the bot (as the function writes them). */
        public Issue note(String body) {
            return noteBy(BOT, body);
        }

        /** A note by another user. */
        public Issue noteBy(User author, String body) {
            synchronized (GitLabWorld.this) {
                notes.add(newNote(body, false, author));
            }
            return this;
        }

        public Issue systemNote(String body) {
            synchronized (GitLabWorld.this) {
                notes.add(newNote(body, true, BOT));
            }
            return this;
        }

        public List<Note> notes() {
            synchronized (GitLabWorld.this) {
                return List.copyOf(notes);
            }
        }

        /** Removes every note after the first {@code count}. */
        public void keepFirstNotes(int count) {
            synchronized (GitLabWorld.this) {
                while (notes.size() > count) {
                    notes.remove(notes.size() - 1);
                }
            }
        }
    }

    public final class Project {
        final String path;
        final long id;
        final Map<String, Set<String>> commits = new HashMap<>();
        final Map<String, String> renamedFrom = new HashMap<>();
        final Map<String, String> parents = new HashMap<>();
        final Set<String> timedOutCompares = new TreeSet<>();
        final Map<String, String> contents = new HashMap<>();
        /** Texts that differ between commits: commit, then path; a commit without one has its nearest ancestor's. */
        final Map<String, Map<String, String>> contentsAt = new HashMap<>();
        final Map<String, String> branches = new HashMap<>();
        final List<Deployment> deployments = new ArrayList<>();
        final Map<Long, Issue> issues = new TreeMap<>();
        final Map<String, String> messages = new HashMap<>();
        /** Files a commit changed without adding them. */
        final Map<String, Set<String>> changed = new HashMap<>();
        final Map<Long, MergeRequest> mergeRequests = new TreeMap<>();
        final Map<String, List<Long>> commitMergeRequests = new HashMap<>();

        Project(String path, long id) {
            this.path = path;
            this.id = id;
        }

        /** A commit holding exactly these files. */
        public Project commit(String sha, Iterable<String> files) {
            synchronized (GitLabWorld.this) {
                Set<String> set = new TreeSet<>();
                files.forEach(set::add);
                commits.put(sha, set);
            }
            return this;
        }

        /** A commit made on {@code parent}: its files plus {@code added}. */
        public Project commit(String sha, String parent, String... added) {
            synchronized (GitLabWorld.this) {
                Set<String> set = new TreeSet<>(files(parent));
                set.addAll(List.of(added));
                parents.put(sha, parent);
                commits.put(sha, set);
            }
            return this;
        }

        /** A commit made on {@code parent} that deletes {@code removed}. */
        public Project commitDeleting(String sha, String parent, String... removed) {
            synchronized (GitLabWorld.this) {
                Set<String> set = new TreeSet<>(files(parent));
                List.of(removed).forEach(set::remove);
                parents.put(sha, parent);
                commits.put(sha, set);
            }
            return this;
        }

        /** A commit made on {@code parent} that moves {@code from} to {@code to}. */
        public Project commitRenaming(String sha, String parent, String from, String to) {
            synchronized (GitLabWorld.this) {
                Set<String> set = new TreeSet<>(files(parent));
                set.remove(from);
                set.add(to);
                renamedFrom.put(to, from);
                parents.put(sha, parent);
                commits.put(sha, set);
            }
            return this;
        }

        /** A commit's message (its first line is its title). */
        public Project message(String sha, String text) {
            synchronized (GitLabWorld.this) {
                messages.put(sha, text);
            }
            return this;
        }

        /** A commit made on {@code parent} that changes files it already has. */
        public Project commitChanging(String sha, String parent, String... paths) {
            synchronized (GitLabWorld.this) {
                commits.put(sha, new TreeSet<>(files(parent)));
                parents.put(sha, parent);
                changed.put(sha, Set.of(paths));
            }
            return this;
        }

        /** A merged merge request of this project. */
        public Project mergeRequest(long iid, String title, String author, List<String> labels, String milestone) {
            synchronized (GitLabWorld.this) {
                mergeRequests.put(iid, new MergeRequest(iid, title, author, labels, milestone));
            }
            return this;
        }

        /** This project's merge request holds a commit (GitLab's commit-to-MR look-up answers it). */
        public Project mergeRequestHolds(long iid, String sha) {
            synchronized (GitLabWorld.this) {
                commitMergeRequests.computeIfAbsent(sha, s -> new ArrayList<>()).add(iid);
            }
            return this;
        }

        /** The commits of a file's first-parent history at {@code ref}, newest first: those adding or changing it. */
        List<String> history(String ref, String path) {
            List<String> touching = new ArrayList<>();
            for (String c : lineage(fullSha(ref))) {
                String parent = parents.get(c);
                boolean has = commits.get(c).contains(path);
                if (has && (parent == null || !commits.get(parent).contains(path) || changed.getOrDefault(c, Set.of()).contains(path))) {
                    touching.add(c);
                }
            }
            return touching;
        }

        /** The files at a commit named by its full SHA or any prefix of 7 or more characters; null if unknown. */
        Set<String> lookup(String ref) {
            if (ref == null || ref.length() < 7) {
                return null;
            }
            return commits.entrySet().stream().filter(e -> e.getKey().startsWith(ref)).map(Map.Entry::getValue)
                    .findFirst().orElse(null);
        }

        String fullSha(String ref) {
            return commits.keySet().stream().filter(k -> k.startsWith(ref)).findFirst().orElseThrow();
        }

        /** The commit and its ancestors, newest first. */
        List<String> lineage(String sha) {
            List<String> line = new ArrayList<>();
            for (String c = sha; c != null; c = parents.get(c)) {
                line.add(c);
            }
            return line;
        }

        public Set<String> files(String sha) {
            Set<String> files = commits.get(sha);
            if (files == null) {
                throw new IllegalArgumentException("no commit " + sha);
            }
            return files;
        }

        /** The text of a file, at every commit that has it; files without one get a plain migration. */
        public Project content(String path, String text) {
            synchronized (GitLabWorld.this) {
                contents.put(path, text);
            }
            return this;
        }

        /**
         * The text of a file as of a commit, and at every later commit on its line that does not change it again; the
         * file is added to that commit (a model, a {@code db/docs} entry: files the target's code is read from).
         */
        public Project contentAt(String sha, String path, String text) {
            synchronized (GitLabWorld.this) {
                files(sha).add(path);
                contentsAt.computeIfAbsent(sha, k -> new HashMap<>()).put(path, text);
            }
            return this;
        }

        /** A file's text at a commit: its own, its nearest ancestor's, else the one of every commit, else null. */
        String textAt(String ref, String path) {
            String sha = ref == null ? null : commits.keySet().stream().filter(k -> k.startsWith(ref)).findFirst().orElse(null);
            for (String c : sha == null ? List.<String>of() : lineage(sha)) {
                Map<String, String> texts = contentsAt.get(c);
                if (texts != null && texts.containsKey(path)) {
                    return texts.get(path);
                }
            }
            return contents.get(path);
        }

        /** A branch pointing at a commit. */
        public Project branch(String name, String sha) {
            synchronized (GitLabWorld.this) {
                branches.put(name, sha);
            }
            return this;
        }

        /** GitLab gives up on this compare and answers {@code compare_timeout: true} with no diffs. */
        public Project compareTimesOut(String from, String to) {
            synchronized (GitLabWorld.this) {
                timedOutCompares.add(from + "..." + to);
            }
            return this;
        }

        /** A successful deployment, newer than all before it. Returns its id. */
        public long deploy(String environment, String sha, String ref) {
            return deploy(environment, sha, ref, "success");
        }

        public long deploy(String environment, String sha, String ref, String status) {
            return deployAt(environment, sha, ref, status, Instant.now());
        }

        /** A deployment created at a given time (newer ids for later calls, whatever the time). */
        public long deployAt(String environment, String sha, String ref, String status, Instant createdAt) {
            return deployFinishing(environment, sha, ref, status, createdAt, createdAt);
        }

        /** A deployment created at one time and finished at another (deployments can overlap). */
        public long deployFinishing(String environment, String sha, String ref, String status, Instant createdAt,
                Instant finishedAt) {
            synchronized (GitLabWorld.this) {
                long id = ids.incrementAndGet();
                deployments.add(new Deployment(id, deployments.size() + 1, environment, sha, ref, status,
                        createdAt.toString(), finishedAt.toString()));
                return id;
            }
        }

        /** A deployment that was running ends: its status and when it finished. */
        public void finish(long id, String status, Instant finishedAt) {
            synchronized (GitLabWorld.this) {
                for (int i = 0; i < deployments.size(); i++) {
                    Deployment d = deployments.get(i);
                    if (d.id() == id) {
                        deployments.set(i, new Deployment(d.id(), d.iid(), d.environment(), d.sha(), d.ref(), status, d.createdAt(),
                                finishedAt.toString()));
                    }
                }
            }
        }

        /** The ids of the deployments to an environment, oldest first. */
        public List<Long> deploymentIds(String environment) {
            synchronized (GitLabWorld.this) {
                return deployments.stream().filter(d -> d.environment().equals(environment)).map(Deployment::id).toList();
            }
        }

        public Issue issue(long iid, String title) {
            return issue(iid, title, "opened");
        }

        public Issue issue(long iid, String title, String state) {
            return issue(iid, title, state, BOT);
        }

        /** An issue opened by {@code author}. */
        public Issue issue(long iid, String title, String state, User author) {
            synchronized (GitLabWorld.this) {
                Issue issue = new Issue(iid, title, state, author);
                issues.put(iid, issue);
                return issue;
            }
        }

        /** The issues by IID; tests may remove some. */
        public Map<Long, Issue> issues() {
            return issues;
        }

        public Issue issue(long iid) {
            synchronized (GitLabWorld.this) {
                return issues.get(iid);
            }
        }

        public String webUrl() {
            return "https://gitlab.example.com/" + path;
        }
    }
}
