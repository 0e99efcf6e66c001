internal import Foundation

/// The shares of train, val and test: fractions summing to 1, or percentages summing to 100 (stored as
/// fractions).
public struct SplitRatios: Sendable, Equatable {
    public var train: Double
    public var val: Double
    public var test: Double

    public static let standard = SplitRatios(exactly: 0.8, 0.1, 0.1)

    /// Why three numbers are not usable as ratios.
    public struct Problem: RunFailure, Sendable, Equatable {
        public var description: String
    }

    public init(train: Double, val: Double, test: Double) throws(Problem) {
        let values = [train, val, test]
        guard values.allSatisfy({ $0.isFinite && $0 >= 0 }) else {
            throw Problem(description: "ratios must be numbers ≥ 0")
        }
        let sum = values.reduce(0, +)
        let scale: Double
        if abs(sum - 1) <= 1e-6 {
            scale = 1
        } else if abs(sum - 100) <= 1e-4 {
            scale = 100
        } else {
            throw Problem(
                description:
                    "train, val and test must be fractions summing to 1 or percentages summing to 100; "
                    + "\(Self.text(train)) + \(Self.text(val)) + \(Self.text(test)) = \(Self.text(sum))")
        }
        guard train > 0 else { throw Problem(description: "train must be more than 0") }
        self.init(exactly: train / scale, val / scale, test / scale)
    }

    private init(exactly train: Double, _ val: Double, _ test: Double) {
        self.train = train
        self.val = val
        self.test = test
    }

    /// The ratio of a split by name.
    public subscript(split: DatasetSplit) -> Double {
        switch split {
        case .train: train
        case .val: val
        case .test: test
        }
    }

    private static func text(_ value: Double) -> String {
        formatted(value, decimals: 6)
    }
}

/// train, val or test.
public enum DatasetSplit: String, Sendable, CaseIterable, Comparable {
    case train, val, test

    public static func < (lhs: DatasetSplit, rhs: DatasetSplit) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
