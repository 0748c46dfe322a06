package com.gitlab.release.tracker.packages;

import jakarta.inject.Inject;

import com.gitlab.release.tracker.http.FunctionNames;
import com.gitlab.release.tracker.http.InvocationLog;

import io.quarkus.funqy.Funq;
import io.smallrye.mutiny.Uni;

/** {@code POST /record-package}. */
public class RecordPackageFunction {

    @Inject
    PackageRecorder recorder;

    @Inject
    InvocationLog log;

    @Funq(FunctionNames.RECORD_PACKAGE)
    public Uni<RecordPackageAnswer> recordPackage(RecordPackageRequest request) {
        return log.run(FunctionNames.RECORD_PACKAGE, invocation -> recorder.record(invocation, request), RecordPackageAnswer::logFields);
    }
}
