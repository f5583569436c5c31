/// Left-aligned columns separated by two spaces; the last column is not padded.
func renderColumns(_ rows: [[String]]) -> String {
    guard let width = rows.map(\.count).max(), width > 0 else { return "" }
    var widths = [Int](repeating: 0, count: width)
    for r in rows { for (i, c) in r.enumerated() { widths[i] = max(widths[i], c.count) } }
    var out = ""
    for r in rows {
        var line = ""
        for (i, c) in r.enumerated() {
            line += c
            if i < r.count - 1 { line += String(repeating: " ", count: widths[i] - c.count + 2) }
        }
        out += line + "\n"
    }
    return out
}

/// `n` and the noun, plural unless `n` is 1: "1 domain", "3 actors".
func counted(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }
