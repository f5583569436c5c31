import ExoCore

/// What a page of a unikernel's single address space is for.
public enum RegionKind: UInt8, Equatable, Codable, Sendable {
    case unmapped = 0
    case text = 1
    case data = 2
    case minorHeap = 3
    case majorHeap = 4
    /// Slots reserved for foreign (grant) mappings, never handed out by the
    /// heap allocator.
    case io = 5
}

/// Page permissions.
public struct PagePerms: OptionSet, Equatable, Codable, Sendable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    public static let read = PagePerms(rawValue: 1)
    public static let write = PagePerms(rawValue: 2)
    public static let exec = PagePerms(rawValue: 4)
}

/// The sizes of the regions boot lays out after the image.
public struct BootLayout: Equatable, Codable, Sendable {
    public var minorHeapPages: UInt32
    public var majorHeapPages: UInt32
    public var ioPages: UInt32

    public init(minorHeapPages: UInt32 = 1, majorHeapPages: UInt32 = 2, ioPages: UInt32 = 2) {
        self.minorHeapPages = minorHeapPages
        self.majorHeapPages = majorHeapPages
        self.ioPages = ioPages
    }
}

/// A unikernel's single address space, page by page, from virtual page 0:
/// text, data, minor heap, major heap, I/O slots. Boot (PVBoot-like) lays
/// it out with text writable for relocation; sealing makes text read-only
/// and executable and forbids any further executable or W+X mapping.
public struct AddressSpace: Equatable, Codable, Sendable, CanonicalEncodable {
    public struct Page: Equatable, Codable, Sendable {
        public var region: RegionKind
        public var perms: PagePerms
    }

    public private(set) var pages: [Page]
    public private(set) var sealed: Bool = false
    public let mutants: XenMutants

    /// Lays out the address space of `image` (boot, before sealing).
    public init(image: UnikernelImage, layout: BootLayout, mutants: XenMutants = []) {
        self.mutants = mutants
        var p: [Page] = []
        func add(_ n: UInt32, _ r: RegionKind, _ perms: PagePerms) {
            for _ in 0..<n { p.append(Page(region: r, perms: perms)) }
        }
        add(image.textPages, .text, [.read, .write])      // being relocated
        add(image.dataPages, .data, [.read, .write])
        add(layout.minorHeapPages, .minorHeap, [.read, .write])
        add(layout.majorHeapPages, .majorHeap, [.read, .write])
        add(layout.ioPages, .io, [])
        pages = p
    }

    /// The virtual pages of a region, ascending.
    public func pages(in region: RegionKind) -> [VirtualPage] {
        pages.indices.filter { pages[$0].region == region }.map { VirtualPage($0) }
    }

    /// Seals the image: text becomes read-only and executable, and every
    /// other page loses execute permission (code made executable before
    /// sealing is not code the image was built with); from now on no page
    /// may become executable or writable+executable. Sealing twice is
    /// refused with `einval`.
    public mutating func seal() -> XenErrno {
        guard !sealed else { return .einval }
        for i in pages.indices {
            if pages[i].region == .text {
                pages[i].perms = mutants.contains(.sealLeavesWXPage) ? [.read, .write, .exec] : [.read, .exec]
            } else {
                pages[i].perms.remove(.exec)
            }
        }
        sealed = true
        return .okay
    }

    /// Changes the permissions of a page (an mprotect). `einval` for a page
    /// out of range or an unmapped page. Once sealed, `eperm` for making
    /// text writable, adding execute permission to any page, or asking for
    /// write and execute together.
    public mutating func protect(_ page: VirtualPage, _ perms: PagePerms) -> XenErrno {
        guard Int(page) < pages.count, pages[Int(page)].region != .unmapped else { return .einval }
        let old = pages[Int(page)]
        if sealed {
            if perms.contains(.write) && perms.contains(.exec) { return .eperm }
            if old.region == .text && perms.contains(.write) { return .eperm }
            if perms.contains(.exec) && !old.perms.contains(.exec) && !mutants.contains(.sealedAllowsExecMapping) {
                return .eperm
            }
        }
        pages[Int(page)].perms = perms
        return .okay
    }

    /// Appends the sealed-image violations of this address space.
    public func checkInvariants(into out: inout [Violation]) {
        guard sealed else { return }
        let name = XenInvariants.sealedImage
        for (i, p) in pages.enumerated() {
            if p.perms.contains(.write) && p.perms.contains(.exec) {
                out.append(Violation(name, "page \(i) (\(p.region)) is writable and executable after sealing"))
            } else if p.region == .text && p.perms.contains(.write) {
                out.append(Violation(name, "text page \(i) is writable after sealing"))
            }
            if p.perms.contains(.exec) && p.region != .text {
                out.append(Violation(name, "\(p.region) page \(i) is executable: a new code mapping after sealing"))
            }
        }
    }

    public func encode(into e: inout CanonicalEncoder) {
        e.count(pages.count)
        for p in pages { e.u8(p.region.rawValue); e.u8(p.perms.rawValue) }
        e.bool(sealed)
    }
}
