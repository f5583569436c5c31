import ExoTrace

/// One field that differs between two states, named by its path in the
/// states' Codable form (`layers.hv.frames[0].mapRefs`), with both values.
public struct FieldChange: Equatable, Codable, Sendable {
    public var path: String
    /// nil when the path did not exist before (an element or member was
    /// added). A list that changed length, or a member that holds a list or
    /// object, shows its size (`[]`, `[2 elements]`, `{1 key}`); see
    /// `ExoTrace.StateDiff` for the whole wording.
    public var before: String?
    /// nil when the path no longer exists (an element or member was removed).
    public var after: String?

    /// `path: before -> after`, `(absent)` for a missing side: the wording
    /// of `ExoTrace.StateDiff` and the replay divergence report.
    public var text: String { ExoTrace.StateDiff.Line.render(path: path, before: before, after: after) }

    public init(path: String, before: String?, after: String?) {
        self.path = path
        self.before = before
        self.after = after
    }
}

/// Field-level differences between two states, computed by the same code
/// that diffs a replayed state against a trace snapshot (ExoTrace's
/// `StateDiff` over `StateCodec`'s sorted-key JSON).
public enum FieldChanges {
    public static func between<T: Encodable>(_ a: T, _ b: T) -> [FieldChange] {
        let enc = StateCodec.makeEncoder()
        guard let ja = try? StateCodec.encode(a, with: enc, file: ""), let jb = try? StateCodec.encode(b, with: enc, file: ""),
              let diff = ExoTrace.StateDiff.between(recorded: ja, replayed: jb) else { return [] }
        return diff.lines.map { line in
            let path = line.path.hasPrefix(".") ? String(line.path.dropFirst()) : line.path
            return FieldChange(path: path, before: line.recorded, after: line.replayed)
        }
    }
}
