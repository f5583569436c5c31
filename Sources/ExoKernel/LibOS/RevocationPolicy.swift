import ExoCore

/// How a library OS answers visible revocation. The kernel does not know the
/// policy: the World uses it to decide which `relinquish` operations an
/// environment's actor may issue, and a spec may leave it open so the
/// explorer tries each.
public enum RevocationPolicy: String, CaseIterable, Codable, Sendable {
    /// Relinquish in the tick the request was posted.
    case complyAtOnce = "comply-at-once"
    /// Relinquish at any tick while the request is pending (the explorer
    /// tries each, including the last one before the deadline, when the
    /// abort is about to win).
    case complyLate = "comply-late"
    /// Never relinquish: every request ends in the abort protocol.
    case ignore = "ignore"
}

extension Exokernel {
    /// The frames (machine numbers, ascending) that `env` may relinquish at
    /// `now` under `policy`.
    public func relinquishChoices(_ env: Int, policy: RevocationPolicy, now: Tick) -> [UInt32] {
        guard envAlive(env) else { return [] }
        let pending = envs[env].pendingRevocations
        let chosen: [RevocationRecord]
        switch policy {
        case .complyAtOnce: chosen = pending.filter { $0.issued == now }
        case .complyLate: chosen = pending
        case .ignore: chosen = []
        }
        return chosen.map { frames[$0.frame].machine }.sorted()
    }
}
