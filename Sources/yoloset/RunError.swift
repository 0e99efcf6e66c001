import YolosetCore

/// A run that cannot complete for a reason outside the data (an unwritable output file, a bad -C).
struct RunError: RunFailure {
    let description: String
}
