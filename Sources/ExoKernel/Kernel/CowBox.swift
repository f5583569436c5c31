/// A value's fields behind one reference: a copy of the value retains the
/// box instead of every array among the fields, and the value copies the
/// box (`makeUnique`) before it writes, only when another value holds it.
/// Used where a state's arrays are copied far more often than written:
/// `Environment`, `LibOSState`, the exokernel's `ColdTables`.
///
/// `fields` skips Swift's dynamic exclusivity check: a box is written only
/// through a value that holds it alone.
final class CowBox<Fields>: @unchecked Sendable {
    @exclusivity(unchecked) var fields: Fields

    init(_ fields: Fields) { self.fields = fields }

    /// Where `fields` lies in this box: its address in the object, which
    /// stays put while the box lives. Reading through it retains neither
    /// the box nor the arrays (the in-place encodings and queries).
    var fieldsAddress: UnsafePointer<Fields> {
        withUnsafeMutablePointer(to: &fields) { UnsafePointer($0) }
    }

    /// `box`, or a copy of it when another value holds it too: call before
    /// writing through `box.fields`.
    @inline(__always) static func makeUnique(_ box: inout CowBox<Fields>) {
        if !isKnownUniquelyReferenced(&box) { box = CowBox(box.fields) }
    }
}
