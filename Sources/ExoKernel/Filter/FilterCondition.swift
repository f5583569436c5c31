import ExoCore

/// The comparison of a conditional jump, between the accumulator and a constant.
public enum FilterCondition: UInt8, Equatable, Codable, Sendable, CaseIterable {
    case eq, ne, gt, lt

    public func holds(_ a: UInt32, _ k: UInt32) -> Bool {
        switch self {
        case .eq: return a == k
        case .ne: return a != k
        case .gt: return a > k
        case .lt: return a < k
        }
    }
}
