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

    public init(_ r: ExploreResult) {
        jobs = r.jobs
        distinct = r.distinct
        generated = r.generated
        seconds = r.elapsed
        statesPerSecond = r.statesPerSecond
        transitionsPerSecond = r.transitionsPerSecond
        bytesPerState = r.bytesPerState
        parentLinkBytesPerState = r.parentLinkBytesPerState
    }
}

/// Distinct-state counts with each reduction on and off: what each saved.
public struct ReductionComparison: Equatable, Codable, Sendable {
    public var none: UInt64
    public var partialOrderOnly: UInt64
    public var symmetryOnly: UInt64
    public var both: UInt64

    public var savedByPartialOrder: Int64 { Int64(none) - Int64(partialOrderOnly) }
    public var savedBySymmetry: Int64 { Int64(none) - Int64(symmetryOnly) }
    public var savedByBoth: Int64 { Int64(none) - Int64(both) }
}

extension Explorer {
    /// Runs the search once per jobs count and reports the figures.
    public func benchmark(jobs counts: [Int]) -> [BenchmarkFigures] {
        counts.map { n in
            var o = options
            o.jobs = n
            o.onProgress = nil
            o.onViolation = nil
            return BenchmarkFigures(Explorer(model: model, options: o, hooks: hooks).run())
        }
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
