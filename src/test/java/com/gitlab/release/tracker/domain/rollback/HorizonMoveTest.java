package com.gitlab.release.tracker.domain.rollback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.gitlab.release.tracker.domain.rollback.HorizonMove.Judged;

class HorizonMoveTest {

    @Test
    void aRunThatRemovesAColumnTheOldestTargetReadsMovesTheHorizon() {
        // The class's example: B and A safe now; after the run B is not safe (its code ignores the column), A breaks.
        HorizonMove move = HorizonMove.between(List.of(new Judged("B", true, false), new Judged("A", true, false)),
                List.of(new Judged("B", false, false), new Judged("A", false, true)));

        assertThat(move.lostTargets()).containsExactly("B", "A");
        assertThat(move.pointOfNoReturn()).isNull();
        assertThat(move.pointOfNoReturnAfter()).isEqualTo("B");
        assertThat(move.newlyBreaking()).containsExactly("A");
        assertThat(move.breakingPointAfter()).isEqualTo("A");
        assertThat(move.moves()).isTrue();
    }

    @Test
    void verdictsThatStayAreNoMove() {
        List<Judged> same = List.of(new Judged("C", true, false), new Judged("B", false, false), new Judged("A", false, true));
        HorizonMove move = HorizonMove.between(same, same);

        assertThat(move.moves()).isFalse();
        assertThat(move.pointOfNoReturn()).isEqualTo("B").isEqualTo(move.pointOfNoReturnAfter());
        assertThat(move.breakingPoint()).isEqualTo("A");
        assertThat(HorizonMove.between(List.of(), List.of()).moves()).isFalse();
    }

    @Test
    void theSameTargetsInTheSameOrderOnly() {
        assertThatThrownBy(() -> HorizonMove.between(List.of(new Judged("A", true, false)), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HorizonMove.between(List.of(new Judged("A", true, false)), List.of(new Judged("B", true, false))))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
