import ExoKernel

/// The heap cell behind `Layers.exokernel`: the exokernel in memory of its own,
/// so a `World` copy retains this one object and its destruction runs the
/// exokernel's own (specialised) destroy. Compared and coded as the
/// exokernel itself.
///
/// Between `take` and `put` the cell is empty; reading it then is a bug
/// (`Layers` only takes from a cell no other state shares, and puts back
/// before anything reads it).
final class ExokernelCell: Equatable, Codable, @unchecked Sendable {
    private let slot: UnsafeMutablePointer<Exokernel>
    private(set) var isPresent: Bool

    init(_ value: consuming Exokernel) {
        slot = .allocate(capacity: 1)
        slot.initialize(to: value)
        isPresent = true
    }

    deinit {
        if isPresent { slot.deinitialize(count: 1) }
        slot.deallocate()
    }

    /// The exokernel in place.
    var value: Exokernel {
        _read {
            precondition(isPresent, "the exokernel cell is empty")
            yield slot.pointee
        }
        _modify {
            precondition(isPresent, "the exokernel cell is empty")
            yield &slot.pointee
        }
    }

    /// A new cell holding a copy (for a state about to change it).
    func copy() -> ExokernelCell { ExokernelCell(value) }

    /// Moves the exokernel out, leaving the cell empty.
    func take() -> Exokernel {
        precondition(isPresent, "the exokernel cell is empty")
        isPresent = false
        return slot.move()
    }

    /// Moves an exokernel into the emptied cell.
    func put(_ k: consuming Exokernel) {
        precondition(!isPresent, "the exokernel cell is full")
        slot.initialize(to: k)
        isPresent = true
    }

    static func == (a: ExokernelCell, b: ExokernelCell) -> Bool { a === b || a.value == b.value }

    convenience init(from decoder: Decoder) throws {
        self.init(try decoder.singleValueContainer().decode(Exokernel.self))
    }

    func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(value)
    }
}
