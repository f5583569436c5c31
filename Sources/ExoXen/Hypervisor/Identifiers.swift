/// A domain id (Xen's `domid_t`). Domains are dense from 0 up to the
/// configured maximum; any other value names no domain.
public typealias DomID = UInt16

/// A machine frame number, dense from 0.
public typealias FrameNumber = UInt32

/// An index into a granting domain's grant table.
public typealias GrantRef = UInt32

/// A maptrack handle: an index into the mapping domain's maptrack.
public typealias GrantHandle = UInt32

/// An event-channel port number, local to one domain.
public typealias PortNumber = UInt32

/// A virtual page number in a domain's address space (a host-map address
/// divided by the page size).
public typealias VirtualPage = UInt32

/// The size of a page in bytes; copies may not cross it.
public let xenPageSize: UInt32 = 4096
