import ExoCore

/// Deliberate, named bugs in the exokernel and library OS. Each is a flag held
/// in the kernel value as configuration (not part of the canonical encoding);
/// each names the invariant that must catch it.
public struct ExoMutants: OptionSet, Equatable, Codable, Sendable {
    public let rawValue: UInt64
    public init(rawValue: UInt64) { self.rawValue = rawValue }

    /// The abort flushes TLBs but leaves the old owner's software-TLB entries.
    public static let stlbKeptAfterAbort = ExoMutants(rawValue: 1 << 0)
    /// The abort flushes the software TLB but not the per-CPU hardware TLBs.
    public static let tlbKeptAfterAbort = ExoMutants(rawValue: 1 << 1)
    /// The abort timer is armed one tick early.
    public static let abortBeforeDeadline = ExoMutants(rawValue: 1 << 2)
    /// Relinquishing a frame does not disarm the abort timer.
    public static let abortAfterCompliance = ExoMutants(rawValue: 1 << 3)
    /// The abort takes the frame but does not write the repossession vector.
    public static let repossessionNotRecorded = ExoMutants(rawValue: 1 << 4)
    /// The verifier accepts jumps to earlier instructions.
    public static let verifierAllowsBackwardJump = ExoMutants(rawValue: 1 << 5)
    /// The verifier does not check load and store offsets.
    public static let verifierSkipsBoundsCheck = ExoMutants(rawValue: 1 << 6)
    /// Derivation gives the requested rights instead of their intersection with the parent's.
    public static let derivationWidensRights = ExoMutants(rawValue: 1 << 7)
    /// Binding does not check whether the presented capability was revoked.
    public static let revokedCapabilityAccepted = ExoMutants(rawValue: 1 << 8)
    /// Binding skips the ACL check on the frame.
    public static let bindSkipsACLCheck = ExoMutants(rawValue: 1 << 9)
    /// Allocation does not check that the frame is free.
    public static let allocStealsOwnedFrame = ExoMutants(rawValue: 1 << 10)
    /// A repossessed frame is marked free but never put back on the free list.
    public static let repossessedFrameLeaked = ExoMutants(rawValue: 1 << 11)
    /// The library OS's pager writes its page table even when the kernel refused the binding.
    public static let pagerMapsUnownedFrame = ExoMutants(rawValue: 1 << 12)
    /// IPC receive advances the sequence but leaves the message in the ring.
    public static let ipcDeliversTwice = ExoMutants(rawValue: 1 << 13)
    /// The library OS skips its container check on IPC and sharing.
    public static let containerCheckSkipped = ExoMutants(rawValue: 1 << 14)
    /// Repossessing or freeing a foreign-mapped frame puts it on the free list.
    public static let foreignMappedFrameFreed = ExoMutants(rawValue: 1 << 15)
    /// Revocation requests are accepted for guaranteed frames.
    public static let guaranteedFrameRevoked = ExoMutants(rawValue: 1 << 16)
    /// The packet demultiplexer treats a filter fault (short packet) as accept.
    public static let demuxFaultAccepts = ExoMutants(rawValue: 1 << 17)
    /// The kernel never enforces the grace period after the end-of-quantum upcall.
    public static let graceNotEnforced = ExoMutants(rawValue: 1 << 18)
    /// Unbinding flushes the software TLB but not the hardware TLBs.
    public static let unbindKeepsTLBEntry = ExoMutants(rawValue: 1 << 19)
    /// Derivation uses the suffix as the whole name instead of extending the parent's.
    public static let derivationIgnoresPrefix = ExoMutants(rawValue: 1 << 20)

    /// Every mutant with its name, what it does, and the invariant that catches it.
    public static let catalogue: [(ExoMutants, MutantInfo)] = [
        (.stlbKeptAfterAbort, info("stlb-kept-after-abort", "the abort leaves the old owner's software-TLB entries for the frame", "revocation-complete", "exokernel")),
        (.tlbKeptAfterAbort, info("tlb-kept-after-abort", "the abort leaves hardware-TLB entries for the frame", "revocation-complete", "exokernel")),
        (.abortBeforeDeadline, info("abort-before-deadline", "the abort timer fires one tick before the deadline", "abort-deadline", "exokernel")),
        (.abortAfterCompliance, info("abort-after-compliance", "relinquish does not disarm the abort timer, so a compliant library OS is aborted", "abort-deadline", "exokernel")),
        (.repossessionNotRecorded, info("repossession-not-recorded", "the abort does not record the frame in the repossession vector", "revocation-complete", "exokernel")),
        (.verifierAllowsBackwardJump, info("verifier-allows-backward-jump", "the verifier accepts a jump to an earlier instruction (a loop)", "filter-safety", "exokernel")),
        (.verifierSkipsBoundsCheck, info("verifier-skips-bounds-check", "the verifier accepts loads past the largest packet and stores outside handler memory", "filter-safety", "exokernel")),
        (.derivationWidensRights, info("derivation-widens-rights", "a derived capability gets the requested rights, not their intersection with the parent's", "capability-unforgeable", "exokernel")),
        (.revokedCapabilityAccepted, info("revoked-capability-accepted", "binding accepts a revoked capability", "binding-soundness", "exokernel")),
        (.bindSkipsACLCheck, info("bind-skips-acl-check", "binding does not check the capability against the frame's ACL", "binding-soundness", "exokernel")),
        (.allocStealsOwnedFrame, info("alloc-steals-owned-frame", "allocation hands out a frame another environment owns", "exclusive-ownership", "exokernel")),
        (.repossessedFrameLeaked, info("repossessed-frame-leaked", "a repossessed frame is marked free but not returned to the free list", "frame-conservation", "exokernel")),
        (.pagerMapsUnownedFrame, info("pager-maps-unowned-frame", "the pager writes a page-table entry even when the kernel refused the binding", "vm-isolation", "libos")),
        (.ipcDeliversTwice, info("ipc-delivers-twice", "receive advances the sequence number but leaves the message in the ring", "ipc-integrity", "libos")),
        (.containerCheckSkipped, info("container-check-skipped", "IPC and sharing cross container boundaries without a grant", "container-isolation", "libos")),
        (.foreignMappedFrameFreed, info("foreign-mapped-frame-freed", "a repossessed or freed frame still mapped by another domain goes to the free list, not quarantine", "quarantine-held", "exokernel")),
        (.guaranteedFrameRevoked, info("guaranteed-frame-revoked", "the kernel issues revocations for frames in the guaranteed set", "guaranteed-frames-kept", "exokernel")),
        (.demuxFaultAccepts, info("demux-fault-accepts", "a filter that faults on a short packet counts as accepting it", "packet-demux", "exokernel")),
        (.graceNotEnforced, info("grace-not-enforced", "an environment that ignores its end-of-quantum upcall keeps the CPU", "cpu-quantum-bounded", "exokernel")),
        (.unbindKeepsTLBEntry, info("unbind-keeps-tlb-entry", "unbinding leaves the hardware-TLB entry in place", "binding-soundness", "exokernel")),
        (.derivationIgnoresPrefix, info("derivation-ignores-prefix", "a derived capability's name does not extend its parent's, so it can name anything", "capability-unforgeable", "exokernel")),
    ]

    private static func info(_ name: String, _ summary: String, _ breaks: String, _ layer: String) -> MutantInfo {
        MutantInfo(name: name, summary: summary, breaks: breaks, layer: layer)
    }

    /// The mutant called `name` in the catalogue, or nil.
    public init?(name: String) {
        guard let entry = ExoMutants.catalogue.first(where: { $0.1.name == name }) else { return nil }
        self = entry.0
    }

    /// The catalogue names of the flags set here, in catalogue order.
    public var names: [String] { ExoMutants.catalogue.filter { contains($0.0) }.map { $0.1.name } }
}
