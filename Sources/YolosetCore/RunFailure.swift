/// An error that means the run cannot complete: input that cannot be read, a config or workspace that
/// cannot be used, an unknown batch or version. Problems found in the data are findings, never these.
/// `yoloset` prints the description as one line on stderr and exits with status 2; every such error type
/// conforms, so none can end a run with status 1, which is kept for findings.
public protocol RunFailure: Error, CustomStringConvertible {}
