package com.gitlab.release.tracker.notices;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.gitlab.release.tracker.chat.ChatCommands;
import com.gitlab.release.tracker.chat.SlackMessage;
import com.gitlab.release.tracker.domain.notes.NoteStatus;
import com.gitlab.release.tracker.domain.notes.NoticeNote;
import com.gitlab.release.tracker.domain.notes.NoticeRecord;
import com.gitlab.release.tracker.domain.releases.DatabaseEnvironment;
import com.gitlab.release.tracker.domain.releases.Release;
import com.gitlab.release.tracker.gitlab.Concurrently;
import com.gitlab.release.tracker.gitlab.GitLab;
import com.gitlab.release.tracker.gitlab.Invocation;
import com.gitlab.release.tracker.notes.ExactlyOneNote;
import com.gitlab.release.tracker.notes.NoteDestinations;
import com.gitlab.release.tracker.notes.NoteOutcome;
import com.gitlab.release.tracker.queries.NextRun;
import com.gitlab.release.tracker.runs.Run;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * The notice of a post-deploy migration run that starts, before the point of no return moves: one note on the
 * release issue per run (what it will execute and what it costs the rollback; {@link NoticeNote}), one Slack
 * message when {@code TRACKER_SLACK_WEBHOOK_URL} is set, sent by the delivery whose note is kept. A run that
 * executes nothing gets no notice; one that fails or is canceled gets one line on its notice.
 */
@ApplicationScoped
public class RunNotices {
    private static final Logger LOG = Logger.getLogger(RunNotices.class);

    private final NextRun nextRun;
    private final NoteDestinations destinations;
    private final SlackWebhook slack;
    private final GitLab gitlab;

    public RunNotices(NextRun nextRun, NoteDestinations destinations, SlackWebhook slack, GitLab gitlab) {
        this.gitlab = gitlab;
        this.nextRun = nextRun;
        this.destinations = destinations;
        this.slack = slack;
    }

    /**
     * The notice of {@code run}, which has started: its note written once; Slack told by the delivery whose note is
     * kept. Empty when the database has no earlier run (what this one executes first is unknown). A run that ended
     * while the notice was being written (a fast failure, whose event may have come first) gets its line at once.
     */
    public Uni<Optional<NoticeAnswer>> announce(Invocation invocation, Run run, String project) {
        String writer = UUID.randomUUID().toString();
        return nextRun.forRun(invocation, run.environment(), run.sha(), run.deploymentId()).chain(found -> {
            if (found.isEmpty()) {
                return Uni.createFrom().item(Optional.<NoticeAnswer>empty());
            }
            NextRun.Preview preview = found.get();
            NoticeRecord record = new NoticeRecord(run.environment(), run.deploymentId(), run.sha().value(),
                    preview.last().sha().value(), List.copyOf(preview.postMigrations()), writer);
            boolean nothing = record.postMigrations().isEmpty();
            return destinations.write(invocation, nothing, false, () -> where(invocation, run.ref()),
                    "the notice of run " + run.deploymentId() + " on " + run.environment(), ExactlyOneNote.NoteKey.forNotice(record),
                    Uni.createFrom().item(() -> NoticeNote.render(record, preview.environment(), preview.move(), run.jobUrl(),
                            preview.introductions(), preview.kinds())))
                    .emitOn(Infrastructure.getDefaultWorkerPool())
                    .map(written -> {
                        NextRun.Answer answer = preview.answer();
                        SlackWebhook.Outcome sent = nothing ? SlackWebhook.Outcome.NONE
                                : !slack.configured() ? SlackWebhook.Outcome.OFF
                                : !keptIsMine(written.keptBody(), writer) ? SlackWebhook.Outcome.NOT_SENT
                                : slack.post(invocation, SlackMessage.forWebhook(ChatCommands.notice(answer, written.note().url())));
                        if (sent == SlackWebhook.Outcome.FAILED) {
                            LOG.warnf("the notice of run %d on %s is written, but Slack was not told", run.deploymentId(), run.environment());
                        }
                        return new NoticeAnswer(run.environment().name(), run.deploymentId(), run.sha().value(), answer.postMigrations(),
                                answer.lostTargets(), answer.pointOfNoReturn(), answer.pointOfNoReturnAfter(), answer.newlyBreaking(),
                                written.note(), written.trackingNote(), sent.value(), null);
                    })
                    .chain(answer -> nothing ? Uni.createFrom().item(answer) : endedMeanwhile(invocation, run, project, answer))
                    .map(Optional::of);
        });
    }

    /** Whether the kept notice is the one this delivery wrote. */
    private static boolean keptIsMine(String keptBody, String writer) {
        try {
            return keptBody != null && NoticeNote.parse(keptBody).map(kept -> writer.equals(kept.writer())).orElse(false);
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * The run's status read again once its notice is there: a run that failed or was canceled meanwhile (its event
     * may have found no notice yet) gets its line now. A failure to read it changes nothing: the notice stands.
     */
    private Uni<NoticeAnswer> endedMeanwhile(Invocation invocation, Run run, String project, NoticeAnswer answer) {
        return gitlab.deployment(invocation, project, run.deploymentId())
                .chain(deployment -> {
                    String status = deployment.status() == null ? "" : deployment.status().toLowerCase(java.util.Locale.ROOT);
                    if (!ENDED.contains(status)) {
                        return Uni.createFrom().item(answer);
                    }
                    return ended(invocation, run.environment(), run.deploymentId(), run.ref(), status, deployment.finishedAt())
                            .map(ended -> answer.withEnded(status));
                })
                .onFailure().recoverWithItem(failure -> {
                    LOG.warnf("run %d on %s: its status after the notice was not read (%s)", run.deploymentId(), run.environment(),
                            failure.getMessage());
                    return answer;
                });
    }

    /** The statuses of a run that ended without success. */
    public static final java.util.Set<String> ENDED = java.util.Set.of("failed", "canceled");

    /**
     * One line on the notice of a run that ended without success ({@code failed}, {@code canceled}), on the release
     * issue and on the tracking issue's copy; nothing else.
     */
    public Uni<NoticeAnswer> ended(Invocation invocation, DatabaseEnvironment environment, long deploymentId, String ref, String status,
            String at) {
        return destinations.findEverywhere(invocation, () -> where(invocation, ref), ExactlyOneNote.NoteKey.forNoticeOf(environment,
                deploymentId)).chain(copies -> {
                    if (copies.all().isEmpty()) {
                        return Uni.createFrom().item(NoticeAnswer.ended(environment.name(), deploymentId, status,
                                NoteOutcome.of(NoteStatus.NONE), null));
                    }
                    // The copy's edit never fails the main one's: each is tried, a failed copy is logged and left.
                    Uni<Void> main = copies.main().map(notice -> amend(invocation, notice, status, at)).orElse(Uni.createFrom().voidItem());
                    Uni<Void> copy = copies.tracking().map(notice -> amend(invocation, notice, status, at)
                            .onFailure(failure -> !(failure instanceof Invocation.DeadlineExceededException)).recoverWithUni(failure -> {
                                LOG.warnf("run %d on %s: the tracking issue's notice was not edited (%s)", deploymentId, environment,
                                        failure.getMessage());
                                return Uni.createFrom().voidItem();
                            })).orElse(Uni.createFrom().voidItem());
                    return Concurrently.both(main.replaceWith(Boolean.TRUE), copy.replaceWith(Boolean.TRUE),
                            (edited, copyEdited) -> NoticeAnswer.ended(environment.name(), deploymentId, status, outcome(copies.main()),
                                    copies.tracking().map(RunNotices::outcome).orElse(null)));
                });
    }

    private Uni<Void> amend(Invocation invocation, NoteDestinations.Found notice, String status, String at) {
        return destinations.amend(invocation, notice, NoticeNote.ended(notice.body(), status, at));
    }

    private static NoteOutcome outcome(Optional<NoteDestinations.Found> found) {
        return found.map(RunNotices::outcome).orElse(NoteOutcome.of(NoteStatus.NONE));
    }

    private static NoteOutcome outcome(NoteDestinations.Found found) {
        return new NoteOutcome(NoteStatus.EXISTS.value(), found.noteId(), found.url(), null);
    }

    /** Where a run's notes go: the release issue of its ref (an auto-deploy branch names it), else the newest open one. */
    private NoteDestinations.Located where(Invocation invocation, String ref) {
        return destinations.locate(invocation, Release.ofRef(ref).orElse(null), null);
    }
}
