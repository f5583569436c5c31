import ExoCore
import ExoSpec
import ExoStack
import ExoTrace
import Foundation

/// Turns a spec file (or the spec text a trace embeds) into the model every
/// command runs. Bad input becomes a `CLIError` with exit code 2: the
/// diagnostics go to stderr as `file:line:col: error: ...` lines.
enum ModelLoader {
    /// Reads a spec file as UTF-8 text.
    static func readText(_ path: String) throws -> String {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else {
            throw CLIError("\(path): no such file")
        }
        guard !isDir.boolValue else { throw CLIError("\(path): is a directory, not a spec") }
        guard let data = FileManager.default.contents(atPath: path) else { throw CLIError("\(path): cannot be read") }
        guard let text = String(data: data, encoding: .utf8) else {
            let bytes = [UInt8](data)
            guard let bad = firstInvalidUTF8(bytes) else { throw CLIError("\(path): not UTF-8 text") }
            // Where, as the spec's diagnostics say it: line, and column in
            // Unicode scalars (the line's bytes before it are valid UTF-8).
            let lineStart = bytes[..<bad].lastIndex(of: 0x0A).map { $0 + 1 } ?? 0
            let line = 1 + bytes[..<bad].reduce(0) { $1 == 0x0A ? $0 + 1 : $0 }
            // A byte-order mark opening the file is no column (the spec's
            // text is read without it).
            let bom = lineStart == 0 && bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 1 : 0
            let column = 1 + String(decoding: bytes[lineStart..<bad], as: UTF8.self).unicodeScalars.count - bom
            throw CLIError("\(path):\(line):\(column): error: not UTF-8 text (byte 0x\(String(bytes[bad], radix: 16, uppercase: true)))")
        }
        return text
    }

    /// The offset of the first byte that does not begin or continue a
    /// well-formed UTF-8 sequence (no overlong forms, no surrogates, nothing
    /// past U+10FFFF), or nil when all of `b` is well formed.
    static func firstInvalidUTF8(_ b: [UInt8]) -> Int? {
        var i = 0
        while i < b.count {
            let c = b[i]
            if c < 0x80 { i += 1; continue }
            let more: Int
            var low: UInt8 = 0x80, high: UInt8 = 0xBF
            switch c {
            case 0xC2...0xDF: more = 1
            case 0xE0: more = 2; low = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: more = 2
            case 0xED: more = 2; high = 0x9F
            case 0xF0: more = 3; low = 0x90
            case 0xF1...0xF3: more = 3
            case 0xF4: more = 3; high = 0x8F
            default: return i
            }
            guard i + more < b.count, b[i + 1] >= low, b[i + 1] <= high else { return i }
            for k in 2...max(2, more) where k <= more && (b[i + k] & 0xC0) != 0x80 { return i }
            i += more + 1
        }
        return nil
    }

    /// Compiles spec text; on failure prints every diagnostic and throws.
    static func system(text: String, file: String) throws -> SystemSpec {
        do {
            return try SpecCompiler.compile(text: text, file: file)
        } catch {
            writeStderr(error.description)
            if !error.description.hasSuffix("\n") { writeStderr("\n") }
            let n = error.diagnostics.filter { $0.severity == .error }.count
            throw CLIError("\(file): \(n) error\(n == 1 ? "" : "s") in spec", code: Exit.badInput)
        }
    }

    /// Where extra mutants come from, for the message naming an unknown one.
    enum MutantSource {
        /// `--mutant` on the command line: the user's mistake there.
        case commandLine
        /// A trace header's `mutants` metadata: `file` is the trace.
        case traceHeader
    }

    /// Builds the model, with extra mutants switched on (from `--mutant`,
    /// or from the header of the trace `file`).
    static func model(_ system: SystemSpec, file: String, mutants: [String] = [],
                      from source: MutantSource = .commandLine) throws -> SystemModel {
        var s = system
        for m in mutants where !s.mutants.contains(m) {
            guard Layers.mutants.contains(where: { $0.name == m }) else {
                switch source {
                case .commandLine: throw CLIError("unknown mutant '\(m)' (see `exocheck list mutants`)")
                case .traceHeader: throw CLIError("\(file): header: unknown mutant '\(m)'")
                }
            }
            s.mutants.append(m)
        }
        do {
            return try SystemModel(system: s)
        } catch let e as SystemModel.ConfigError {
            throw CLIError("\(file): \(e.description)")
        }
    }

    /// `deadlock: false` (`--no-deadlock`) leaves no-deadlock out of the
    /// spec's checks, as TLC's `-deadlock` and SPIN's `-E` do.
    static func load(path: String, mutants: [String] = [], deadlock: Bool = true) throws
        -> (text: String, system: SystemSpec, model: SystemModel) {
        let text = try readText(path)
        var system = try self.system(text: text, file: path)
        if !deadlock { system = withoutDeadlock(system) }
        let built = try model(system, file: path, mutants: mutants)
        for m in mutants {
            if let layer = missingLayer(of: m, in: system) {
                writeStderr("warning: mutant \(m) changes the \(layer), which \(path) does not have: it can change nothing here\n")
            }
        }
        return (text, system, built)
    }

    /// The layer mutant `name` lives in when `system` has none of it (a
    /// unikernel mutant in a spec without unikernels, an exokernel or
    /// library-OS one without an exokernel); nil when the layer is there,
    /// for the hypervisor (always there) and for the world's mutants (they
    /// join layers, and say nothing this simple about which).
    static func missingLayer(of name: String, in system: SystemSpec) -> String? {
        guard let info = Layers.mutants.first(where: { $0.name == name }) else { return nil }
        let has: Bool
        switch info.layer {
        case "unikernel":
            has = system.domains.contains { if case .unikernel = $0.kind { return true } else { return false } }
        case "exokernel", "libos":
            has = system.domains.contains { if case .exokernel = $0.kind { return true } else { return false } }
        default:
            return nil
        }
        return has ? nil : (info.layer == "libos" ? "library OS (it runs on the exokernel)" : info.layer)
    }

    /// `s` with no-deadlock taken out of its checks (every other invariant
    /// it checked is still checked).
    static func withoutDeadlock(_ s: SystemSpec) -> SystemSpec {
        var t = s
        let name = SystemModel.noDeadlock.name
        t.invariants = (s.invariants ?? Layers.invariants.map(\.name)).filter { $0 != name }
        return t
    }

    /// Parses the comma-separated mutant list a trace header carries.
    static func mutantList(_ s: String?) -> [String] {
        guard let s, !s.isEmpty, s != "none" else { return [] }
        return s.split(separator: ",").map(String.init)
    }

    /// `--mutant` values as a set: each once, in name order, so that the
    /// order and repetition of the flags change neither the run nor the
    /// bytes of the trace that records it.
    static func canonicalMutants(_ names: [String]) -> [String] {
        var out: [String] = []
        for n in names.sorted() where out.last != n { out.append(n) }
        return out
    }

    /// The header metadata of a run: the mutants switched on and, when
    /// `--no-deadlock` left that check out, `no-deadlock: off`, so that a
    /// replay checks what the run checked.
    static func setRunMetadata(_ header: inout TraceHeader, mutants: [String], deadlock: Bool) {
        header.setMetadata("mutants", mutants.isEmpty ? "none" : mutants.joined(separator: ","))
        if !deadlock { header.setMetadata("no-deadlock", "off") }
    }

    /// The model a trace was recorded with: its embedded spec (compiled by
    /// the caller), the mutants its header names, and no-deadlock left out
    /// when the run left it out.
    static func model(forTrace h: TraceHeader, system: SystemSpec, file: String) throws -> SystemModel {
        let s = h.metadata("no-deadlock") == "off" ? withoutDeadlock(system) : system
        return try model(s, file: file, mutants: mutantList(h.metadata("mutants")), from: .traceHeader)
    }
}
