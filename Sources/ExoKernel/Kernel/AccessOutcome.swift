import ExoCore

/// What a memory access by an environment found: the hardware TLB, the
/// kernel's software TLB, or neither (a page fault upcalled to the library
/// OS), or a rights mismatch (a protection fault).
public enum AccessOutcome: Int32, Equatable, Codable, Sendable {
    case tlbHit = 0
    case stlbHit = 1
    /// No cached translation: the library OS's pager must (re)bind the page.
    case pageFault = -1
    /// A cached translation exists but lacks the requested right.
    case protectionFault = -2
    /// Bad environment, CPU or page number.
    case refused = -3
}
