import ExoCore

/// The composed layers: the glue between the world and the hypervisor,
/// unikernel, exokernel and library-OS modules. Stub until the layers land.
public struct Layers: Equatable, Codable {
    public init(system: SystemSpec) throws {}

    public func encode(into e: inout CanonicalEncoder, now: Tick) {}

    /// The earliest pending deadline of any layer.
    public func nextDeadline() -> Tick? { nil }

    /// Performs everything due at `now`; returns how many things fired.
    public mutating func fireDue(now: Tick) -> Int32 { 0 }

    /// The choke point: every operation any actor issues passes here.
    public mutating func perform(_ op: Op, by principal: Principal, _ args: Operands, now: Tick) -> Int32 { -1 }

    /// Whether a `wait` condition holds.
    public func holds(_ op: Op, by principal: Principal, _ args: Operands, now: Tick) -> Bool { false }

    /// Appends the elements of a set (each `Catalogue.setInfo(kind).element.count` values) to `out`.
    public func enumerate(_ kind: SetKind, _ args: [Int32], by principal: Principal, into out: inout [Int32]) {}

    public func check(now: Tick, into out: inout [Violation]) {}

    public static var invariants: [InvariantInfo] { [] }
    public static var mutants: [MutantInfo] { [] }
}
