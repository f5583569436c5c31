import ExoCore

/// What running a filter produced.
public enum FilterResult: Int32, Equatable, Codable, Sendable {
    case accept = 1
    case reject = 0
    /// A load past the end of the packet or a store outside memory.
    case fault = -1
    /// The instruction budget ran out (only possible for unverified code).
    case outOfFuel = -2
}
