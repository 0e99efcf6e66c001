/// A YOLO dataset that cannot be validated at all: names the file and the problem. Problems a run can
/// go on past (a missing split, names that disagree with nc) are findings instead.
public struct DatasetError: RunFailure, Equatable, Sendable {
    public var file: String
    public var problem: String

    public init(file: String, problem: String) {
        self.file = file
        self.problem = problem
    }

    public var description: String { "Unable to read '\(file)': \(problem)." }
}
