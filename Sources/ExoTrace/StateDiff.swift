/// A field-level difference between two states' snapshot JSON: the lines
/// `path = value` that differ, in the order the paths first appear.
public struct StateDiff: Equatable, Sendable, CustomStringConvertible {
    public struct Line: Equatable, Sendable {
        public var path: String
        /// The value in the recorded (snapshot) state, nil if the path is absent there.
        public var recorded: String?
        /// The value in the replayed state, nil if the path is absent there.
        public var replayed: String?
    }

    public var lines: [Line]

    /// Compares two JSON states. Returns nil if either does not parse.
    public static func between(recorded: [UInt8], replayed: [UInt8]) -> StateDiff? {
        guard let a = StateCodec.flatten(recorded), let b = StateCodec.flatten(replayed) else { return nil }
        // Lookup tables only; output order comes from the arrays.
        var inB: [String: String] = [:]
        for (p, v) in b { inB[p] = v }
        var inA: [String: String] = [:]
        for (p, v) in a { inA[p] = v }
        var lines: [Line] = []
        for (p, v) in a where inB[p] != v { lines.append(Line(path: p, recorded: v, replayed: inB[p])) }
        for (p, v) in b where inA[p] == nil { lines.append(Line(path: p, recorded: nil, replayed: v)) }
        return StateDiff(lines: lines)
    }

    public var isEmpty: Bool { lines.isEmpty }

    /// One line per field: `path: recorded -> replayed` (`(absent)` for a missing side).
    public var description: String {
        lines.map { "\($0.path): \($0.recorded ?? "(absent)") -> \($0.replayed ?? "(absent)")" }.joined(separator: "\n")
    }
}
