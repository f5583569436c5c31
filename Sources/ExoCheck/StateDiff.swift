import Foundation

/// One field that differs between two states, named by its path in the
/// states' Codable form (`grants[2].flags`), with both values as compact JSON.
public struct FieldChange: Equatable, Codable, Sendable {
    public var path: String
    /// nil when the field did not exist before (an array grew).
    public var before: String?
    /// nil when the field no longer exists (an array shrank).
    public var after: String?
}

/// Field-level differences between two values of a Codable type, found by
/// encoding both to JSON (keys sorted) and walking the two trees in step.
/// Objects are compared key by key in sorted order, arrays index by index.
public enum StateDiff {
    public static func changes<T: Encodable>(from a: T, to b: T) -> [FieldChange] {
        guard let ta = tree(a), let tb = tree(b) else { return [] }
        var out: [FieldChange] = []
        walk(ta, tb, path: "", into: &out)
        return out
    }

    private static func tree<T: Encodable>(_ v: T) -> Any? {
        let enc = JSONEncoder()
        enc.outputFormatting = [.sortedKeys]
        guard let data = try? enc.encode(v) else { return nil }
        return try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
    }

    private static func render(_ v: Any) -> String {
        guard let d = try? JSONSerialization.data(withJSONObject: v, options: [.fragmentsAllowed, .sortedKeys]),
              let s = String(data: d, encoding: .utf8) else { return "?" }
        return s
    }

    private static func walk(_ a: Any, _ b: Any, path: String, into out: inout [FieldChange]) {
        if let da = a as? [String: Any], let db = b as? [String: Any] {
            let keys = Set(da.keys).union(db.keys).sorted()
            for k in keys {
                let p = path.isEmpty ? k : path + "." + k
                switch (da[k], db[k]) {
                case let (x?, y?): walk(x, y, path: p, into: &out)
                case let (x?, nil): out.append(FieldChange(path: p, before: render(x), after: nil))
                case let (nil, y?): out.append(FieldChange(path: p, before: nil, after: render(y)))
                default: break
                }
            }
            return
        }
        if let xa = a as? [Any], let xb = b as? [Any] {
            for i in 0..<max(xa.count, xb.count) {
                let p = "\(path)[\(i)]"
                if i < xa.count && i < xb.count { walk(xa[i], xb[i], path: p, into: &out) }
                else if i < xa.count { out.append(FieldChange(path: p, before: render(xa[i]), after: nil)) }
                else { out.append(FieldChange(path: p, before: nil, after: render(xb[i]))) }
            }
            return
        }
        let ra = render(a), rb = render(b)
        if ra != rb { out.append(FieldChange(path: path.isEmpty ? "." : path, before: ra, after: rb)) }
    }
}
