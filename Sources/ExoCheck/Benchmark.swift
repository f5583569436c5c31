import ExoCore

/// Speed and memory of one exploration, for `exocheck bench`.
public struct BenchmarkFigures: Equatable, Codable, Sendable {
    public var jobs: Int
    public var distinct: UInt64
    public var generated: UInt64
    public var seconds: Double
    public var statesPerSecond: Double
    public var transitionsPerSecond: Double
    public var bytesPerState: Double
    public var parentLinkBytesPerState: Double
    /// Successors checked before the merge (`ExploreResult.statesChecked`).
    public var checked: UInt64
    /// Where the time went (breadth-first search only).
    public var phases: PhaseTimes?

    public init(_ r: ExploreResult) {
        jobs = r.jobs
        distinct = r.distinct
        generated = r.generated
        seconds = r.elapsed
        statesPerSecond = r.statesPerSecond
        transitionsPerSecond = r.transitionsPerSecond
        bytesPerState = r.bytesPerState
        parentLinkBytesPerState = r.parentLinkBytesPerState
        checked = r.statesChecked
        phases = r.phases
    }
}

/// Distinct-state counts with each reduction on and off: what each saved.
public struct ReductionComparison: Equatable, Codable, Sendable {
    public var none: UInt64
    public var partialOrderOnly: UInt64
    public var symmetryOnly: UInt64
    public var both: UInt64

    enum CodingKeys: String, CodingKey {
        case none
        case partialOrderOnly = "partial_order_only"
        case symmetryOnly = "symmetry_only"
        case both
    }

    public var savedByPartialOrder: Int64 { Int64(none) - Int64(partialOrderOnly) }
    public var savedBySymmetry: Int64 { Int64(none) - Int64(symmetryOnly) }
    public var savedByBoth: Int64 { Int64(none) - Int64(both) }
}

/// A benchmark of one spec: the search run once per jobs count in each of
/// `rounds` rounds (alternating, so drift on a shared machine hits every
/// jobs count alike), reported as medians.
public struct BenchmarkSeries: Equatable, Sendable {
    /// The jobs counts, in the order each round runs them.
    public var jobs: [Int]
    /// `rounds[r][k]`: round `r`, `jobs[k]`.
    public var rounds: [[BenchmarkFigures]]

    /// The figures of the run with the median time for `jobs[k]` (the lower
    /// middle one for an even number of rounds).
    public func median(_ k: Int) -> BenchmarkFigures {
        let runs = rounds.map { $0[k] }.sorted { $0.seconds < $1.seconds }
        return runs[(runs.count - 1) / 2]
    }

    /// Per round, `jobs[0]`'s time over `jobs[k]`'s: the speed-up of each
    /// pair of neighbouring runs.
    public func speedups(_ k: Int) -> [Double] {
        rounds.map { $0[k].seconds > 0 ? $0[0].seconds / $0[k].seconds : 0 }
    }
}

extension Explorer {
    /// Runs the search once per jobs count in each of `rounds` rounds.
    public func benchmark(jobs counts: [Int], rounds: Int = 1) -> BenchmarkSeries {
        precondition(!counts.isEmpty && rounds > 0, "a benchmark needs jobs counts and rounds")
        var all: [[BenchmarkFigures]] = []
        for _ in 0..<rounds {
            all.append(counts.map { n in
                var o = options
                o.jobs = n
                o.onProgress = nil
                o.onViolation = nil
                return BenchmarkFigures(Explorer(model: model, options: o, hooks: hooks).run())
            })
        }
        return BenchmarkSeries(jobs: counts, rounds: all)
    }

    /// The distinct states of this search with no reduction, each alone and
    /// both, or nil unless every one of those searches covered its whole
    /// state space (a bound or a violation makes a count that is not the
    /// space's). `searched` is this explorer's own run: its configuration is
    /// not searched again.
    public func measureReductions(searched: ExploreResult) -> ReductionComparison? {
        func count(_ por: Bool, _ sym: Bool) -> UInt64? {
            if por == options.partialOrderReduction && sym == options.symmetryReduction {
                return searched.verdict == .holds ? searched.distinct : nil
            }
            var o = options
            o.partialOrderReduction = por
            o.symmetryReduction = sym
            o.onProgress = nil
            o.onViolation = nil
            let r = Explorer(model: model, options: o, hooks: hooks).run()
            return r.verdict == .holds ? r.distinct : nil
        }
        guard let none = count(false, false), let por = count(true, false), let sym = count(false, true),
              let both = count(true, true) else { return nil }
        return ReductionComparison(none: none, partialOrderOnly: por, symmetryOnly: sym, both: both)
    }

    /// Runs the search four times (no reduction, each alone, both) and
    /// reports the distinct counts.
    public func compareReductions() -> ReductionComparison {
        func count(_ por: Bool, _ sym: Bool) -> UInt64 {
            var o = options
            o.partialOrderReduction = por
            o.symmetryReduction = sym
            o.onProgress = nil
            o.onViolation = nil
            return Explorer(model: model, options: o, hooks: hooks).run().distinct
        }
        return ReductionComparison(
            none: count(false, false), partialOrderOnly: count(true, false),
            symmetryOnly: count(false, true), both: count(true, true))
    }
}
