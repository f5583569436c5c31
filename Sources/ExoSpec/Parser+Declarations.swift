/// Top-level grammar: the spec header, the expectation, the system
/// declarations, actors, faults and properties.
extension Parser {
    /// Every word that can start a top-level line.
    static let declarationKeywords = [
        "spec", "expect", "machine", "hypervisor", "domain", "env", "process", "filter", "packet",
        "actor", "daemon", "fault", "check", "mutant", "explore",
    ]
    /// Declarations of named entities: `KEYWORD NAME (, NAME)* [: KIND] PROPERTY*`.
    static let entityKeywords = ["domain", "env", "process", "filter", "packet"]

    /// Parses a whole spec, reporting every problem found.
    mutating func parseSpec() -> SpecAST {
        var ast = SpecAST()
        while true {
            switch current.kind {
            case .endOfFile:
                ast.trailingComments = current.leadingComments
                return ast
            case .newline, .dedent:
                advance()
            case .indent:
                unexpectedIndent("only the statements of an actor and a spec's description are indented")
            case .identifier:
                recovering { try $0.parseDeclaration(into: &ast) }
            default:
                diagnostics.error("expected a declaration, found \(current.shown)", at: current.range,
                                  hints: ["a line starts with one of " +
                                          NameSuggestions.listed(Parser.declarationKeywords, conjunction: "or")])
                skipLine()
            }
        }
    }

    private mutating func parseDeclaration(into ast: inout SpecAST) throws {
        let word = current.text
        switch word {
        case "spec": try parseHeader(into: &ast)
        case "expect": try parseExpectation(into: &ast)
        case "machine": try parseSettings(into: &ast.machine)
        case "hypervisor": try parseSettings(into: &ast.hypervisor)
        case "explore": try parseSettings(into: &ast.explore)
        case "actor", "daemon": ast.actors.append(try parseActor())
        case "fault": ast.faults.append(try parseFault())
        case "check": ast.checks.append(try parseCheck())
        case "mutant": ast.mutants.append(try parseMutant())
        default:
            if Parser.entityKeywords.contains(word) {
                ast.entities.append(try parseEntity())
                return
            }
            var hints: [String] = []
            if let h = NameSuggestions.hint(for: word, among: Parser.declarationKeywords) { hints.append(h) }
            if hints.isEmpty {
                hints.append("a line starts with one of " +
                             NameSuggestions.listed(Parser.declarationKeywords, conjunction: "or"))
                hints.append("operations belong in an actor's indented block, under 'actor NAME on TARGET:'")
            }
            try failAt(current.range, "unknown declaration '\(word)'", hints: hints)
        }
    }

    // MARK: header and expectation

    private mutating func parseHeader(into ast: inout SpecAST) throws {
        let kw = advance()
        let name = try expectName("the spec's name after 'spec'", hints: ["for example: spec grant-revoke"])
        var description: String?
        var descriptionRange: SourceRange?
        var descriptionComment: String?
        if let s = accept(.string) {
            description = s.text
            descriptionRange = s.range
        }
        let trailing = try endLine(after: "the spec's name")
        var leading = kw.leadingComments
        if at(.indent) {
            advance()
            if description == nil, let s = accept(.string) {
                // Comments between the name and the description go with the header.
                leading += s.leadingComments
                description = s.text
                descriptionRange = s.range
                recovering { descriptionComment = try $0.endLine(after: "the description") }
            }
            if !at(.dedent), !at(.endOfFile) {
                diagnostics.error("expected the end of the spec header, found \(current.shown)", at: current.range,
                                  hints: ["only a description string is indented under 'spec NAME'"])
                while !at(.dedent), !at(.endOfFile) { skipLine() }
            }
            _ = accept(.dedent)
        }
        let header = SpecHeader(name: name, description: description, descriptionRange: descriptionRange,
                                range: kw.range.joined(name.range),
                                comments: Comments(leading: leading, trailing: trailing),
                                descriptionComment: descriptionComment)
        if let first = ast.header {
            diagnostics.error("duplicate 'spec' header", at: kw.range,
                              notes: [diagnostics.note("the spec was named here", at: first.range)])
            return
        }
        ast.header = header
    }

    private mutating func parseExpectation(into ast: inout SpecAST) throws {
        let kw = advance()
        let verdict: Verdict
        let end: SourceRange
        if atWord("holds") {
            end = advance().range
            verdict = .holds
        } else if atWord("violation") {
            advance()
            let inv = try expectName("the invariant's name after 'expect violation'",
                                     hints: ["for example: expect violation grant-readonly"])
            verdict = .violation(inv)
            end = inv.range
        } else {
            var hints: [String] = []
            if current.kind == .identifier,
               let h = NameSuggestions.hint(for: current.text, among: ["holds", "violation"]) { hints.append(h) }
            hints.append("write 'expect holds' or 'expect violation INVARIANT'")
            try failHere(expected: "'holds' or 'violation' after 'expect'", hints: hints)
        }
        let trailing = try endLine(after: "the expectation")
        let e = ExpectationDecl(verdict: verdict, range: kw.range.joined(end),
                            comments: Comments(leading: kw.leadingComments, trailing: trailing))
        if let first = ast.expectation {
            diagnostics.error("duplicate 'expect'", at: kw.range,
                              notes: [diagnostics.note("the expectation was first stated here", at: first.range)])
            return
        }
        ast.expectation = e
    }

    // MARK: settings and entities

    private mutating func parseSettings(into slot: inout Settings?) throws {
        let kw = advance()
        let props = try parseProperties(after: kw.text)
        let trailing = try endLine(after: "the properties")
        let range = props.last.map { kw.range.joined($0.range) } ?? kw.range
        let s = Settings(keyword: Identifier(kw.text, range: kw.range), properties: props, range: range,
                         comments: Comments(leading: kw.leadingComments, trailing: trailing))
        if let first = slot {
            diagnostics.error("duplicate '\(kw.text)' declaration", at: kw.range,
                              hints: ["put all of its properties on one line"],
                              notes: [diagnostics.note("'\(kw.text)' was first declared here", at: first.range)])
            return
        }
        slot = s
    }

    private mutating func parseEntity() throws -> EntityDecl {
        let kw = advance()
        var names = [try expectName("a name after '\(kw.text)'")]
        while accept(.comma) != nil {
            names.append(try expectName("a name after ','"))
        }
        var kind: Identifier?
        if accept(.colon) != nil {
            kind = try expectName("a kind after ':'", hints: ["for example: domain d0 : guest"])
        }
        let props = try parseProperties(after: kw.text)
        let trailing = try endLine(after: "the declaration")
        var range = kw.range.joined(names[names.count - 1].range)
        if let kind { range = range.joined(kind.range) }
        if let last = props.last { range = range.joined(last.range) }
        return EntityDecl(keyword: Identifier(kw.text, range: kw.range), names: names, kind: kind,
                          properties: props, range: range,
                          comments: Comments(leading: kw.leadingComments, trailing: trailing))
    }

    /// `KEY VALUE` pairs up to the end of the line.
    mutating func parseProperties(after what: String) throws -> [Property] {
        var props: [Property] = []
        while !at(.newline), !at(.endOfFile) {
            if at(.colon) {
                try failAt(current.range, "unexpected ':'",
                           hints: ["separate several names with commas, as in 'domain d0, d1 : guest'"])
            }
            let key = try expectName("a property name", hints: ["properties are KEY VALUE pairs, as in 'frames 4'"])
            if at(.colon) {
                try failAt(current.range, "unexpected ':'",
                           hints: ["separate several names with commas, as in 'domain d0, d1 : guest'"])
            }
            if at(.newline) || at(.endOfFile) {
                try failHere(expected: "a value after '\(key.text)'",
                             hints: ["properties are KEY VALUE pairs, as in 'frames 4'"])
            }
            let value = try parseValue(allowList: true)
            props.append(Property(key: key, value: value, range: key.range.joined(value.range)))
        }
        return props
    }

    /// `NAME (, NAME)*` up to the end of the line.
    private mutating func parseNameList(after what: String, example: String) throws -> [Identifier] {
        var names = [try expectName("a name after '\(what)'", hints: ["for example: \(example)"])]
        while !at(.newline), !at(.endOfFile) {
            if at(.identifier) {
                try failHere(expected: "',' or end of line", hints: ["separate names with commas: \(example)"])
            }
            try expect(.comma, "',' or end of line")
            names.append(try expectName("a name after ','"))
        }
        return names
    }

    // MARK: properties of the run

    private mutating func parseCheck() throws -> CheckDecl {
        let kw = advance()
        if atWord("all"), peek().kind == .newline || peek().kind == .endOfFile {
            let all = advance()
            let trailing = try endLine(after: "'check all'")
            return CheckDecl(all: true, names: [], range: kw.range.joined(all.range),
                             comments: Comments(leading: kw.leadingComments, trailing: trailing))
        }
        let names = try parseNameList(after: "check", example: "check grant-readonly, maptrack-consistency")
        let trailing = try endLine(after: "the invariant names")
        return CheckDecl(all: false, names: names, range: kw.range.joined(names[names.count - 1].range),
                         comments: Comments(leading: kw.leadingComments, trailing: trailing))
    }

    private mutating func parseMutant() throws -> MutantDecl {
        let kw = advance()
        let names = try parseNameList(after: "mutant", example: "mutant end-access-while-mapped")
        let trailing = try endLine(after: "the mutant names")
        return MutantDecl(names: names, range: kw.range.joined(names[names.count - 1].range),
                          comments: Comments(leading: kw.leadingComments, trailing: trailing))
    }

    private mutating func parseFault() throws -> FaultDecl {
        let kw = advance()
        if atWord("let") || atWord("ignore") {
            try failAt(current.range, "a fault cannot use '\(current.text)'",
                       hints: ["a fault is 'fault OPERATION OPERAND*'; nothing receives its result"])
        }
        let call = try parseCall(binding: nil, ignored: false, start: kw.range)
        let trailing = try endLine(after: "the fault")
        return FaultDecl(call: call, range: kw.range.joined(call.range),
                         comments: Comments(leading: kw.leadingComments, trailing: trailing))
    }

    // MARK: actors

    /// `actor ...:` or `daemon ...:` (an actor that may wait for ever: see
    /// the no-deadlock invariant).
    private mutating func parseActor() throws -> ActorDecl {
        let kw = advance()
        let word = kw.text
        let binding: ActorBinding
        if atWord("each"), peek().kind == .identifier, peek(2).isWord("in") {
            advance()
            let variable = try expectName("a variable after 'each'")
            advance()  // in
            var over = [try expectName("a name after 'in'")]
            while accept(.comma) != nil { over.append(try expectName("a name after ','")) }
            binding = .each(variable: variable, over: over)
        } else {
            // `actor on d0:`: 'on' where the name belongs, so the name is
            // missing (or was not a name and the lexer dropped it). Reading
            // 'on' as the name would suggest 'actor on on TARGET:'. An actor
            // really named 'on' is written 'actor on on d0:'.
            if atWord("on"), peek().kind == .identifier, !peek().isWord("on") {
                try failHere(expected: "the actor's name after '\(word)'",
                             hints: ["write '\(word) NAME on \(peek().text):'; a name starts with a letter or '_', then letters, digits, '_' and '-'"])
            }
            let name = try expectName("the actor's name after '\(word)'",
                                      hints: ["write '\(word) NAME on TARGET:' or '\(word) each VAR in A, B:'"])
            guard atWord("on") else {
                try failHere(expected: "'on' after the actor's name",
                             hints: ["write '\(word) \(name.text) on TARGET:', where TARGET is a domain or an env"])
            }
            advance()
            let target = try expectName("the entity the actor runs on, after 'on'")
            binding = .on(name: name, target: target)
        }
        if !at(.colon), at(.identifier) || at(.comma) {
            try failHere(expected: "':' to open the actor's program",
                         hints: ["separate several names with commas"])
        }
        if at(.newline) {
            try failHere(expected: "':' after the actor header",
                         hints: ["a line that opens a block ends with ':'"])
        }
        let block = try parseBlock(after: "the actor header", keyword: kw)
        return ActorDecl(binding: binding, body: block.body, range: kw.range, isDaemon: word == "daemon",
                         comments: Comments(leading: kw.leadingComments, trailing: block.headerComment))
    }
}
