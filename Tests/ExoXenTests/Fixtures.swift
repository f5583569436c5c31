import XCTest
@testable import ExoXen
import ExoCore

/// A small world: three running domains d0, d1, d2; d0 owns frames 0 and 1,
/// d1 owns frame 2; 8 frames, 4 grant entries per frame, 4 maptrack slots.
func makeHypervisor(_ mutants: XenMutants = [], config: XenConfig = XenConfig()) -> Hypervisor {
    var hv = Hypervisor(config: config, mutants: mutants)
    for d in 0..<DomID(3) {
        XCTAssertEqual(hv.createDomain(d, maxPages: 4), .okay)
        XCTAssertEqual(hv.unpause(d), .okay)
    }
    XCTAssertEqual(hv.populate(0, frame: 0), .okay)
    XCTAssertEqual(hv.populate(0, frame: 1), .okay)
    XCTAssertEqual(hv.populate(1, frame: 2), .okay)
    return hv
}

/// d0 grants frame 0 to d1 at ref 0 (read-write unless `readonly`).
func grantFrame0(_ hv: inout Hypervisor, readonly: Bool = false, file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(hv.grantAccess(0, ref: 0, to: 1, frame: 0, readonly: readonly), .okay, file: file, line: line)
}

func names(_ vs: [Violation]) -> [String] {
    var out: [String] = []
    for v in vs where !out.contains(v.invariant) { out.append(v.invariant) }
    return out
}

func assertHolds(_ hv: Hypervisor, file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(hv.violations, [], file: file, line: line)
}

func assertFires(_ hv: Hypervisor, _ invariant: String, file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertTrue(names(hv.violations).contains(invariant),
                  "expected \(invariant) to fire, got \(hv.violations)", file: file, line: line)
}

/// app -> net -> xen, app -> vchan; fs is never reached.
let sampleGraph = ModuleGraph([
    UnikernelModule(name: "app", textPages: 1, dataPages: 1, dependencies: [1, 2]),
    UnikernelModule(name: "net", textPages: 1, dataPages: 0, dependencies: [3]),
    UnikernelModule(name: "vchan", textPages: 1, dataPages: 0, dependencies: [3]),
    UnikernelModule(name: "xen", textPages: 1, dataPages: 1, dependencies: []),
    UnikernelModule(name: "fs", textPages: 2, dataPages: 1, dependencies: [3]),
])

func sampleImage() -> UnikernelImage {
    guard case .success(let image) = UnikernelImage.build(application: 0, graph: sampleGraph) else {
        fatalError("sample image must build")
    }
    return image
}

/// Boots the sample unikernel in d0 of `makeHypervisor()`: pages 0-3 text,
/// 4-5 data, 6 minor heap, 7-8 major heap (frames 3 and 4), 9-10 I/O slots.
func bootSample(_ hv: inout Hypervisor, _ mutants: XenMutants = []) -> Unikernel {
    let (s, uk) = Unikernel.boot(&hv, dom: 0, image: sampleImage(), layout: BootLayout(), grantRefs: 4, mutants: mutants)
    XCTAssertEqual(s, .okay)
    return uk!
}

func violations(_ hv: Hypervisor, _ uk: Unikernel) -> [Violation] {
    var out = hv.violations
    uk.checkInvariants(hv, into: &out)
    return out
}

/// A vchan from d0 (server, frames 0, 1, 3) to d1 (client, pages 0-2),
/// connected, with rings of `ringSize` bytes.
func connectedVchan(_ hv: inout Hypervisor, ringSize: UInt32 = 2, _ mutants: XenMutants = [],
                    file: StaticString = #filePath, line: UInt = #line) -> Vchan {
    XCTAssertEqual(hv.populate(0, frame: 3), .okay, file: file, line: line)
    let (s, v) = Vchan.serverInit(&hv, server: 0, client: 1, frames: [0, 1, 3], ringSize: ringSize, mutants: mutants)
    XCTAssertEqual(s, .okay, file: file, line: line)
    var vchan = v!
    XCTAssertEqual(vchan.clientConnect(&hv, hostAddrs: [0, 1, 2]), .okay, file: file, line: line)
    return vchan
}

func violations(_ hv: Hypervisor, _ v: Vchan) -> [Violation] {
    var out = hv.violations
    v.checkInvariants(hv, into: &out)
    return out
}
