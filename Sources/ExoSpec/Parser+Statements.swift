/// Program grammar: blocks, statements, operation calls and operand values.
extension Parser {
    /// Words that start a statement and so cannot name an operation.
    static let statementKeywords = ["end", "let", "ignore", "wait", "loop", "repeat", "either", "or"]

    /// `:` then either one simple statement on the same line, or an
    /// indented block of statements on the following lines.
    mutating func parseBlock(after what: String, keyword: Token) throws -> (body: [Statement], headerComment: String?) {
        try expect(.colon, "':' after \(what)")
        if let nl = accept(.newline) {
            guard at(.indent) else {
                diagnostics.error("expected an indented block after ':'", at: current.range,
                                  hints: ["the statements of '\(keyword.text)' go on the following lines, indented deeper"])
                return ([], nl.trailingComment)
            }
            if depth >= Parser.maxDepth {
                diagnostics.error("blocks are nested too deeply (more than \(Parser.maxDepth) levels)",
                                  at: peek().range)
                skipBlock()
                return ([], nl.trailingComment)
            }
            advance()
            depth += 1
            let body = parseStatements()
            depth -= 1
            _ = accept(.dedent)
            return (body, nl.trailingComment)
        }
        if at(.endOfFile) {
            try failHere(expected: "a statement or an indented block after ':'")
        }
        if current.kind == .identifier, ["loop", "repeat", "either", "or"].contains(current.text) {
            try failAt(current.range, "'\(current.text)' cannot follow ':' on the same line",
                       hints: ["only one simple statement fits on the line; put '\(current.text)' on a line of its own, indented"])
        }
        let s = try parseSimpleStatement()
        return ([s], nil)
    }

    /// Statements up to the end of the enclosing block.
    mutating func parseStatements() -> [Statement] {
        var out: [Statement] = []
        while true {
            switch current.kind {
            case .dedent, .endOfFile:
                return out
            case .newline:
                advance()
            case .indent:
                unexpectedIndent("only the body of 'loop:', 'repeat N:', 'either:' and 'or:' is indented further")
            default:
                recovering { out.append(try $0.parseStatement()) }
            }
        }
    }

    mutating func parseStatement() throws -> Statement {
        let t = current
        guard t.kind == .identifier else {
            try failHere(expected: "a statement", hints: ["a statement starts with an operation name or one of " +
                                                          NameSuggestions.listed(Parser.statementKeywords, conjunction: "or")])
        }
        switch t.text {
        case "loop":
            advance()
            let block = try parseBlock(after: "'loop'", keyword: t)
            return Statement(.loop(body: block.body), range: t.range,
                             comments: Comments(leading: t.leadingComments, trailing: block.headerComment))
        case "repeat":
            advance()
            let n = try expect(.integer, "a count after 'repeat'", hints: ["for example: repeat 3:"])
            let block = try parseBlock(after: "'repeat \(n.text)'", keyword: t)
            return Statement(.repeatLoop(count: n.value, countRange: n.range, body: block.body),
                             range: t.range.joined(n.range),
                             comments: Comments(leading: t.leadingComments, trailing: block.headerComment))
        case "either":
            return try parseEither()
        case "or":
            try failAt(t.range, "'or' without a matching 'either'",
                       hints: ["an 'or:' must line up with the 'either:' it belongs to"])
        case "end" where ["loop", "repeat", "either"].contains(peek().text) && peek().kind == .identifier:
            // Reported, then the block is read as if unmarked, so that its
            // body (and an either's 'or' arms) raise no errors of their own.
            advance()
            diagnostics.error(Parser.endBeforeBlock(current), at: current.range, hints: [Parser.endBeforeBlockHint])
            return try parseStatement()
        default:
            return try parseSimpleStatement()
        }
    }

    private mutating func parseEither() throws -> Statement {
        let first = current
        var branches: [Branch] = []
        var arms = 0
        var broken = false
        repeat {
            let kw = advance()
            arms += 1
            // A broken arm is skipped on its own, so the arms after it still parse.
            do {
                let b = try parseBlock(after: "'\(kw.text)'", keyword: kw)
                branches.append(Branch(body: b.body, range: kw.range,
                                       comments: Comments(leading: arms == 1 ? [] : kw.leadingComments,
                                                          trailing: b.headerComment)))
            } catch {
                broken = true
                skipLine()
            }
        } while atWord("or")
        if arms < 2, !broken {
            diagnostics.error("'either' needs at least one 'or' branch", at: first.range,
                              hints: ["add 'or:' lined up with 'either:'; a single choice needs no 'either'"])
        }
        return Statement(.either(branches: branches), range: first.range,
                         comments: Comments(leading: first.leadingComments, trailing: nil))
    }

    /// The error for `end` before a block keyword (`end loop:`).
    static func endBeforeBlock(_ keyword: Token) -> String { "'end' marks a call or a wait, not '\(keyword.text)'" }
    static let endBeforeBlockHint = "put 'end' before the first step of the block, where the actor may rest"

    /// `[end] [let NAME =] [ignore] OPERATION OPERAND*` or
    /// `[end] wait EVENT OPERAND*`, with its line end.
    mutating func parseSimpleStatement() throws -> Statement {
        let marker = current
        var validEnd = false
        if marker.isWord("end") {
            advance()
            validEnd = true
            if current.kind == .identifier, ["loop", "repeat", "either", "or"].contains(current.text) {
                try failAt(current.range, Parser.endBeforeBlock(current), hints: [Parser.endBeforeBlockHint])
            }
        }
        let first = current
        let kind: StatementKind
        let range: SourceRange
        if first.isWord("wait") {
            advance()
            let event = try expectName("an event after 'wait'", hints: ["for example: wait mapped g"])
            let args = try parseArguments()
            kind = .wait(event: event, arguments: args)
            range = args.last.map { first.range.joined($0.range) } ?? first.range.joined(event.range)
        } else {
            var binding: Identifier?
            if first.isWord("let") {
                advance()
                binding = try expectName("a name after 'let'", hints: ["for example: let f = alloc"])
                try expect(.equals, "'=' after 'let \(binding!.text)'", hints: ["for example: let f = alloc"])
                if atWord("ignore") {
                    try failAt(current.range, "a result bound with 'let' cannot also be ignored",
                               hints: ["drop either 'let \(binding!.text) =' or 'ignore'"])
                }
            }
            var ignored = false
            if atWord("ignore") {
                advance()
                ignored = true
            }
            let call = try parseCall(binding: binding, ignored: ignored, start: first.range)
            kind = .call(call)
            range = call.range
        }
        let trailing = try endLine(after: "the statement")
        return Statement(kind, range: range, comments: Comments(leading: marker.leadingComments, trailing: trailing),
                         validEnd: validEnd)
    }

    /// `OPERATION OPERAND*` (the line end is left to the caller).
    mutating func parseCall(binding: Identifier?, ignored: Bool, start: SourceRange) throws -> CallSyntax {
        let op = try expectName("an operation name", hints: ["for example: alloc, grant_access d1 f ro"])
        if Parser.statementKeywords.contains(op.text) || op.text == "any" {
            try failAt(op.range, "'\(op.text)' cannot be used as an operation name here")
        }
        let args = try parseArguments()
        var range = start.joined(op.range)
        if let last = args.last { range = range.joined(last.range) }
        return CallSyntax(binding: binding, ignored: ignored, operation: op, arguments: args, range: range)
    }

    /// Operands up to the end of the line.
    mutating func parseArguments() throws -> [ValueSyntax] {
        var args: [ValueSyntax] = []
        while !at(.newline), !at(.endOfFile) {
            if at(.comma) {
                try failAt(current.range, "unexpected ','",
                           hints: ["operands are separated by spaces, not commas"])
            }
            if at(.equals) {
                try failAt(current.range, "unexpected '='",
                           hints: ["bind a result with 'let NAME = OPERATION OPERAND*'"])
            }
            if at(.colon) {
                try failAt(current.range, "unexpected ':'",
                           hints: ["only 'loop', 'repeat N', 'either', 'or' and actor headers open a block with ':'"])
            }
            args.append(try parseValue(allowList: false))
        }
        return args
    }

    // MARK: values

    /// An operand or property value: an atom, `any SET` (operands), or a
    /// comma list of atoms (properties).
    mutating func parseValue(allowList: Bool) throws -> ValueSyntax {
        if !allowList, atWord("any") {
            return .any(try parseSet())
        }
        let first = try parseAtom(allowText: true)
        guard allowList, at(.comma) else { return first }
        var items = [first]
        while accept(.comma) != nil {
            items.append(try parseAtom(allowText: true))
        }
        return .list(items, first.range.joined(items[items.count - 1].range))
    }

    /// An integer, a range `lo..hi`, a name, a string, or a `|` text block.
    mutating func parseAtom(allowText: Bool) throws -> ValueSyntax {
        let t = current
        switch t.kind {
        case .integer:
            advance()
            if accept(.dotDot) != nil {
                let hi = try expect(.integer, "an integer after '..'", hints: ["a range is written lo..hi, as in 0..3"])
                return .range(t.value, hi.value, t.range.joined(hi.range))
            }
            return .integer(t.value, t.range)
        case .identifier:
            if t.text == "any" {
                try failAt(t.range, "'any' is not allowed here",
                           hints: ["'any SET' is an operand of an operation, not a property value or qualifier"])
            }
            advance()
            return .word(Identifier(t.text, range: t.range))
        case .string:
            advance()
            return .string(t.text, t.range)
        case .raw where allowText:
            advance()
            return .text(t.text, t.range)
        default:
            try failHere(expected: "a value")
        }
    }

    private var atRelation: Bool {
        current.kind == .identifier && vocabulary.arity(of: current.text) != nil
    }

    /// `any KIND (RELATION VALUE*)*` or `any lo..hi`; a relation takes as
    /// many values as the vocabulary says (a range counts as two).
    private mutating func parseSet() throws -> SetSyntax {
        let kw = advance()
        let base: SetSyntax.Base
        var range = kw.range
        if at(.integer) {
            let lo = advance()
            try expect(.dotDot, "'..' in the range after 'any'", hints: ["for example: any 0..3"])
            let hi = try expect(.integer, "an integer after '..'")
            base = .range(lo.value, hi.value, lo.range.joined(hi.range))
            range = range.joined(hi.range)
        } else if at(.identifier), current.text != "any" {
            let k = advance()
            base = .kind(Identifier(k.text, range: k.range))
            range = range.joined(k.range)
        } else {
            try failHere(expected: "a set after 'any'", hints: ["for example: any frame owned-by d, any 0..3"])
        }
        var qualifiers: [Qualifier] = []
        while current.kind == .identifier, let arity = vocabulary.arity(of: current.text) {
            let rel = advance()
            range = range.joined(rel.range)
            var values: [ValueSyntax] = []
            var needed = arity
            while needed > 0, at(.integer) || at(.string) || at(.identifier) && !atRelation {
                let v = try parseAtom(allowText: false)
                values.append(v)
                range = range.joined(v.range)
                if case .range = v { needed -= 2 } else { needed -= 1 }
            }
            qualifiers.append(Qualifier(relation: Identifier(rel.text, range: rel.range), values: values))
        }
        return SetSyntax(base: base, qualifiers: qualifiers, range: range)
    }
}
