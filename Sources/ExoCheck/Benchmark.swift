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

    /// The counts and savings in one line, as `bench` and `explore
    /// --measure-reductions` print them.
    public var text: String {
        "none \(none), partial order \(partialOrderOnly) (saves \(savedByPartialOrder)), "
            + "symmetry \(symmetryOnly) (saves \(savedBySymmetry)), both \(both) (saves \(savedByBoth))"
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
    /// This search run again with `change` applied to its options, without
    /// progress reports or violation callbacks (a benchmark's or a
    /// comparison's extra run).
    private func quietRun(_ change: (inout ExploreOptions) -> Void) -> ExploreResult {
        var o = options
        change(&o)
        o.onProgress = nil
        o.onViolation = nil
        return Explorer(model: model, options: o, hooks: hooks).run()
    }

    /// Runs the search once per jobs count in each of `rounds` rounds.
    public func benchmark(jobs counts: [Int], rounds: Int = 1) -> BenchmarkSeries {
        precondition(!counts.isEmpty && rounds > 0, "a benchmark needs jobs counts and rounds")
        var all: [[BenchmarkFigures]] = []
        for _ in 0..<rounds {
            all.append(counts.map { n in BenchmarkFigures(quietRun { $0.jobs = n }) })
        }
        return BenchmarkSeries(jobs: counts, rounds: all)
    }

    /// The distinct states of this search with no reduction, each alone and
    /// both (its bounds kept), or nil unless every one of those searches
    /// covered its whole state space: a bound or a violation makes a count
    /// that is not the space's. `searched`, when given, is this explorer's
    /// own run, counted for its configuration instead of searching it again.
    public func compareReductions(reusing searched: ExploreResult? = nil) -> ReductionComparison? {
        func count(_ por: Bool, _ sym: Bool) -> UInt64? {
            let r: ExploreResult
            if let searched, por == options.partialOrderReduction && sym == options.symmetryReduction {
                r = searched
            } else {
                r = quietRun { $0.partialOrderReduction = por; $0.symmetryReduction = sym }
            }
            return r.verdict == .holds ? r.distinct : nil
        }
        guard let none = count(false, false), let por = count(true, false), let sym = count(false, true),
              let both = count(true, true) else { return nil }
        return ReductionComparison(none: none, partialOrderOnly: por, symmetryOnly: sym, both: both)
    }
}
