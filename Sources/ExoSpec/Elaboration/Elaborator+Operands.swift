import ExoStack

/// Operands and sets: each written operand is matched to the parameter kinds
/// of the operation (a set such as `any grant offered-to d` fills as many
/// parameters as its elements have parts), then resolved to a literal, an
/// entity, a keyword, a local slot or a set.
extension Elaborator {
    /// How a parameter kind is written in an expected form: `DOMAIN`, `MAP-KIND`.
    static func placeholder(_ k: ParamKind) -> String { k.rawValue.uppercased() }

    static func form(_ info: OpInfo) -> String {
        ([info.name] + info.params.map(placeholder)).joined(separator: " ")
    }

    /// Kinds an integer literal may stand for.
    static let numericKinds: [ParamKind] = [.frame, .ref, .handle, .port, .vpage, .page, .int, .message, .slot, .container]

    /// The resolved operands of a call, or nil after reporting what is wrong.
    mutating func operands(_ args: [ValueSyntax], of info: OpInfo, call: CallSyntax,
                           scope: ActorScope) -> [OperandExpr]? {
        // First pass: sets (their element sizes decide the arity) and
        // labels (a parameter kind's name just before its value, as in
        // `vpage 3`, is read as a label).
        var items: [(value: ValueSyntax, set: (SetExpr, [ParamKind])?)] = []
        var position = 0
        var failed = false
        for (i, a) in args.enumerated() {
            if case .any(let s) = a {
                guard let set = set(s, scope: scope) else { failed = true; continue }
                items.append((a, set))
                position += set.1.count
                continue
            }
            if case .word(let w) = a, position < info.params.count, w.text == info.params[position].rawValue,
               i + 1 < args.count, !isName(w.text, scope: scope) {
                continue
            }
            items.append((a, nil))
            position += 1
        }
        if failed { return nil }
        guard position == info.params.count else {
            let written = position == 1 ? "1 is given" : "\(position) are given"
            let expected = info.params.count == 1 ? "1 operand" : "\(info.params.count) operands"
            var hints = ["the form is: " + Elaborator.form(info)]
            if items.contains(where: { $0.set != nil }) {
                hints.append("a set such as 'any grant offered-to d' counts for each part of its elements")
            }
            diagnostics.error("'\(info.name)' takes \(expected), but \(written)", at: call.range, hints: hints,
                              notes: [DiagnosticNote(message: "\(info.name): \(info.summary)")])
            return nil
        }
        // Second pass: resolve each operand against its parameter kind.
        var out: [OperandExpr] = []
        var k = 0
        for item in items {
            if let (expr, kinds) = item.set {
                let want = Array(info.params[k..<(k + kinds.count)])
                // An integer range stands for numbers of any numeric kind.
                let numeric = kinds == [.int] && Elaborator.numericKinds.contains(want[0])
                if kinds != want, !numeric {
                    diagnostics.error("this set yields \(kinds.map(Elaborator.placeholder).joined(separator: " ")), but '\(info.name)' expects \(want.map(Elaborator.placeholder).joined(separator: " ")) here",
                                      at: item.value.range, hints: ["the form is: " + Elaborator.form(info)])
                    failed = true
                } else {
                    out.append(.any(expr))
                }
                k += kinds.count
                continue
            }
            if let e = atom(item.value, kind: info.params[k], scope: scope, context: "'\(info.name)'") {
                out.append(e)
            } else {
                failed = true
            }
            k += 1
        }
        return failed ? nil : out
    }

    /// Whether a word names something in scope (so it is not a label).
    private func isName(_ w: String, scope: ActorScope) -> Bool {
        scope.local(w) != nil || scope.each?.name == w || entities.lookup(w) != nil
    }

    /// One plain operand (not a set) as a value of `kind`.
    mutating func atom(_ v: ValueSyntax, kind: ParamKind, scope: ActorScope, context: String) -> OperandExpr? {
        let want = ParamKind.article(kind)
        switch v {
        case .integer(let n, let r):
            guard Elaborator.numericKinds.contains(kind) else {
                diagnostics.error("\(context) expects \(want) here, not a number", at: r,
                                  hints: namingHint(kind))
                return nil
            }
            guard let x = Int32(exactly: n) else {
                diagnostics.error("\(n) does not fit in an operand (at most \(Int32.max))", at: r)
                return nil
            }
            return .value(x)
        case .word(let w):
            return word(w, kind: kind, scope: scope, context: context)
        case .string(_, let r), .text(_, let r):
            diagnostics.error("\(context) expects \(want) here, not text", at: r, hints: namingHint(kind))
            return nil
        case .range(_, _, let r), .list(_, let r):
            diagnostics.error("\(context) expects \(want) here", at: r,
                              hints: ["a range is an operand only after 'any', as in 'any 0..3'"])
            return nil
        case .any(let s):
            diagnostics.error("a set cannot qualify another set", at: s.range)
            return nil
        }
    }

    private func namingHint(_ kind: ParamKind) -> [String] {
        let words = Keywords.words(for: kind)
        if !words.isEmpty { return ["write " + NameSuggestions.listed(words, conjunction: "or")] }
        switch kind {
        case .domain, .env, .process, .filter, .packet:
            let names = entities.names(of: EntityTable.Kind(rawValue: kind.rawValue)!)
            return names.isEmpty ? ["no \(kind.rawValue) is declared"]
                                 : ["name one: " + NameSuggestions.listed(Array(names.prefix(4)), conjunction: "or")]
        default: return []
        }
    }

    /// A name: a local, the `each` variable, a keyword or a declared entity.
    private mutating func word(_ w: Identifier, kind: ParamKind, scope: ActorScope, context: String) -> OperandExpr? {
        let want = ParamKind.article(kind)
        if let slot = scope.local(w.text) {
            let l = scope.locals[slot]
            guard l.kind == kind else {
                diagnostics.error("'\(w.text)' holds \(ParamKind.article(l.kind)), but \(context) expects \(want) here",
                                  at: w.range, notes: [diagnostics.note("'\(w.text)' is bound here", at: l.range)])
                return nil
            }
            return .local(slot)
        }
        if let v = Keywords.value(of: w.text, for: kind) { return .value(v) }
        let entity: EntityTable.Entity?
        if let each = scope.each, each.name == w.text { entity = each.entity } else { entity = entities.lookup(w.text) }
        if let e = entity {
            guard e.kind.rawValue == kind.rawValue else {
                diagnostics.error("'\(w.text)' is \(e.kind.article), but \(context) expects \(want) here", at: w.range,
                                  hints: namingHint(kind),
                                  notes: [diagnostics.note("'\(e.name)' is declared here", at: e.range)])
                return nil
            }
            return .value(e.value)
        }
        // Not a name in scope.
        let words = Keywords.words(for: kind)
        var candidates = scope.locals.map(\.name) + words
        if let each = scope.each { candidates.append(each.name) }
        candidates += entities.names
        var hints: [String] = []
        if let h = NameSuggestions.hint(for: w.text, among: candidates) { hints.append(h) }
        if !words.isEmpty { hints.append("\(want) is written " + NameSuggestions.listed(words, conjunction: "or")) }
        var notes: [DiagnosticNote] = []
        if let later = scope.laterBindings.first(where: { $0.text == w.text }) {
            notes.append(diagnostics.note("'\(w.text)' is bound later in the actor; a name is usable only after its 'let'",
                                          at: later.range))
        } else {
            notes.append(DiagnosticNote(message: "names are bound by 'let NAME = ...' earlier in the actor and by 'actor each NAME in ...', or declared by 'domain', 'env', 'process', 'filter' and 'packet' lines"))
        }
        diagnostics.error("undefined name '\(w.text)'", at: w.range, hints: hints, notes: notes)
        return nil
    }

    // MARK: sets

    /// How a set is written, for hints: `any frame owned-by DOMAIN`.
    static func setForm(_ s: SetInfo) -> String {
        var parts = ["any", s.noun]
        if let q = s.qualifier {
            parts.append(q)
            if s.kind == .intRange { parts.append("LO..HI") } else { parts += s.qualifierParams.map(placeholder) }
        }
        return parts.joined(separator: " ")
    }

    /// A set expression and the kinds of its elements' parts.
    mutating func set(_ s: SetSyntax, scope: ActorScope) -> (SetExpr, [ParamKind])? {
        let noun: Identifier
        switch s.base {
        case .range(let lo, let hi, let r):
            guard s.qualifiers.isEmpty else {
                diagnostics.error("a range takes no qualifier", at: s.qualifiers[0].relation.range)
                return nil
            }
            guard let a = Int32(exactly: lo), let b = Int32(exactly: hi), a <= b else {
                diagnostics.error("the range \(lo)..\(hi) is empty or too large", at: r)
                return nil
            }
            guard Int(b) - Int(a) < SetKind.intRangeLimit else {
                diagnostics.error("the range \(lo)..\(hi) has \(Int(b) - Int(a) + 1) values; a range may have at most \(SetKind.intRangeLimit)",
                                  at: r, hints: ["each value is a choice of its own at every step: name a set (such as 'any frame owned-by d0') or split the call"])
                return nil
            }
            return (SetExpr(.intRange, [.value(a), .value(b)]), [.int])
        case .kind(let n):
            noun = n
        }
        let rows = Catalogue.sets.filter { $0.noun == noun.text }
        guard !rows.isEmpty else {
            var nouns: [String] = []
            for row in Catalogue.sets where !nouns.contains(row.noun) { nouns.append(row.noun) }
            var hints: [String] = []
            if let h = NameSuggestions.hint(for: noun.text, among: nouns) { hints.append(h) }
            hints.append("the sets are " + NameSuggestions.listed(nouns, conjunction: "and"))
            diagnostics.error("unknown set '\(noun.text)'", at: noun.range, hints: hints)
            return nil
        }
        let forms = "write " + NameSuggestions.listed(rows.map(Elaborator.setForm), conjunction: "or")
        if s.qualifiers.count > 1 {
            diagnostics.error("a set takes at most one qualifier", at: s.qualifiers[1].relation.range, hints: [forms])
            return nil
        }
        let q = s.qualifiers.first
        guard let row = rows.first(where: { $0.qualifier == q?.relation.text }) else {
            if let q {
                diagnostics.error("'\(noun.text)' has no qualifier '\(q.relation.text)'", at: q.relation.range, hints: [forms])
            } else {
                diagnostics.error("'any \(noun.text)' needs a qualifier", at: s.range, hints: [forms])
            }
            return nil
        }
        // The qualifier's values, a range counting as its two ends.
        var values: [(ValueSyntax, Int?)] = []
        for v in q?.values ?? [] {
            if case .range(let lo, let hi, _) = v { values += [(v, lo), (v, hi)] } else { values.append((v, nil)) }
        }
        guard values.count == row.qualifierParams.count else {
            diagnostics.error("'\(row.qualifier ?? noun.text)' takes \(row.qualifierParams.count) value\(row.qualifierParams.count == 1 ? "" : "s") here",
                              at: s.range, hints: ["write " + Elaborator.setForm(row)])
            return nil
        }
        var args: [OperandExpr] = []
        for (i, (v, end)) in values.enumerated() {
            if let end {
                guard let x = Int32(exactly: end) else {
                    diagnostics.error("\(end) does not fit in an operand", at: v.range)
                    return nil
                }
                args.append(.value(x))
                continue
            }
            guard let e = atom(v, kind: row.qualifierParams[i], scope: scope, context: "'\(row.qualifier!)'") else { return nil }
            args.append(e)
        }
        return (SetExpr(row.kind, args), row.element)
    }
}
