package com.gitlab.release.tracker.notices;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.gitlab.release.tracker.chat.ChatCommands;
import com.gitlab.release.tracker.chat.SlackMessage;
import com.gitlab.release.tracker.domain.notes.NoteStatus;
import com.gitlab.release.tracker.domain.notes.NoticeNote;
import com.gitlab.release.tracker.domain.notes.NoticeRecord;
import com.gitlab.release.tracker.domain.releases.DatabaseEnvironment;
import com.gitlab.release.tracker.domain.releases.Release;
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
 * message when {@code TRACKER_SLACK_WEBHOOK_URL} is set, sent by the delivery that wrote the note. A run that
 * executes nothing gets no notice; one that fails or is canceled gets one line on its notice.
 */
@ApplicationScoped
public class RunNotices {
    private static final Logger LOG = Logger.getLogger(RunNotices.class);

    private final NextRun nextRun;
    private final NoteDestinations destinations;
    private final SlackWebhook slack;

    public RunNotices(NextRun nextRun, NoteDestinations destinations, SlackWebhook slack) {
        this.nextRun = nextRun;
        this.destinations = destinations;
        this.slack = slack;
    }

    /** The notice of {@code run}, which has started; its note written once, Slack told once. */
    public Uni<NoticeAnswer> announce(Invocation invocation, Run run) {
        return nextRun.forRun(invocation, run.environment(), run.sha(), run.deploymentId()).chain(preview -> {
            NoticeRecord record = new NoticeRecord(run.environment(), run.deploymentId(), run.sha().value(),
                    preview.last().sha().value(), List.copyOf(preview.postMigrations()));
            return destinations.write(invocation, record.postMigrations().isEmpty(), false, () -> where(invocation, run.ref()),
                    "the notice of run " + run.deploymentId() + " on " + run.environment(), ExactlyOneNote.NoteKey.forNotice(record),
                    Uni.createFrom().item(() -> NoticeNote.render(record, preview.environment(), preview.move(), run.jobUrl(),
                            preview.introductions(), preview.kinds())))
                    .emitOn(Infrastructure.getDefaultWorkerPool())
                    .map(written -> {
                        NextRun.Answer answer = preview.answer();
                        String sent = !written.note().status().equals(NoteStatus.CREATED.value())
                                ? (slack.configured() && !record.postMigrations().isEmpty() ? "not sent" : SlackWebhook.Outcome.OFF.value())
                                : slack.post(invocation, SlackMessage.forWebhook(ChatCommands.notice(answer, written.note().url()))).value();
                        if (sent.equals(SlackWebhook.Outcome.FAILED.value())) {
                            LOG.warnf("the notice of run %d on %s is written, but Slack was not told", run.deploymentId(), run.environment());
                        }
                        return new NoticeAnswer(run.environment().name(), run.deploymentId(), run.sha().value(), answer.postMigrations(),
                                answer.lostTargets(), answer.pointOfNoReturn(), answer.pointOfNoReturnAfter(), answer.newlyBreaking(),
                                written.note(), sent, null);
                    });
        });
    }

    /** One line on the notice of a run that ended without success ({@code failed}, {@code canceled}); nothing else. */
    public Uni<NoticeAnswer> ended(Invocation invocation, DatabaseEnvironment environment, long deploymentId, String ref, String status,
            String at) {
        return destinations.find(invocation, () -> where(invocation, ref), noticeOf(environment, deploymentId)).chain(found -> {
            if (found.isEmpty()) {
                return Uni.createFrom().item(NoticeAnswer.ended(environment.name(), deploymentId, status, NoteOutcome.of(NoteStatus.NONE)));
            }
            String body = NoticeNote.ended(found.get().body(), status, at);
            return destinations.amend(invocation, found.get(), body).map(done -> NoticeAnswer.ended(environment.name(), deploymentId,
                    status, new NoteOutcome(NoteStatus.EXISTS.value(), found.get().noteId(), found.get().url(), null)));
        });
    }

    /** The URL of the notice of a run, when it has one (the run note names it). */
    public Uni<Optional<String>> noticeUrl(Invocation invocation, DatabaseEnvironment environment, long deploymentId, String ref) {
        return destinations.find(invocation, () -> where(invocation, ref), noticeOf(environment, deploymentId))
                .map(found -> found.map(NoteDestinations.Found::url));
    }

    private static ExactlyOneNote.NoteKey noticeOf(DatabaseEnvironment environment, long deploymentId) {
        return ExactlyOneNote.NoteKey.forNotice(new NoticeRecord(environment, deploymentId, null, null, List.of()));
    }

    /** Where a run's notes go: the release issue of its ref (an auto-deploy branch names it), else the newest open one. */
    private NoteDestinations.Located where(Invocation invocation, String ref) {
        return destinations.locate(invocation, Release.ofRef(ref).orElse(null), null);
    }
}
