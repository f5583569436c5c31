import ExoCore

/// The textual form of filter programs, for specs and timelines:
///
///     ld16 12; jne 0x0800 reject   # EtherType IPv4?
///     ld8 23;  jeq 17 udp; reject
///     udp: st8 0; accept
///
/// Statements are separated by `;` or newlines, `#` starts a comment, commas
/// between operands are optional. Opcodes: `ld8 OFF`, `ld16 OFF`, `ld32 OFF`,
/// `ldi V`, `and V`, `jeq|jne|jgt|jlt V T`, `ja T`, `st8 OFF`, `accept`,
/// `reject`. A target `T` is `accept`, `reject`, `@N` (instruction index) or
/// a label defined by `name:` in front of a statement. Numbers are decimal or
/// `0x` hexadecimal.
public enum FilterText {
    struct Token {
        var text: String
        var line: Int
        var column: Int
    }

    /// Parses `text`; throws `FilterParseError` at the first mistake.
    public static func parse(_ text: String) throws -> [FilterInstruction] {
        var program: [FilterInstruction] = []
        var labels: [(name: String, index: Int)] = []
        var fixups: [(pc: Int, token: Token)] = []
        var lastLine = 1

        for statement in statements(text) {
            var tokens = statement[...]
            if let first = tokens.first, first.text.hasSuffix(":") {
                let name = String(first.text.dropLast())
                guard isIdentifier(name), name != "accept", name != "reject" else {
                    throw FilterParseError(.badTarget(name), line: first.line, column: first.column)
                }
                if labels.contains(where: { $0.name == name }) {
                    throw FilterParseError(.duplicateLabel(name), line: first.line, column: first.column)
                }
                labels.append((name, program.count))
                tokens = tokens.dropFirst()
            }
            guard let op = tokens.first else { continue }
            lastLine = op.line
            let args = Array(tokens.dropFirst())
            func need(_ n: Int) throws {
                if args.count < n { throw FilterParseError(.missingOperand(opcode: op.text), line: op.line, column: op.column + op.text.utf8.count) }
                if args.count > n { throw FilterParseError(.extraOperand(args[n].text), line: args[n].line, column: args[n].column) }
            }
            func target(_ t: Token) throws -> FilterTarget {
                switch t.text {
                case "accept": return .accept
                case "reject": return .reject
                default:
                    if t.text.hasPrefix("@") {
                        let digits = Token(text: String(t.text.dropFirst()), line: t.line, column: t.column + 1)
                        return .at(Int(try number(digits, max: 0xFFFF)))
                    }
                    guard isIdentifier(t.text) else { throw FilterParseError(.badTarget(t.text), line: t.line, column: t.column) }
                    fixups.append((program.count, t))
                    return .at(-1)
                }
            }
            let insn: FilterInstruction
            switch op.text {
            case "ld8", "ld16", "ld32":
                try need(1)
                let width = op.text == "ld8" ? 1 : (op.text == "ld16" ? 2 : 4)
                insn = .load(width: width, offset: Int(try number(args[0], max: 0xFFFF)))
            case "ldi":
                try need(1); insn = .loadImmediate(UInt32(try number(args[0], max: 0xFFFF_FFFF)))
            case "and":
                try need(1); insn = .and(UInt32(try number(args[0], max: 0xFFFF_FFFF)))
            case "jeq", "jne", "jgt", "jlt":
                try need(2)
                let cond: FilterCondition = ["jeq": .eq, "jne": .ne, "jgt": .gt, "jlt": .lt][op.text]!
                let value = UInt32(try number(args[0], max: 0xFFFF_FFFF))
                insn = .jump(cond, value, try target(args[1]))
            case "ja":
                try need(1); insn = .goto(try target(args[0]))
            case "st8":
                try need(1); insn = .store(offset: Int(try number(args[0], max: 0xFFFF)))
            case "accept":
                try need(0); insn = .accept
            case "reject":
                try need(0); insn = .reject
            default:
                throw FilterParseError(.unknownOpcode(op.text), line: op.line, column: op.column)
            }
            program.append(insn)
        }
        for fix in fixups {
            guard let label = labels.first(where: { $0.name == fix.token.text }) else {
                throw FilterParseError(.unknownLabel(fix.token.text), line: fix.token.line, column: fix.token.column)
            }
            switch program[fix.pc] {
            case .jump(let c, let v, _): program[fix.pc] = .jump(c, v, .at(label.index))
            case .goto: program[fix.pc] = .goto(.at(label.index))
            default: break
            }
        }
        if program.isEmpty { throw FilterParseError(.emptyProgram, line: lastLine, column: 1) }
        return program
    }

    /// The canonical text of `program` (numeric targets as `@N`); parsing it
    /// gives `program` back.
    public static func format(_ program: [FilterInstruction]) -> String {
        program.map(format).joined(separator: "; ")
    }

    public static func format(_ insn: FilterInstruction) -> String {
        func t(_ target: FilterTarget) -> String {
            switch target {
            case .accept: return "accept"
            case .reject: return "reject"
            case .at(let i): return "@\(i)"
            }
        }
        switch insn {
        case .load(let w, let off): return "ld\(w * 8) \(off)"
        case .loadImmediate(let v): return "ldi 0x" + String(v, radix: 16)
        case .and(let m): return "and 0x" + String(m, radix: 16)
        case .jump(let c, let v, let target):
            let name = ["jeq", "jne", "jgt", "jlt"][Int(c.rawValue)]
            return "\(name) 0x\(String(v, radix: 16)) \(t(target))"
        case .goto(let target): return "ja \(t(target))"
        case .store(let off): return "st8 \(off)"
        case .accept: return "accept"
        case .reject: return "reject"
        }
    }

    /// Splits the text into statements of tokens, dropping comments.
    static func statements(_ text: String) -> [[Token]] {
        var result: [[Token]] = []
        var current: [Token] = []
        var word: [UInt8] = []
        var wordColumn = 0
        var line = 1, column = 0
        var inComment = false
        func endWord() {
            if !word.isEmpty {
                current.append(Token(text: String(decoding: word, as: UTF8.self), line: line, column: wordColumn))
                word.removeAll()
            }
        }
        func endStatement() {
            endWord()
            if !current.isEmpty { result.append(current); current = [] }
        }
        for byte in text.utf8 {
            column += 1
            if byte == UInt8(ascii: "\n") {
                endStatement()
                inComment = false
                line += 1
                column = 0
                continue
            }
            if inComment { continue }
            switch byte {
            case UInt8(ascii: "#"): endWord(); inComment = true
            case UInt8(ascii: ";"): endStatement()
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"), UInt8(ascii: ","): endWord()
            default:
                if word.isEmpty { wordColumn = column }
                word.append(byte)
                if byte == UInt8(ascii: ":") { endWord() }
            }
        }
        endStatement()
        return result
    }

    static func isIdentifier(_ s: String) -> Bool {
        guard let first = s.utf8.first, first == UInt8(ascii: "_") || (first | 0x20 >= UInt8(ascii: "a") && first | 0x20 <= UInt8(ascii: "z")) else { return false }
        return s.utf8.allSatisfy { b in
            b == UInt8(ascii: "_") || (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9")) || (b | 0x20 >= UInt8(ascii: "a") && b | 0x20 <= UInt8(ascii: "z"))
        }
    }

    static func number(_ t: Token, max: UInt64) throws -> UInt64 {
        let s = t.text
        let value: UInt64?
        if s.hasPrefix("0x") || s.hasPrefix("0X") {
            let digits = s.dropFirst(2)
            value = digits.isEmpty ? nil : UInt64(digits, radix: 16)
        } else {
            value = UInt64(s, radix: 10)
        }
        guard let v = value else {
            // All digits but too long for 64 bits is a range error, not a spelling one.
            let hexOrDec = s.utf8.allSatisfy { ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9")) }
            throw FilterParseError(hexOrDec && !s.isEmpty ? .numberOutOfRange(s) : .badNumber(s), line: t.line, column: t.column)
        }
        guard v <= max else { throw FilterParseError(.numberOutOfRange(s), line: t.line, column: t.column) }
        return v
    }
}
