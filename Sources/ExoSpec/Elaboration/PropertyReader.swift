/// Checks a declaration's `KEY VALUE` properties against what the
/// declaration accepts, and reads them: unknown keys (with the nearest known
/// ones), repeated keys, values of the wrong shape and out-of-range integers
/// are reported, and reading a bad property yields nil.
struct PropertyReader {
    enum Shape {
        /// An integer in the closed range.
        case integer(ClosedRange<Int>)
        /// One word.
        case word
        /// One or more words or strings.
        case names
        /// A string or a `|` text block.
        case text
        /// Bytes: a comma list of integers from 0 to 255, or a string (its UTF-8).
        case bytes

        var described: String {
            switch self {
            case .integer(let r): return "an integer from \(r.lowerBound) to \(r.upperBound)"
            case .word: return "a name"
            case .names: return "a name or a comma list of names"
            case .text: return "a string or a '|' text block"
            case .bytes: return "bytes: integers from 0 to 255 separated by commas, or a string"
            }
        }
    }

    let properties: [Property]
    let what: String

    /// Reports unknown and repeated keys; `schema` lists the accepted keys
    /// in the order the hint shows them.
    init(_ properties: [Property], of what: String, schema: [(String, Shape)], into d: inout DiagnosticBag) {
        self.properties = properties
        self.what = what
        let keys = schema.map(\.0)
        var seen: [Property] = []
        for p in properties {
            if !keys.contains(p.key.text) {
                var hints: [String] = []
                if let h = NameSuggestions.hint(for: p.key.text, among: keys) { hints.append(h) }
                hints.append(keys.isEmpty ? "\(what) takes no properties"
                                          : "\(what) takes " + NameSuggestions.listed(keys, conjunction: "and"))
                d.error("unknown property '\(p.key.text)' of \(what)", at: p.key.range, hints: hints)
            } else if let first = seen.first(where: { $0.key.text == p.key.text }) {
                d.error("'\(p.key.text)' is given twice", at: p.key.range,
                        notes: [d.note("first given here", at: first.key.range)])
            }
            seen.append(p)
        }
        self.schema = schema
    }

    private let schema: [(String, Shape)]

    private func find(_ key: String) -> Property? { properties.first { $0.key.text == key } }

    private func shapeError(_ p: Property, _ shape: Shape, _ d: inout DiagnosticBag) {
        d.error("'\(p.key.text)' takes \(shape.described)", at: p.value.range)
    }

    func integer(_ key: String, _ d: inout DiagnosticBag) -> Int? {
        guard let p = find(key), case .integer(let range)? = schema.first(where: { $0.0 == key })?.1 else { return nil }
        guard case .integer(let n, let r) = p.value else {
            shapeError(p, .integer(range), &d)
            return nil
        }
        guard range.contains(n) else {
            d.error("'\(key)' must be from \(range.lowerBound) to \(range.upperBound), not \(n)", at: r)
            return nil
        }
        return n
    }

    func word(_ key: String, _ d: inout DiagnosticBag) -> Identifier? {
        guard let p = find(key) else { return nil }
        guard case .word(let w) = p.value else {
            shapeError(p, .word, &d)
            return nil
        }
        return w
    }

    func names(_ key: String, _ d: inout DiagnosticBag) -> [String]? {
        guard let p = find(key) else { return nil }
        let items: [ValueSyntax]
        if case .list(let xs, _) = p.value { items = xs } else { items = [p.value] }
        var out: [String] = []
        for v in items {
            switch v {
            case .word(let w): out.append(w.text)
            case .string(let s, _): out.append(s)
            default:
                shapeError(p, .names, &d)
                return nil
            }
        }
        return out
    }

    func text(_ key: String, _ d: inout DiagnosticBag) -> String? {
        guard let p = find(key) else { return nil }
        switch p.value {
        case .string(let s, _), .text(let s, _): return s
        default:
            shapeError(p, .text, &d)
            return nil
        }
    }

    func bytes(_ key: String, _ d: inout DiagnosticBag) -> [UInt8]? {
        guard let p = find(key) else { return nil }
        let items: [ValueSyntax]
        switch p.value {
        case .string(let s, _): return Array(s.utf8)
        case .list(let xs, _): items = xs
        default: items = [p.value]
        }
        var out: [UInt8] = []
        for v in items {
            guard case .integer(let n, _) = v, let b = UInt8(exactly: n) else {
                d.error("'\(key)' takes \(Shape.bytes.described)", at: v.range)
                return nil
            }
            out.append(b)
        }
        return out
    }

    /// The property called `key`, if given.
    func property(_ key: String) -> Property? { find(key) }
}
