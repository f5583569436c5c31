import ExoCore

extension Engine {
    /// Replaces each recorded violation's path by a shorter one where
    /// `CounterexampleShortener` finds one (`options.shortenCounterexamples`),
    /// keeping the path as found in `foundDepth`. After the search, on the
    /// caller's thread; one budget per violation.
    func shortenViolations() {
        guard options.shortenCounterexamples else { return }
        var fingerprints = makeExpander()
        for k in found.indices {
            let v = found[k]
            var shortener = CounterexampleShortener(model: model)
            let all = v.violations.map(\.invariant)
            guard let path = shortener.shorten(v.path, invariant: v.first.invariant, alsoKeeping: all),
                  path.count < v.path.count, let replay = model.replay(path: path) else { continue }
            precondition(CounterexampleShortener<M>.Target(headline: v.first.invariant, all: all).isMet(by: replay.violations),
                         "a shortened counterexample lost a violation")
            let w = fingerprints.fingerprint(of: replay.finalState).words
            found[k] = FoundViolation(violations: replay.violations, path: path, fingerprintLow: w.low,
                                      fingerprintHigh: w.high, foundDepth: v.path.count)
        }
    }
}
