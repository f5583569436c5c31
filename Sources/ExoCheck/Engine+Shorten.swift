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
            guard let path = shortener.shorten(v.path, invariant: v.first.invariant), path.count < v.path.count,
                  let replay = model.replay(path: path) else { continue }
            precondition(replay.violations.first?.invariant == v.first.invariant,
                         "a shortened counterexample ends without its violation")
            let w = fingerprints.fingerprint(of: replay.finalState).words
            found[k] = FoundViolation(violations: replay.violations, path: path, fingerprintLow: w.low,
                                      fingerprintHigh: w.high, foundDepth: v.path.count)
        }
    }
}
