import ExoCheck
import ExoCore
import ExoSpec
import ExoStack
import ExoTrace
import Foundation

/// The invariant suite CI runs: specs against their `expect` lines, mutants
/// against the specs, golden traces against replay. The commands `suite`
/// and `mutants` are thin wrappers around this.
struct SpecSuite {
    struct LoadedSpec {
        var path: String
        var text: String
        var system: SystemSpec
    }

    var jobs: Int

    /// Every `.exo` file in a directory, sorted by name.
    static func specFiles(in dir: String) throws -> [String] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir) else {
            throw CLIError("\(dir): cannot list the directory")
        }
        return names.filter { $0.hasSuffix(".exo") }.sorted().map { (dir as NSString).appendingPathComponent($0) }
    }

    static func load(_ paths: [String]) throws -> [LoadedSpec] {
        try paths.map { p in
            let text = try ModelLoader.readText(p)
            return LoadedSpec(path: p, text: text, system: try ModelLoader.system(text: text, file: p))
        }
    }

    func options(for s: SystemSpec) -> ExploreOptions {
        var o = ExploreOptions(spec: s)
        o.jobs = jobs
        return o
    }

    func explore(_ spec: LoadedSpec, mutants: [String] = []) throws -> ExploreResult {
        let model = try ModelLoader.model(spec.system, file: spec.path, mutants: mutants)
        return Explorer(model: model, options: options(for: spec.system)).run()
    }

    /// One mutant against the specs that expect to hold: which spec kills it
    /// first, with which invariant, in how many steps.
    struct Kill {
        var mutant: MutantInfo
        var spec: String?
        var invariant: String?
        var steps: Int?
    }

    func kill(_ mutant: MutantInfo, with specs: [LoadedSpec]) throws -> Kill {
        for s in specs where s.system.expect == .holds {
            let r = try explore(s, mutants: [mutant.name])
            if case .violation = r.verdict, let v = r.violations.first {
                return Kill(mutant: mutant, spec: s.path, invariant: v.first.invariant, steps: v.depth)
            }
        }
        return Kill(mutant: mutant, spec: nil, invariant: nil, steps: nil)
    }

    /// Whether a reduction changed anything in `r`: partial-order reduction
    /// postponed steps somewhere, or symmetry reduction was in force.
    static func reductionsActive(_ r: ExploreResult) -> Bool {
        r.reductions.reducedStates > 0 || r.reductions.symmetry
    }

    /// The spec alone and with each mutant on, explored with the reductions
    /// and without them: the verdicts, and the invariant a violation
    /// headlines, must agree (the reductions must hide no violation and
    /// invent none). Lengths may differ: partial-order reduction finds
    /// paths in the reduced graph. Returns whether all agreed, and a line
    /// saying so or naming the first disagreement.
    func reductionsAgree(_ spec: LoadedSpec, mutants: [MutantInfo]) throws -> (ok: Bool, message: String) {
        let model = { (m: [String]) in try ModelLoader.model(spec.system, file: spec.path, mutants: m) }
        var reduced = options(for: spec.system)
        reduced.shortenCounterexamples = false
        var plain = reduced
        plain.partialOrderReduction = false
        plain.symmetryReduction = false
        var states: (UInt64, UInt64) = (0, 0)
        var violated = 0
        for m in [nil] + mutants.map(\.name) {
            let chosen = m.map { [$0] } ?? []
            let on = Explorer(model: try model(chosen), options: reduced).run()
            let off = Explorer(model: try model(chosen), options: plain).run()
            if m == nil { states = (on.distinct, off.distinct) }
            let what = m.map { "mutant \($0)" } ?? "the spec"
            // Only whole searches compare: two runs cut by a bound agree on
            // nothing.
            for r in [on, off] {
                if case .boundHit(let b) = r.verdict {
                    return (false, "\(what): the \(b.rawValue) bound stopped the search after \(r.distinct) states; "
                                 + "the reductions are compared only on searches that finish (drop the spec's bound)")
                }
            }
            let a = on.violations.first?.first.invariant, b = off.violations.first?.first.invariant
            guard on.verdict == off.verdict, a == b else {
                return (false, "\(what): \(on.verdict.name) \(a ?? "") with the reductions, \(off.verdict.name) \(b ?? "") without")
            }
            if a != nil { violated += 1 }
        }
        return (true, "the spec and \(mutants.count) mutants: the same verdicts with and without the reductions "
                    + "(\(states.0) and \(states.1) states; \(violated) violated)")
    }

    static func killTable(_ kills: [Kill]) -> String {
        var rows = [["mutant", "breaks", "killed by", "invariant", "steps"]]
        for k in kills {
            rows.append([k.mutant.name, k.mutant.breaks, k.spec.map { ($0 as NSString).lastPathComponent } ?? "SURVIVED",
                         k.invariant ?? "-", k.steps.map(String.init) ?? "-"])
        }
        return renderColumns(rows)
    }

    /// Replays a golden trace and re-records it; the copy must be identical.
    static func replayGolden(_ path: String) -> (ok: Bool, message: String) {
        let tmp = NSTemporaryDirectory() + "exocheck-golden-\(getpid())-\((path as NSString).lastPathComponent)"
        defer { try? FileManager.default.removeItem(atPath: tmp) }
        do {
            let reader = try TraceReader(path: path)
            let h = reader.header
            let system = try SpecCompiler.compile(text: h.specText, file: h.specFileName)
            let model = try ModelLoader.model(forTrace: h, system: system, file: path)
            switch try Replayer(model: model, reader: reader).run(ReplayOptions(outPath: tmp)) {
            case .diverged(let d):
                return (false, d.report(namer: EventNamer(model: model)))
            case .match(let s):
                let a = FileManager.default.contents(atPath: path), b = FileManager.default.contents(atPath: tmp)
                guard a != nil, a == b else { return (false, "replay matched but the re-recorded file differs byte-wise") }
                return (true, "\(s.eventsReplayed) events, bit-exact")
            }
        } catch {
            return (false, "\(error)")
        }
    }
}

extension ExploreOptions {
    /// The settings a spec's `explore` line asks for (strategy bfs or dfs,
    /// depth and state bounds); the command line overrides them.
    init(spec s: SystemSpec) {
        self.init(strategy: s.explore.strategy == "dfs" ? .dfs : .bfs)
        maxDepth = s.explore.maxDepth
        maxStates = s.explore.maxStates
    }
}
