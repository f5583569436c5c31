/// "Did you mean ...?" for misspelt names: the candidates nearest by edit
/// distance (insertions, deletions, substitutions and swaps of neighbours,
/// with `-` and `_` counted as the same letter and case ignored).
public enum NameSuggestions {
    /// The optimal-string-alignment distance between two names.
    public static func distance(_ a: String, _ b: String) -> Int {
        let x = normalised(a), y = normalised(b)
        if x.isEmpty { return y.count }
        if y.isEmpty { return x.count }
        var prev2 = [Int](repeating: 0, count: y.count + 1)
        var prev = Array(0...y.count)
        var cur = [Int](repeating: 0, count: y.count + 1)
        for i in 1...x.count {
            cur[0] = i
            for j in 1...y.count {
                let cost = x[i - 1] == y[j - 1] ? 0 : 1
                var v = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
                if i > 1, j > 1, x[i - 1] == y[j - 2], x[i - 2] == y[j - 1] {
                    v = min(v, prev2[j - 2] + 1)
                }
                cur[j] = v
            }
            (prev2, prev, cur) = (prev, cur, prev2)
        }
        return prev[y.count]
    }

    private static func normalised(_ s: String) -> [UInt8] {
        s.utf8.map { c in
            if c == UInt8(ascii: "-") { return UInt8(ascii: "_") }
            if c >= 0x41 && c <= 0x5A { return c + 0x20 }
            return c
        }
    }

    /// Up to `limit` candidates close enough to `name` to be what was meant,
    /// nearest first; equally near ones keep the candidates' order. A
    /// candidate equal to `name` itself is never suggested.
    public static func nearest(to name: String, among candidates: [String], limit: Int = 3) -> [String] {
        // One-letter names are too short for a typo to be told from another name.
        let budget = name.count <= 1 ? 0 : max(1, min(3, (name.count + 2) / 3))
        var scored: [(d: Int, index: Int, name: String)] = []
        var seen: [String] = []
        for (index, c) in candidates.enumerated() where c != name && !seen.contains(c) {
            seen.append(c)
            let d = distance(name, c)
            // A name that begins or ends another (`map_grant`, `alloc` for
            // `exo_alloc`) is a likely slip even when the distance is large.
            let prefix = c.count > name.count && name.count >= 3 && (c.hasPrefix(name) || c.hasSuffix(name))
            if d <= budget || prefix { scored.append((prefix ? min(d, budget) : d, index, c)) }
        }
        scored.sort { ($0.d, $0.index) < ($1.d, $1.index) }
        return scored.prefix(limit).map(\.name)
    }

    /// A hint sentence for `name`, or nil when nothing is close:
    /// `did you mean 'alloc'?` or `did you mean 'map', 'unmap' or 'remap'?`
    public static func hint(for name: String, among candidates: [String]) -> String? {
        let near = nearest(to: name, among: candidates)
        guard !near.isEmpty else { return nil }
        return "did you mean " + listed(near, conjunction: "or") + "?"
    }

    /// `'a'`, `'a' or 'b'`, `'a', 'b' or 'c'`.
    public static func listed(_ names: [String], conjunction: String) -> String {
        let quoted = names.map { "'\($0)'" }
        if quoted.count <= 1 { return quoted.first ?? "" }
        return quoted.dropLast().joined(separator: ", ") + " \(conjunction) " + quoted[quoted.count - 1]
    }
}
