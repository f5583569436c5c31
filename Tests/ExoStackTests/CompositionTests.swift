import ExoCore
import XCTest
@testable import ExoStack

/// The checks only the composition can make. Two of its clauses have world
/// mutants killed by specs (`abort-keeps-grant`, `foreign-mappings-hidden`);
/// this shows the frame-conservation clause fires when the hypervisor and
/// the exokernel disagree about a frame.
final class CompositionTests: XCTestCase {
    func system() -> SystemSpec {
        SystemSpec(name: "comp", machine: MachineConfig(frames: 3),
                   domains: [DomainSpec(name: "d0"),
                             DomainSpec(name: "x0", kind: .exokernel(ExokernelSpec(envs: ["e0"])), initialFrames: 2)])
    }

    func testAgreeingLayersHold() throws {
        let m = try SystemModel(system: system())
        XCTAssertEqual(m.violations(of: m.initialState()), [])
    }

    func testFrameTheHypervisorTookBackIsCaught() throws {
        let m = try SystemModel(system: system())
        var w = m.initialState()
        let frame = w.layers.hv.frames(ownedBy: 1)[0]
        // The hypervisor takes a frame from the exokernel's domain behind the
        // exokernel's back: the exokernel still counts it as its own.
        XCTAssertEqual(w.layers.hv.decreaseReservation(1, frame: frame), .okay)
        let v = m.violations(of: w)
        XCTAssertTrue(v.contains { $0.invariant == "frame-conservation" && $0.message.contains("exokernel frame \(frame)") }, "\(v)")
    }
}
