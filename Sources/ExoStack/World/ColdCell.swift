import ExoKernel
import ExoXen

/// The layers most systems leave out: the unikernels, the exokernel and the
/// vchans, behind the one reference `Layers.cold`, which is nil when a
/// system has none of them (the grant/revoke benchmarks). A `World` copy
/// thus retains one reference for all three (none when nil) instead of
/// three, drops release one, and the explorer's self-loop test compares one.
/// Copy on write: `Layers` writes a cell only when no other state shares it.
///
/// The exokernel sits in memory of its own inside the cell (it is large
/// inline and holds many arrays): `Layers` moves it out for an update in
/// place and back (`takeExokernel`, `putExokernel`). Between the two the
/// cell holds none, and reading it then is a bug.
///
/// The stored properties skip Swift's dynamic exclusivity check (a runtime
/// call on every access, 1.5% of the exokernel bench): a cell is written
/// only by the one state that holds it alone.
final class ColdCell: @unchecked Sendable {
    @exclusivity(unchecked) var unikernels: [Unikernel?]
    @exclusivity(unchecked) var vchans: [Vchan]
    /// The exokernel's memory, when the system has one.
    private let slot: UnsafeMutablePointer<Exokernel>?
    /// Whether `slot` holds the exokernel now (false between take and put).
    @exclusivity(unchecked) private var exokernelPresent: Bool

    init(unikernels: [Unikernel?], exokernel: consuming Exokernel?, vchans: [Vchan]) {
        self.unikernels = unikernels
        self.vchans = vchans
        if let k = exokernel {
            let s = UnsafeMutablePointer<Exokernel>.allocate(capacity: 1)
            s.initialize(to: k)
            slot = s
            exokernelPresent = true
        } else {
            slot = nil
            exokernelPresent = false
        }
    }

    deinit {
        if let slot {
            if exokernelPresent { slot.deinitialize(count: 1) }
            slot.deallocate()
        }
    }

    /// Whether the system has an exokernel (held or taken out).
    var hasExokernel: Bool { slot != nil }

    /// Whether the cell holds nothing: no exokernel, no unikernel, no vchan
    /// (such layers equal layers without a cell).
    var isEmpty: Bool { slot == nil && unikernels.isEmpty && vchans.isEmpty }

    /// The exokernel in place.
    var exokernel: Exokernel {
        _read {
            precondition(exokernelPresent, "no exokernel in the cell")
            yield slot.unsafelyUnwrapped.pointee
        }
        _modify {
            precondition(exokernelPresent, "no exokernel in the cell")
            yield &slot.unsafelyUnwrapped.pointee
        }
    }

    /// Where the exokernel lies, for reading it in place (valid while the
    /// cell lives and holds it).
    var exokernelAddress: UnsafePointer<Exokernel> {
        precondition(exokernelPresent, "no exokernel in the cell")
        return UnsafePointer(slot.unsafelyUnwrapped)
    }

    /// A new cell holding copies of all three (for a state about to change one).
    func copy() -> ColdCell {
        ColdCell(unikernels: unikernels, exokernel: hasExokernel ? exokernel : nil, vchans: vchans)
    }

    /// Moves the exokernel out, leaving the cell without one until `putExokernel`.
    func takeExokernel() -> Exokernel {
        precondition(exokernelPresent, "no exokernel in the cell")
        exokernelPresent = false
        return slot.unsafelyUnwrapped.move()
    }

    /// Moves an exokernel back into the cell `takeExokernel` emptied.
    func putExokernel(_ k: consuming Exokernel) {
        precondition(hasExokernel && !exokernelPresent, "the cell's exokernel was not taken")
        slot.unsafelyUnwrapped.initialize(to: k)
        exokernelPresent = true
    }

    /// Whether both cells' exokernels are equal, compared where they lie
    /// (`Exokernel.equal(at:_:)`: read through `exokernel`, each was copied
    /// whole first, on every step that copied a cell).
    private static func sameExokernel(_ a: ColdCell, _ b: ColdCell) -> Bool {
        Exokernel.equal(at: a.exokernelAddress, b.exokernelAddress)
    }

    /// Whether the cell's exokernel was taken out (and not put back yet).
    var exokernelTaken: Bool { hasExokernel && !exokernelPresent }

    /// Equal contents (nil stands for an empty cell).
    static func equal(_ a: ColdCell?, _ b: ColdCell?) -> Bool {
        if a === b { return true }
        guard let a, let b else { return (a ?? b)?.isEmpty ?? true }
        if a.hasExokernel != b.hasExokernel { return false }
        if a.hasExokernel && !sameExokernel(a, b) { return false }
        return a.unikernels == b.unikernels && a.vchans == b.vchans
    }
}
