package com.gitlab.release.tracker.function;

import jakarta.inject.Inject;

import com.gitlab.release.tracker.service.PackageRecorder;
import com.gitlab.release.tracker.service.RecordPackageRequest;
import com.gitlab.release.tracker.service.RecordPackageResult;

import io.quarkus.funqy.Funq;
import io.smallrye.mutiny.Uni;

/** {@code POST /record-package}. */
public class RecordPackageFunction {

    @Inject
    PackageRecorder recorder;

    @Inject
    InvocationLog log;

    @Funq(FunctionNames.RECORD_PACKAGE)
    public Uni<RecordPackageResult> recordPackage(RecordPackageRequest request) {
        return log.run(FunctionNames.RECORD_PACKAGE, invocation -> recorder.record(invocation, request), RecordPackageResult::logFields);
    }
}
