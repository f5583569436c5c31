import ExoCore

/// One page-table entry of a library-OS process: the page table lives in
/// user space; the kernel only sees the secure bindings made from it.
public struct PageTableEntry: Equatable, Codable, Sendable, CanonicalEncodable {
    /// Kernel frame index, or -1 when the page is unmapped.
    public var frame: Int = -1
    public var writable: Bool = false
    /// Mapped through an explicit share from the process holding the frame.
    public var shared: Bool = false
    /// Capability slot the pager binds this page with.
    public var capSlot: Int = -1

    public init() {}

    public var isMapped: Bool { frame >= 0 }

    public func encode(into e: inout CanonicalEncoder) {
        e.small(frame)
        guard frame >= 0 else { return }
        e.bool(writable); e.bool(shared); e.small(capSlot)
    }
}
