import XCTest
import ExoCore
@testable import ExoKernel

final class OperationTests: XCTestCase {
    static let samples: [ExoOperation] = [
        .createEnv, .destroyEnv(env: 1), .deriveCapability(env: 0, from: 0, into: 1, suffixByte: 7, rights: .read),
        .transferCapability(env: 0, slot: 1, to: 1, toSlot: 2), .dropCapability(env: 0, slot: 1), .revokeDerived(env: 0, slot: 0),
        .allocFrame(env: 0, frame: 0xFFFF_FFF0, capSlot: 0), .freeFrame(env: 0, frame: 100), .setGuaranteed(env: 0, frame: 100),
        .setForeignMapped(frame: 100, count: 2), .bind(env: 0, vpage: 3, frame: 100, rights: [.read, .write], capSlot: 0),
        .unbind(env: 0, vpage: 3), .access(env: 0, cpu: 0, vpage: 3, write: true), .requestRevocation(env: 0, frame: 100),
        .relinquish(env: 0, frame: 100), .handleRepossession(env: 0), .allocSlice(env: 0, slice: 1), .freeSlice(env: 0, slice: 1),
        .dispatch(cpu: 0), .yieldCPU(env: 0, cpu: 0), .fireDue, .installFilter(env: 0, program: [.accept]), .removeFilter(env: 0),
        .deliverPacket(packet: [1, 2]), .receivePacket(env: 0), .spawn(env: 0, container: 1), .exitProcess(env: 0, pid: 1),
        .schedule(env: 0), .grantContainers(env: 0, from: 0, to: 1),
        .pagerMap(env: 0, pid: 1, page: 0, frame: 100, writable: true, capSlot: 0), .pagerRefill(env: 0, pid: 1, page: 0),
        .pagerUnmap(env: 0, pid: 1, page: 0), .share(env: 0, from: 1, page: 0, to: 2, toPage: 1, writable: false),
        .ipcSend(env: 0, from: 1, to: 2, payload: 9, transfer: true), .setRingFrame(env: 0, pid: 1, frame: 100),
        .ipcSendRemote(env: 0, from: 1, toEnv: 1, to: 0, payload: 200, capSlot: 3), .ipcReceive(env: 0, pid: 1),
    ]

    func testEveryOperationRoundTripsThroughOpcodeAndOperands() {
        XCTAssertEqual(Set(OperationTests.samples.map { $0.opcode }).count, ExoOperation.names.count, "one sample per opcode")
        XCTAssertEqual(Set(ExoOperation.names).count, ExoOperation.names.count)
        for op in OperationTests.samples {
            let back = ExoOperation(opcode: op.opcode, operands: op.operands)
            switch op {
            case .installFilter, .deliverPacket: XCTAssertNil(back, op.name)
            default: XCTAssertEqual(back, op, op.name)
            }
        }
        XCTAssertNil(ExoOperation(opcode: 99, operands: Operands()))
        XCTAssertEqual(ExoOperation.bind(env: 0, vpage: 3, frame: 100, rights: .read, capSlot: 0).description, "bind(0, 3, 100, 1, 0)")
        XCTAssertNil(ExoOperation(opcode: 10, operands: Operands(1, 2)), "wrong arity")
    }

    func testApplyMatchesTheDirectCalls() {
        var direct = makeKernel(), viaOps = makeKernel()
        _ = direct.createEnv()
        _ = direct.allocFrame(0, frame: 100, capSlot: 0)
        _ = direct.spawn(0, container: 0)
        _ = direct.pagerMap(0, pid: 0, page: 0, frame: 100, writable: true, capSlot: 0)
        _ = direct.requestRevocation(0, frame: 100, now: 1)
        direct.fireDue(now: 3)
        let ops: [ExoOperation] = [.createEnv, .allocFrame(env: 0, frame: 100, capSlot: 0), .spawn(env: 0, container: 0),
                                   .pagerMap(env: 0, pid: 0, page: 0, frame: 100, writable: true, capSlot: 0)]
        XCTAssertEqual(ops.map { viaOps.apply($0, now: 0) }, [0, 0, 0, 0])
        XCTAssertEqual(viaOps.apply(.requestRevocation(env: 0, frame: 100), now: 1), 0)
        XCTAssertEqual(viaOps.apply(.fireDue, now: 3), 1, "one abort")
        XCTAssertEqual(direct, viaOps)
        XCTAssertEqual(viaOps.apply(.access(env: 0, cpu: 0, vpage: 0, write: false), now: 3), AccessOutcome.pageFault.rawValue)
        XCTAssertEqual(viaOps.apply(.bind(env: 5, vpage: 0, frame: 100, rights: .read, capSlot: 0), now: 3), ExoStatus.badEnv.rawValue)
    }
}
