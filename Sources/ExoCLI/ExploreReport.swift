import ExoCheck
import ExoCore
import ExoStack
import ExoTrace
import Foundation

/// What `explore` prints and writes after a search: the summary, each
/// counterexample as a timeline, its trace file and the command that
/// reproduces it.
struct ExploreReport {
    let spec: String
    let specText: String
    let system: SystemSpec
    let model: SystemModel
    let mutants: [String]
    let result: ExploreResult
    let outDir: String

    /// Whether the run met the spec's `expect` line.
    var expectationMet: Bool {
        switch (system.expect, result.verdict) {
        case (.holds, .violation): return false
        case (.holds, _): return true
        case (.violation(let inv), .violation): return result.violations.contains { v in v.violations.contains { $0.invariant == inv } }
        case (.violation, _): return false
        }
    }

    /// Writes one trace per counterexample; returns their paths in order.
    func writeTraces() throws -> [String] {
        guard !result.violations.isEmpty else { return [] }
        do {
            try FileManager.default.createDirectory(atPath: outDir, withIntermediateDirectories: true)
        } catch {
            throw CLIError("\(outDir): cannot create the output directory")
        }
        var paths: [String] = []
        for (i, v) in result.violations.enumerated() {
            let name = "\(system.name)-\(v.first.invariant)\(result.violations.count > 1 ? "-\(i + 1)" : "").trace.gz"
            let path = (outDir as NSString).appendingPathComponent(name)
            try Counterexample.write(model: model, path: v.path, to: path, specFile: spec, specText: specText,
                                     mutants: mutants, invariant: v.first.invariant)
            paths.append(path)
        }
        return paths
    }

    func text(traces: [String]) -> String {
        var s = "exocheck explore \(spec): "
        switch result.verdict {
        case .holds: s += "holds (every reachable state checked)"
        case .violation: s += "violation of \(result.violations.first?.first.invariant ?? "?")"
        case .boundHit(let b): s += "no violation found before the \(b.rawValue) bound"
        }
        // The explorer's own summary: the same fields as the JSON.
        for line in ExploreSummary(result).text().split(separator: "\n") { s += "\n  " + line }
        let r = result
        s += "\n  expected: \(system.expect) — \(expectationMet ? "met" : "NOT MET")"
        for (i, v) in r.violations.enumerated() {
            let shortened = v.foundDepth.map { "; the search found \($0), steps that did not matter left out" } ?? ""
            s += "\n\ncounterexample \(i + 1) (\(v.depth) step\(v.depth == 1 ? "" : "s")\(shortened)): \(v.first.invariant): \(v.first.message)\n"
            if let replay = model.replay(path: v.path) {
                s += CounterexampleTimeline(model: model, replay: replay).render()
            }
            if i < traces.count {
                s += "  trace: \(traces[i])\n"
                s += "  reproduce: exocheck replay \(traces[i])"
            }
        }
        return s
    }
}

/// Writes a counterexample path as a trace that `exocheck replay` reproduces.
enum Counterexample {
    static func write(model: SystemModel, path: [UInt32], to file: String, specFile: String, specText: String,
                      mutants: [String], invariant: String) throws {
        var header = TraceHeader(toolVersion: ToolVersion.string, specFileName: specFile, specText: specText,
                                 mode: .counterexample, seed: 0)
        header.setMetadata("command", "explore")
        header.setMetadata("mutants", mutants.isEmpty ? "none" : mutants.joined(separator: ","))
        header.setMetadata("invariant", invariant)
        var state = model.initialState()
        do {
            let recorder = try TraceRecorder(model: model, path: file, header: header, initialState: state)
            var enabled: [Choice] = []
            for index in path {
                enabled.removeAll(keepingCapacity: true)
                model.actions(of: state, into: &enabled)
                precondition(Int(index) < enabled.count, "explorer path does not replay")
                let event = model.apply(enabled[Int(index)], to: &state)
                try recorder.record(choice: Int(index), event: event, state: state)
            }
            _ = try recorder.finish()
        } catch let e as TraceError {
            throw CLIError(e.description)
        }
    }
}
