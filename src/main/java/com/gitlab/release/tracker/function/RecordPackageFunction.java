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

    @Funq("record-package")
    public RecordPackageResult recordPackage(RecordPackageRequest request) {
        return recorder.record(request);
    }
}
