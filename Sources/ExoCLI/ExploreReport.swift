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
    /// Distinct states with no reduction, each alone and both
    /// (`--measure-reductions`, after a search that covered every state).
    var reductions: ReductionComparison? = nil
    /// Whether `--measure-reductions` asked for them.
    var reductionsAsked = false
    /// Whether no-deadlock was checked (`--no-deadlock` leaves it out; the
    /// traces say so, so that a replay checks the same).
    var deadlock = true

    /// How the run compares with the spec's `expect` line.
    enum Outcome: Equatable {
        case met
        case notMet
        /// `expect holds`, but a bound stopped the search first: not every
        /// reachable state was checked, so holding was not shown.
        case notShown(Bound)
    }

    var outcome: Outcome {
        switch (system.expect, result.verdict) {
        case (.holds, .violation): return .notMet
        case (.holds, .boundHit(let b)): return .notShown(b)
        case (.holds, .holds): return .met
        case (.violation(let inv), .violation):
            return result.violations.contains { v in v.violations.contains { $0.invariant == inv } } ? .met : .notMet
        case (.violation, _): return .notMet
        }
    }

    /// Whether the run met the spec's `expect` line (a search a bound cut
    /// short has not shown that a spec holds).
    var expectationMet: Bool { outcome == .met }

    /// The expectation line's verdict, for people.
    var outcomeText: String {
        switch outcome {
        case .met: return "met"
        case .notMet: return "NOT MET"
        case .notShown(let b): return "NOT MET (not shown: the \(b.rawValue) bound stopped the search before every reachable state was checked)"
        }
    }

    /// Writes one trace per counterexample. Returns the paths written, in
    /// order, and the error that stopped the writing, if one did (the
    /// traces before it stay written).
    func writeTraces() -> (paths: [String], error: Error?) {
        guard !result.violations.isEmpty else { return ([], nil) }
        var paths: [String] = []
        do {
            do {
                try FileManager.default.createDirectory(atPath: outDir, withIntermediateDirectories: true)
            } catch {
                throw CLIError("\(outDir): cannot create the output directory (\(ExploreReport.reason(error, creating: outDir)))")
            }
            for (i, v) in result.violations.enumerated() {
                let name = "\(system.name)-\(v.first.invariant)\(result.violations.count > 1 ? "-\(i + 1)" : "").trace.gz"
                let path = (outDir as NSString).appendingPathComponent(name)
                try Counterexample.write(model: model, path: v.path, to: path, specFile: spec, specText: specText,
                                         mutants: mutants, deadlock: deadlock, invariant: v.first.invariant)
                paths.append(path)
            }
        } catch {
            return (paths, error)
        }
        return (paths, nil)
    }

    /// Why a file-system call failed, in a few words: the POSIX reason
    /// where Foundation gives one (its own description names the path
    /// again and is long).
    static func reason(_ error: Error, creating dir: String? = nil) -> String {
        // A file where a directory of the path should be: Foundation says
        // only "error 512"; name the file.
        if let dir {
            var prefix = ""
            for part in (dir as NSString).pathComponents {
                prefix = prefix.isEmpty ? part : (prefix as NSString).appendingPathComponent(part)
                var isDir: ObjCBool = false
                if FileManager.default.fileExists(atPath: prefix, isDirectory: &isDir), !isDir.boolValue {
                    return prefix == dir ? "a file of that name exists" : "\(prefix) is a file, not a directory"
                }
            }
        }
        let ns = error as NSError
        if let posix = ns.userInfo[NSUnderlyingErrorKey] as? NSError, posix.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(posix.code)))
        }
        if ns.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(ns.code))) }
        if ns.domain == NSCocoaErrorDomain, ns.code == CocoaError.fileWriteFileExists.rawValue {
            return "a file of that name exists"
        }
        return ns.localizedDescription
    }

    /// The summary for `--json`: the explorer's fields, the expectation
    /// and each counterexample's trace.
    func summary(traces: [String]) -> ExploreSummary {
        var s = ExploreSummary(result)
        s.expected = system.expect.description
        s.expectedMet = expectationMet
        s.reductionsCompared = reductions
        for i in s.violations.indices where i < traces.count { s.violations[i].trace = traces[i] }
        return s
    }

    func text(traces: [String]) -> String {
        var s = "exocheck explore \(spec): "
        switch result.verdict {
        case .holds: s += "holds (every reachable state checked)"
        case .violation:
            // With --continue, every invariant a counterexample was kept for.
            var names: [String] = []
            for v in result.violations where !names.contains(v.first.invariant) { names.append(v.first.invariant) }
            s += names.count > 1 ? "violations of \(names.joined(separator: ", "))" : "violation of \(names.first ?? "?")"
        case .boundHit(let b): s += "no violation found before the \(b.rawValue) bound"
        }
        // The explorer's own summary: the same fields as the JSON.
        for line in ExploreSummary(result).text().split(separator: "\n") { s += "\n  " + line }
        let r = result
        if let c = reductions {
            s += "\n  reductions measured (distinct states): \(c.text)"
        } else if reductionsAsked {
            s += "\n  reductions not measured: this search, or one with a reduction switched, did not cover its whole state space within the bounds"
        }
        s += "\n  expected: \(system.expect) — \(outcomeText)"
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
                      mutants: [String], deadlock: Bool = true, invariant: String) throws {
        var header = TraceHeader(toolVersion: ToolVersion.string, specFileName: specFile, specText: specText,
                                 mode: .counterexample, seed: 0)
        header.setMetadata("command", "explore")
        ModelLoader.setRunMetadata(&header, mutants: mutants, deadlock: deadlock)
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
