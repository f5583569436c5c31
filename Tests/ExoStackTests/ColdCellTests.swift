import ExoCore
import XCTest
@testable import ExoStack
@testable import ExoXen

/// The unikernels, the exokernel and the vchans share one copy-on-write
/// cell, absent while a system has none of them. What must hold: a world
/// without the cell equals, encodes and codes like one whose cell holds
/// nothing; a write copies a shared cell and leaves the other state alone;
/// a refused call keeps the parent's cell (so the explorer sees a
/// self-loop); and the coded form is the one the fields had before.
final class ColdCellTests: XCTestCase {
    private func system(_ d1: DomainKind = .guest) throws -> SystemSpec {
        SystemSpec(name: "cold", machine: MachineConfig(frames: 8),
                   hypervisor: HypervisorConfig(grantEntries: 2, maptrackSlots: 2, ports: 2),
                   domains: [DomainSpec(name: "d0", initialFrames: 1), DomainSpec(name: "d1", kind: d1)],
                   actors: [])
    }

    private func json(_ l: Layers) throws -> String {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys]
        return String(decoding: try e.encode(l), as: UTF8.self)
    }

    func testNoCellIsAnEmptyCell() throws {
        let plain = try Layers(system: system())
        var emptied = plain
        emptied.unikernels = []  // a write: gives it an (empty) cell of its own
        XCTAssertFalse(emptied.sharesStorage(with: plain))
        XCTAssertEqual(emptied, plain)
        XCTAssertEqual(plain, emptied)
        var a = CanonicalEncoder(capacity: 64), b = CanonicalEncoder(capacity: 64)
        plain.encode(into: &a, now: 0)
        emptied.encode(into: &b, now: 0)
        XCTAssertEqual(a.bytes, b.bytes)
        XCTAssertEqual(try json(plain), try json(emptied))
        let decoded = try JSONDecoder().decode(Layers.self, from: Data(try json(plain).utf8))
        XCTAssertEqual(decoded, plain)
        XCTAssertEqual(try json(decoded), try json(plain))
        // The coded form keeps the fields' names and leaves out the exokernel.
        let text = try json(plain)
        XCTAssertTrue(text.contains("\"unikernels\":[]") && text.contains("\"vchans\":[]"), text)
        XCTAssertFalse(text.contains("\"exo\""), text)
    }

    func testAWriteCopiesASharedCellAndARefusalKeepsIt() throws {
        let uk = DomainKind.unikernel(UnikernelSpec(app: "app", modules: ["console"]))
        let statics = try LayerStatics(system: system(uk))
        let parent = try Layers(system: system(uk))
        XCTAssertFalse(parent.unikernels.isEmpty)
        let parentJSON = try json(parent)
        // Refused: the unikernel cannot free a frame it does not own.
        var refused = parent
        let r = refused.perform(.free, by: .domain(1), Operands(7), now: 0, statics: statics)
        XCTAssertLessThan(r, 0)
        XCTAssertTrue(refused.sharesStorage(with: parent), "a refused call lost the parent's cell")
        // Accepted: the unikernel allocates a page through its grant library.
        var child = parent
        let f = child.perform(.alloc, by: .domain(1), Operands(), now: 0, statics: statics)
        XCTAssertGreaterThanOrEqual(f, 0)
        XCTAssertFalse(child.sharesStorage(with: parent))
        XCTAssertNotEqual(child, parent)
        XCTAssertEqual(try json(parent), parentJSON, "the write reached the parent's cell")
        let back = try JSONDecoder().decode(Layers.self, from: Data(try json(child).utf8))
        XCTAssertEqual(back, child)
    }
}

extension ColdCellTests {
    /// The world's size, which the comments on `Layers` and `ActorTable`
    /// quote (a copy moves this many bytes).
    func testAWorldIs80Bytes() {
        XCTAssertEqual(MemoryLayout<World>.size, 80)
    }
}
