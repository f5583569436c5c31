import ExoCore

extension Event {
    /// Field-by-field equality without building operand arrays (the
    /// replayer compares one event per step).
    @inlinable func sameAs(_ o: Event) -> Bool {
        guard actor == o.actor, op == o.op, result == o.result, operands.count == o.operands.count else { return false }
        for i in 0..<Int(operands.count) where operands[i] != o.operands[i] { return false }
        return true
    }
}
