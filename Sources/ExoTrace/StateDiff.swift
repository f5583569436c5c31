/// A field-level difference between two states' snapshot JSON: lines
/// `path: recorded -> replayed`, one per scalar (or empty container) that
/// differs and one per container whose shape changed, in document order.
///
/// The wording, shared by the replay divergence report and counterexample
/// timelines: `(absent)` means the path does not exist in that state, and
/// nothing else. A list that exists in both states but changed length gets
/// a line of its own, before its elements: `ring: [] -> [1 element]`,
/// `freeList: [2 elements] -> [1 element]`; the fields of an element that
/// exists on one side only follow it, `ring[0].seq: (absent) -> 1`. A member
/// of an object (a field, an enum case, a dictionary key) that exists on one
/// side only has its own line, with its size when it holds more:
/// `filter: (absent) -> [2 elements]`, `state.free: {} -> (absent)`. So a
/// container that still exists never reads as `(absent)`.
public struct StateDiff: Equatable, Sendable, CustomStringConvertible {
    public struct Line: Equatable, Sendable, CustomStringConvertible {
        public var path: String
        /// The value in the recorded (snapshot) state, nil if the path is absent there.
        /// A list that changed length, or a member that holds a list or
        /// object, shows its size (`[2 elements]`, `{1 key}`, `[]`).
        public var recorded: String?
        /// The value in the replayed state, nil if the path is absent there.
        public var replayed: String?

        /// `path: recorded -> replayed`, `(absent)` for a missing side.
        public var description: String { Line.render(path: path, before: recorded, after: replayed) }

        /// The one rendering of a changed field: `path: before -> after`,
        /// `(absent)` for a side where the path does not exist.
        public static func render(path: String, before: String?, after: String?) -> String {
            "\(path): \(before ?? "(absent)") -> \(after ?? "(absent)")"
        }
    }

    public var lines: [Line]

    /// Compares two JSON states. Returns nil if either does not parse.
    public static func between(recorded: [UInt8], replayed: [UInt8]) -> StateDiff? {
        guard let a = StateCodec.tree(recorded), let b = StateCodec.tree(replayed) else { return nil }
        var lines: [Line] = []
        diff(a, b, path: "", into: &lines)
        return StateDiff(lines: lines)
    }

    public var isEmpty: Bool { lines.isEmpty }

    /// One line per field: `path: recorded -> replayed` (`(absent)` for a missing side).
    public var description: String {
        lines.map(\.description).joined(separator: "\n")
    }

    /// A container's size as the diff shows it: `[]`, `[1 element]`,
    /// `[3 elements]`, `{}`, `{1 key}`, `{2 keys}`; a scalar's JSON text.
    static func summary(_ node: JSONNode) -> String {
        switch node {
        case .scalar(let text): return text
        case .array(let e): return e.isEmpty ? "[]" : "[\(e.count) element\(e.count == 1 ? "" : "s")]"
        case .object(let m): return m.isEmpty ? "{}" : "{\(m.count) key\(m.count == 1 ? "" : "s")}"
        }
    }

    /// A scalar or an empty container: what `leaves` shows as one value.
    private static func isLeaf(_ node: JSONNode) -> Bool {
        switch node {
        case .scalar: return true
        case .array(let e): return e.isEmpty
        case .object(let m): return m.isEmpty
        }
    }

    /// Every leaf under `node`, present on one side only.
    private static func oneSided(_ node: JSONNode, path: String, recorded: Bool, into lines: inout [Line]) {
        var leaves: [(path: String, value: String)] = []
        node.leaves(path: path, into: &leaves)
        for l in leaves {
            lines.append(recorded ? Line(path: l.path, recorded: l.value, replayed: nil)
                                  : Line(path: l.path, recorded: nil, replayed: l.value))
        }
    }

    private static func diff(_ a: JSONNode, _ b: JSONNode, path: String, into lines: inout [Line]) {
        switch (a, b) {
        case (.scalar(let x), .scalar(let y)):
            if x != y { lines.append(Line(path: JSONNode.shown(path), recorded: x, replayed: y)) }
        case (.array(let xs), .array(let ys)):
            if xs.count != ys.count { lines.append(Line(path: JSONNode.shown(path), recorded: summary(a), replayed: summary(b))) }
            for n in 0..<max(xs.count, ys.count) {
                let p = path + "[\(n)]"
                if n < xs.count && n < ys.count { diff(xs[n], ys[n], path: p, into: &lines) }
                else if n < xs.count { oneSided(xs[n], path: p, recorded: true, into: &lines) }
                else { oneSided(ys[n], path: p, recorded: false, into: &lines) }
            }
        case (.object(let xs), .object(let ys)):
            // No size line: each member added or removed has a line of its own.
            let inX = Dictionary(xs.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })
            let inY = Dictionary(ys.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })
            for key in mergedKeys(xs.map(\.key), ys.map(\.key)) {
                let p = path + "." + key
                let x = inX[key], y = inY[key]
                if let x, let y { diff(x, y, path: p, into: &lines) }
                else if let x {
                    if !isLeaf(x) { lines.append(Line(path: p, recorded: summary(x), replayed: nil)) }
                    oneSided(x, path: p, recorded: true, into: &lines)
                } else if let y {
                    if !isLeaf(y) { lines.append(Line(path: p, recorded: nil, replayed: summary(y))) }
                    oneSided(y, path: p, recorded: false, into: &lines)
                }
            }
        default:
            // Different kinds (a scalar against a container, a list against
            // an object): both as they are, then what is under either.
            lines.append(Line(path: JSONNode.shown(path), recorded: summary(a), replayed: summary(b)))
            if !isLeaf(a) { oneSided(a, path: path, recorded: true, into: &lines) }
            if !isLeaf(b) { oneSided(b, path: path, recorded: false, into: &lines) }
        }
    }

    /// The keys of both objects, each once: the recorded ones in their order,
    /// and each key only the replayed object has after the key it follows
    /// there (and after the recorded-only keys at that point: removed
    /// before added).
    static func mergedKeys(_ a: [String], _ b: [String]) -> [String] {
        let inB = Set(b)
        var merged = a
        var cursor = 0
        for key in b {
            if let at = merged.firstIndex(of: key) {
                cursor = at + 1
                continue
            }
            while cursor < merged.count, !inB.contains(merged[cursor]) { cursor += 1 }
            merged.insert(key, at: cursor)
            cursor += 1
        }
        return merged
    }
}
