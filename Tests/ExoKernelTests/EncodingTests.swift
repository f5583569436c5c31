import XCTest
import ExoCore
@testable import ExoKernel

final class EncodingTests: XCTestCase {
    func scenario(at t0: Tick) -> Exokernel {
        var k = makeKernel()
        let (_, a) = k.createEnv()
        _ = k.allocFrame(a, frame: 100, capSlot: 0)
        _ = k.allocSlice(a, slice: 0)
        _ = k.requestRevocation(a, frame: 100, now: t0)
        _ = k.dispatch(cpu: 0, now: t0 + 1)
        return k
    }

    func testAbsoluteTimeStaysOutOfTheEncoding() {
        let early = scenario(at: 5), late = scenario(at: 5_000)
        XCTAssertNotEqual(early, late)
        XCTAssertEqual(early.canonicalBytes, late.canonicalBytes)
        XCTAssertNotEqual(scenario(at: 5).canonicalBytes, { var k = scenario(at: 5); k.fireDue(now: 7); return k }().canonicalBytes)
    }

    func testMutantsAreNotEncoded() {
        var k = scenario(at: 0)
        let before = k.canonicalBytes
        k.mutants = .stlbKeptAfterAbort
        XCTAssertEqual(k.canonicalBytes, before)
    }

    func testCodableRoundTrip() throws {
        var k = scenario(at: 3)
        _ = k.installFilter(0, program: [.load(width: 1, offset: 0), .jump(.eq, 1, .accept), .reject])
        _ = k.spawn(0, container: 1)
        let data = try JSONEncoder().encode(k)
        let back = try JSONDecoder().decode(Exokernel.self, from: data)
        XCTAssertEqual(back, k)
        XCTAssertEqual(back.canonicalBytes, k.canonicalBytes)
    }

    func testCatalogueNamesAreDistinctAndKebabCase() {
        let names = Exokernel.invariants.map { $0.name }
        XCTAssertEqual(Set(names).count, names.count)
        for n in names + ExoMutants.catalogue.map({ $0.1.name }) {
            XCTAssertTrue(n.allSatisfy { $0 == "-" || ($0.isLetter && $0.isLowercase) }, n)
        }
        for required in ["binding-soundness", "exclusive-ownership", "revocation-complete", "abort-deadline", "frame-conservation",
                         "filter-safety", "capability-unforgeable", "vm-isolation", "ipc-integrity", "container-isolation",
                         "guaranteed-frames-kept"] {
            XCTAssertTrue(names.contains(required), required)
        }
    }
}

final class CanonicalFormTests: XCTestCase {
    /// Two different histories that end in the same logical state encode the
    /// same: capability records nothing refers to are reclaimed at once.
    func testUnreferencedCapabilitiesAreReclaimed() {
        var k1 = makeKernel(), k2 = makeKernel()
        _ = k1.createEnv(); _ = k2.createEnv()
        _ = k1.allocFrame(0, frame: 100, capSlot: 0); _ = k2.allocFrame(0, frame: 100, capSlot: 0)
        // k1 binds with a derived capability, drops it, then unbinds.
        XCTAssertEqual(k1.deriveCapability(0, from: 0, into: 1, suffix: [], rights: .read), .ok)
        XCTAssertEqual(k1.bind(0, vpage: 0, frame: 100, rights: .read, capSlot: 1), .ok)
        XCTAssertEqual(k1.dropCapability(0, slot: 1), .ok)
        XCTAssertNotNil(k1.capabilities.record(1), "still held by the binding")
        XCTAssertEqual(k1.unbind(0, vpage: 0), .ok)
        XCTAssertNil(k1.capabilities.record(1))
        XCTAssertEqual(k1.canonicalBytes, k2.canonicalBytes)
    }
}
