import ExoCore

extension Engine {
    /// Replaces each recorded violation's path by a shorter one where
    /// `CounterexampleShortener` finds one (`options.shortenCounterexamples`),
    /// keeping the path as found in `foundDepth`. After the search, on the
    /// caller's thread; one budget per violation.
    func shortenViolations() {
        guard options.shortenCounterexamples else { return }
        var fingerprints = makeExpander()
        // The invariants the violations before `k` reported when they were
        // recorded (`record` put them last in violation `k`).
        var reportedBefore: [String] = []
        for k in found.indices {
            let v = found[k]
            let before = reportedBefore
            for x in v.violations where !reportedBefore.contains(x.invariant) { reportedBefore.append(x.invariant) }
            var shortener = CounterexampleShortener(model: model)
            let all = v.violations.map(\.invariant)
            guard let path = shortener.shorten(v.path, invariant: v.first.invariant, alsoKeeping: all, reportedBefore: before),
                  path.count < v.path.count, let replay = model.replay(path: path) else { continue }
            let target = CounterexampleShortener<M>.Target(headline: v.first.invariant, all: all, reportedBefore: before)
            precondition(target.isMet(by: replay.violations), "a shortened counterexample lost a violation")
            let w = fingerprints.fingerprint(of: replay.finalState).words
            found[k] = FoundViolation(violations: FoundViolation.newFirst(replay.violations, reportedBefore: before),
                                      path: path, fingerprintLow: w.low, fingerprintHigh: w.high, foundDepth: v.path.count)
        }
    }
}
