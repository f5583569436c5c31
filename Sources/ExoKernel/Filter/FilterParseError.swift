import ExoCore

/// A syntax error in the textual filter form, with its 1-based line and
/// column (columns count bytes of the line).
public struct FilterParseError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Kind: Equatable, Sendable {
        case unknownOpcode(String)
        case missingOperand(opcode: String)
        case extraOperand(String)
        case badNumber(String)
        case numberOutOfRange(String)
        case badTarget(String)
        case unknownLabel(String)
        case duplicateLabel(String)
        case emptyProgram
    }

    public var kind: Kind
    public var line: Int
    public var column: Int

    public init(_ kind: Kind, line: Int, column: Int) {
        self.kind = kind; self.line = line; self.column = column
    }

    public var description: String {
        let what: String
        switch kind {
        case .unknownOpcode(let s): what = "unknown instruction '\(s)'"
        case .missingOperand(let op): what = "'\(op)' needs more operands"
        case .extraOperand(let s): what = "unexpected operand '\(s)'"
        case .badNumber(let s): what = "'\(s)' is not a number"
        case .numberOutOfRange(let s): what = "\(s) is out of range"
        case .badTarget(let s): what = "'\(s)' is not a jump target (accept, reject, @index or a label)"
        case .unknownLabel(let s): what = "no label '\(s)'"
        case .duplicateLabel(let s): what = "label '\(s)' defined twice"
        case .emptyProgram: what = "the program has no instructions"
        }
        return "\(line):\(column): \(what)"
    }
}
