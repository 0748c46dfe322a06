package com.gitlab.release.tracker.function;

import jakarta.inject.Inject;

import com.gitlab.release.tracker.service.PackageRecorder;
import com.gitlab.release.tracker.service.RecordPackageRequest;
import com.gitlab.release.tracker.service.RecordPackageResult;

import io.quarkus.funqy.Funq;

/** {@code POST /record-package}. */
public class RecordPackageFunction {

    @Inject
    PackageRecorder recorder;

    @Inject
    InvocationLog log;

    @Funq(FunctionNames.RECORD_PACKAGE)
    public RecordPackageResult recordPackage(RecordPackageRequest request) {
        return log.run(FunctionNames.RECORD_PACKAGE, () -> recorder.record(request), RecordPackageResult::logFields);
    }
}
