/// Prints a spec in its canonical form (`exocheck fmt`).
///
/// The canonical form: declarations in a fixed order, in groups separated by
/// one blank line (header and expectation; machine, hypervisor and entities;
/// each actor; faults; check, mutant and explore); two-space indentation;
/// single spaces between words; `, ` in lists; integers in decimal; the
/// description wrapped at 80 columns; one-statement `either`/`or` arms on
/// the arm's line; comments kept with the line they precede or end.
///
/// Formatting is idempotent, and `parse(format(ast))` equals `ast` apart
/// from source ranges.
public enum SpecFormatter {
    /// The canonical text of `ast`, ending with a newline.
    public static func format(_ ast: SpecAST) -> String {
        var groups: [[String]] = []
        var w = Writer()

        if let h = ast.header { w.header(h) }
        if let e = ast.expectation {
            let v: String
            switch e.verdict {
            case .holds: v = "holds"
            case .violation(let inv): v = "violation " + inv.text
            }
            w.line(0, "expect " + v, e.comments)
        }
        groups.append(w.take())

        if let m = ast.machine { w.settings(m) }
        if let h = ast.hypervisor { w.settings(h) }
        for e in ast.entities { w.entity(e) }
        groups.append(w.take())

        for a in ast.actors {
            w.actor(a)
            groups.append(w.take())
        }

        for f in ast.faults { w.line(0, "fault " + Writer.call(f.call), f.comments, text: Writer.trailingText(f.call.arguments)) }
        groups.append(w.take())

        for c in ast.checks {
            w.line(0, "check " + (c.all ? "all" : c.names.map(\.text).joined(separator: ", ")), c.comments)
        }
        for m in ast.mutants { w.line(0, "mutant " + m.names.map(\.text).joined(separator: ", "), m.comments) }
        if let x = ast.explore { w.settings(x) }
        groups.append(w.take())

        for c in ast.trailingComments { w.out.append("#" + c) }
        groups.append(w.take())

        let text = groups.filter { !$0.isEmpty }.map { $0.joined(separator: "\n") }.joined(separator: "\n\n")
        return text.isEmpty ? "" : text + "\n"
    }

    /// Parses and formats `text`; throws every error when it does not parse.
    public static func format(text: String, file: String) throws(SpecErrors) -> String {
        format(try SpecParser.parseOrThrow(text: text, file: file))
    }

    /// Column at which the description is wrapped.
    static let width = 80
}

/// Accumulates output lines for `SpecFormatter`.
private struct Writer {
    var out: [String] = []

    mutating func take() -> [String] {
        defer { out = [] }
        return out
    }

    /// One line at `indent` with its comments; a trailing `|` text block
    /// (`text`) is printed after it, indented one level deeper.
    mutating func line(_ indent: Int, _ body: String, _ comments: Comments, text: String? = nil) {
        let pad = String(repeating: " ", count: indent)
        for c in comments.leading { out.append(pad + "#" + c) }
        var l = pad + body
        if let t = comments.trailing { l += "  #" + t }
        out.append(l)
        if let text, !text.isEmpty {
            let inner = String(repeating: " ", count: indent + 2)
            for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
                out.append(raw.isEmpty ? "" : inner + raw)
            }
        }
    }

    mutating func header(_ h: SpecHeader) {
        line(0, "spec " + h.name.text, h.comments)
        guard let d = h.description else { return }
        let lines = Writer.wrap(d, firstPrefix: "  \"", nextPrefix: "   ", width: SpecFormatter.width)
        for (i, l) in lines.enumerated() {
            if i == lines.count - 1 {
                var last = l + "\""
                if let c = h.descriptionComment { last += "  #" + c }
                out.append(last)
            } else {
                out.append(l)
            }
        }
    }

    mutating func settings(_ s: Settings) {
        line(0, s.keyword.text + Writer.properties(s.properties), s.comments,
             text: Writer.trailingText(s.properties.map(\.value)))
    }

    mutating func entity(_ e: EntityDecl) {
        var l = e.keyword.text + " " + e.names.map(\.text).joined(separator: ", ")
        if let k = e.kind { l += " : " + k.text }
        l += Writer.properties(e.properties)
        line(0, l, e.comments, text: Writer.trailingText(e.properties.map(\.value)))
    }

    mutating func actor(_ a: ActorDecl) {
        let head: String
        let word = a.isDaemon ? "daemon" : "actor"
        switch a.binding {
        case .on(let name, let target): head = "\(word) \(name.text) on \(target.text):"
        case .each(let v, let over): head = "\(word) each \(v.text) in " + over.map(\.text).joined(separator: ", ") + ":"
        }
        line(0, head, a.comments)
        block(a.body, indent: 2)
    }

    mutating func block(_ body: [Statement], indent: Int) {
        for s in body { statement(s, indent: indent) }
    }

    mutating func statement(_ s: Statement, indent: Int) {
        switch s.kind {
        case .call, .wait:
            line(indent, Writer.simple(s), s.comments, text: Writer.trailingText(Writer.arguments(s.kind)))
        case .loop(let body):
            line(indent, "loop:", s.comments)
            block(body, indent: indent + 2)
        case .repeatLoop(let n, _, let body):
            line(indent, "repeat \(n):", s.comments)
            block(body, indent: indent + 2)
        case .either(let branches):
            for (i, b) in branches.enumerated() {
                let kw = i == 0 ? "either:" : "or:"
                let lead = i == 0 ? s.comments.leading : b.comments.leading
                if b.comments.trailing == nil, b.body.count == 1, b.body[0].comments.leading.isEmpty,
                   Writer.isSimple(b.body[0].kind) {
                    let inner = b.body[0]
                    line(indent, kw + " " + Writer.simple(inner),
                         Comments(leading: lead, trailing: inner.comments.trailing),
                         text: Writer.trailingText(Writer.arguments(inner.kind)))
                } else {
                    line(indent, kw, Comments(leading: lead, trailing: b.comments.trailing))
                    block(b.body, indent: indent + 2)
                }
            }
        }
    }

    // MARK: pieces of a line

    static func isSimple(_ k: StatementKind) -> Bool {
        switch k {
        case .call, .wait: return true
        default: return false
        }
    }

    static func arguments(_ k: StatementKind) -> [ValueSyntax] {
        switch k {
        case .call(let c): return c.arguments
        case .wait(_, let args): return args
        default: return []
        }
    }

    /// A call or wait, with its `end` marker.
    static func simple(_ s: Statement) -> String {
        (s.validEnd ? "end " : "") + simple(s.kind)
    }

    static func simple(_ k: StatementKind) -> String {
        switch k {
        case .call(let c): return call(c)
        case .wait(let event, let args): return (["wait", event.text] + args.map(value)).joined(separator: " ")
        default: return ""
        }
    }

    static func call(_ c: CallSyntax) -> String {
        var parts: [String] = []
        if let b = c.binding { parts += ["let", b.text, "="] }
        if c.ignored { parts.append("ignore") }
        parts.append(c.operation.text)
        parts += c.arguments.map(value)
        return parts.joined(separator: " ")
    }

    static func properties(_ props: [Property]) -> String {
        props.map { " " + $0.key.text + " " + value($0.value) }.joined()
    }

    /// The `|` block a line ends with, if its last value is one.
    static func trailingText(_ values: [ValueSyntax]) -> String? {
        switch values.last {
        case .text(let t, _)?: return t
        case .list(let items, _)?: return trailingText(items)
        default: return nil
        }
    }

    static func value(_ v: ValueSyntax) -> String {
        switch v {
        case .integer(let n, _): return String(n)
        case .word(let id): return id.text
        case .string(let s, _): return quoted(s)
        case .range(let lo, let hi, _): return "\(lo)..\(hi)"
        case .text: return "|"
        case .list(let items, _): return items.map(value).joined(separator: ", ")
        case .any(let set): return setExpression(set)
        }
    }

    static func setExpression(_ s: SetSyntax) -> String {
        var parts = ["any"]
        switch s.base {
        case .kind(let k): parts.append(k.text)
        case .range(let lo, let hi, _): parts.append("\(lo)..\(hi)")
        }
        for q in s.qualifiers { parts += [q.relation.text] + q.values.map(value) }
        return parts.joined(separator: " ")
    }

    static func escaped(_ s: String) -> String {
        var out = ""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default: out.unicodeScalars.append(u)
            }
        }
        return out
    }

    static func quoted(_ s: String) -> String { "\"" + escaped(s) + "\"" }

    /// Splits a string's text into lines for printing inside quotes. Breaks
    /// go only at a single space between two non-spaces, which the lexer reads
    /// back as exactly that space; returns the lines with their prefixes,
    /// the first opening the quote (the caller closes it).
    static func wrap(_ s: String, firstPrefix: String, nextPrefix: String, width: Int) -> [String] {
        let scalars = Array(s.unicodeScalars)
        var chunks: [String] = []
        var cur = String.UnicodeScalarView()
        for (k, u) in scalars.enumerated() {
            if u == " ", k > 0, k < scalars.count - 1, scalars[k - 1] != " ", scalars[k + 1] != " " {
                chunks.append(escaped(String(cur)))
                cur = String.UnicodeScalarView()
            } else {
                cur.append(u)
            }
        }
        chunks.append(escaped(String(cur)))
        var lines: [String] = []
        var line = firstPrefix + chunks[0]
        for c in chunks.dropFirst() {
            if line.unicodeScalars.count + 1 + c.unicodeScalars.count + 1 > width {
                lines.append(line)
                line = nextPrefix + c
            } else {
                line += " " + c
            }
        }
        lines.append(line)
        return lines
    }
}
