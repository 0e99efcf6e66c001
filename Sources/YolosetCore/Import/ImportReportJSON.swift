/// `yoloset import --json`.
public enum ImportReportJSON {
    public static func render(_ report: ImportReport) -> String {
        JSONObject.render(document(report))
    }

    static func document(_ report: ImportReport) -> [String: Any?] {
        [
            "dumps": report.dumps,
            "images_added": report.imagesAdded,
            "images_updated": report.imagesUpdated,
            "images_unchanged": report.imagesUnchanged,
            "images_failing": report.imagesFailing,
            "changed": report.changed,
            "objects": [
                "copied": report.objects.copied, "cloned": report.objects.cloned, "linked": report.objects.linked,
                "present": report.objects.present,
            ]
                as [String: Any?],
            "validation": [
                "images": report.validation.images, "annotations": report.validation.annotations,
                "errors": report.validation.errors, "warnings": report.validation.warnings,
            ] as [String: Any?],
            "batches": report.batches.map { batch -> [String: Any?] in
                [
                    "id": batch.id, "name": batch.name, "file": batch.file, "state": batch.state,
                    "images_added": batch.imagesAdded, "images_updated": batch.imagesUpdated,
                    "images_unchanged": batch.imagesUnchanged, "images_failing": batch.imagesFailing,
                ]
            },
            "sources": report.sources.map(\.json),
            "locked_kept": report.lockedKept.map { kept -> [String: Any?] in
                ["image_id": kept.imageID, "kept_split": kept.kept, "dump_split": kept.dumpSplit]
            },
        ]
    }
}
