import ExoCore

/// The explicit-state model checker over any `Model`.
///
///     let result = Explorer(model: m, options: ExploreOptions()).run()
///     for v in result.violations { let r = m.replay(path: v.path) ... }
///
/// Models conforming to `ReducibleModel` get partial-order and symmetry
/// reduction (each switchable in the options); plain models are explored in
/// full.
public struct Explorer<M: Model> {
    public let model: M
    public let options: ExploreOptions
    /// Every reduction hook the model offers; `run` keeps those the options allow.
    let hooks: ReductionHooks<M>

    /// An explorer for `model`. If the model conforms to `ReducibleModel`
    /// (found at run time, so this works from generic code too) its
    /// reduction hooks are used as far as the options allow.
    public init(model: M, options: ExploreOptions = ExploreOptions()) {
        self.model = model
        self.options = options
        if let reducible = model as? any ReducibleModel {
            self.hooks = (reductionHooks(of: reducible) as? ReductionHooks<M>) ?? .none
        } else {
            self.hooks = .none
        }
    }

    init(model: M, options: ExploreOptions, hooks: ReductionHooks<M>) {
        self.model = model
        self.options = options
        self.hooks = hooks
    }

    /// Runs the search to completion, a bound, or the violation budget.
    public func run() -> ExploreResult {
        let active = hooks.filtered(by: options)
        switch options.fingerprint {
        case .bits64: return run(Engine<M, UInt64>(model: model, options: options, hooks: active))
        case .bits128: return run(Engine<M, Fingerprint128>(model: model, options: options, hooks: active))
        }
    }

    private func run<K: FingerprintKey>(_ engine: Engine<M, K>) -> ExploreResult {
        switch options.strategy {
        case .bfs:
            let jobs = max(1, options.jobs)
            engine.runBFS(jobs: jobs)
            // Unreduced (or only symmetry-reduced) BFS paths are shortest
            // already: no shorter path reaches a violation.
            if engine.counters.reducedStates > 0 { engine.shortenViolations() }
            return engine.result(strategy: "bfs", jobs: jobs, linksUsed: true)
        case .dfs:
            engine.runDFS()
            engine.shortenViolations()
            return engine.result(strategy: "dfs", jobs: 1, linksUsed: true)
        case let .random(seed, walks, depth):
            engine.runRandom(seed: seed, walks: max(0, walks), walkDepth: max(0, depth))
            engine.shortenViolations()
            return engine.result(strategy: "random", jobs: 1, linksUsed: false)
        }
    }
}

/// The hooks of a reducible model, type-erased so a plain `Model` generic
/// context can recover them with a cast.
private func reductionHooks<R: ReducibleModel>(of model: R) -> Any { ReductionHooks<R>.of(model) }
