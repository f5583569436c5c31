import ExoCore

/// The Xen-style hypervisor as a plain value: the machine frame table, the
/// domains (each with its grant table, maptrack and event-channel ports).
///
/// Every operation is a `mutating` method that takes any operand values and
/// answers with a status; bad operands never trap and leave the state as it
/// was. `config` and `mutants` are constant for a run and are not part of
/// the canonical encoding.
public struct Hypervisor: Equatable, Codable, Sendable, CanonicalEncodable {
    public let config: XenConfig
    public let mutants: XenMutants
    public internal(set) var frames: [FrameRecord]
    public internal(set) var domains: [Domain]

    /// The invariant catalogue of this layer and the unikernel layer.
    public static let invariants: [InvariantInfo] = XenInvariants.all

    /// A hypervisor with every frame free and every domain slot absent.
    /// The configuration must be valid (`config.problem() == nil`).
    public init(config: XenConfig = XenConfig(), mutants: XenMutants = []) {
        precondition(config.problem() == nil, "invalid XenConfig: \(config.problem() ?? "")")
        self.config = config
        self.mutants = mutants
        frames = Array(repeating: FrameRecord(), count: config.frames)
        domains = Array(repeating: Domain(config: config), count: config.maxDomains)
    }

    public func encode(into e: inout CanonicalEncoder) {
        e.array(frames)
        // Same bytes as `e.array(domains)`, encoding each domain in place
        // (the generic path copies every domain out, retaining its arrays).
        e.count(domains.count)
        for i in domains.indices { domains[i].encode(into: &e) }
    }

    // MARK: small lookups shared by the operations

    /// The domain index if `d` names a slot.
    @inline(__always) func slot(_ d: DomID) -> Int? {
        Int(d) < domains.count ? Int(d) : nil
    }

    /// The domain index if `d` names a created or running domain.
    @inline(__always) func alive(_ d: DomID) -> Int? {
        guard let i = slot(d), domains[i].lifecycle.isAlive else { return nil }
        return i
    }

    /// The entry index if `ref` is within `d`'s current grant table.
    @inline(__always) func entryIndex(_ d: Int, _ ref: GrantRef) -> Int? {
        Int(ref) < domains[d].entryCount(perFrame: config.grantEntriesPerFrame) ? Int(ref) : nil
    }

    @inline(__always) func frameIndex(_ f: FrameNumber) -> Int? {
        Int(f) < frames.count ? Int(f) : nil
    }

    /// True if frame `f` is owned (and not released) by domain index `d`.
    @inline(__always) func owns(_ d: Int, _ f: FrameNumber) -> Bool {
        guard let fi = frameIndex(f) else { return false }
        return frames[fi].state == .owned(DomID(d))
    }
}
