import ExoCore

/// One processor: which environment holds it, and the end of its quantum.
public struct CPUState: Equatable, Codable, Sendable {
    /// Running environment, or -1 when idle.
    public var running: Int = -1
    /// Index of the time slice being run (or last run), -1 before the first.
    public var slice: Int = -1
    public var quantumEnd: Tick = 0
    /// The end-of-quantum upcall has been posted; the grace period runs.
    public var epiloguePosted: Bool = false
    public var graceEnd: Tick = 0

    public init() {}

    /// Encodes with times relative to `now`.
    public func encode(into e: inout CanonicalEncoder, now: Tick) {
        e.small(running); e.small(slice)
        guard running >= 0 else { return }
        e.u64(quantumEnd > now ? quantumEnd - now : 0)
        e.bool(epiloguePosted)
        if epiloguePosted { e.u64(graceEnd > now ? graceEnd - now : 0) }
    }
}
