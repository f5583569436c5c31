import XCTest
@testable import ExoXen
import ExoCore

final class MutantTests: XCTestCase {
    /// Each mutant's scenario fires its invariant with the mutant on and
    /// holds with it off.
    func testEveryMutantIsCaughtByItsInvariant() {
        for s in mutantScenarios {
            guard let mutant = XenMutants(name: s.mutant) else { XCTFail("no mutant \(s.mutant)"); continue }
            let correct = s.run([])
            XCTAssertEqual(correct, [], "\(s.mutant): the correct code must hold")
            let buggy = s.run(mutant)
            XCTAssertTrue(names(buggy).contains(s.invariant),
                          "\(s.mutant) should break \(s.invariant); saw \(buggy)")
        }
    }

    func testCatalogueIsCompleteAndConsistent() {
        let catalogue = XenMutants.catalogue
        let mutantNames = catalogue.map { $0.1.name }
        XCTAssertEqual(Set(mutantNames).count, mutantNames.count, "names are unique")
        XCTAssertEqual(Set(catalogue.map { $0.0.rawValue }).count, catalogue.count, "bits are unique")
        let invariantNames = XenInvariants.all.map(\.name)
        for (flag, info) in catalogue {
            XCTAssertTrue(invariantNames.contains(info.breaks), "\(info.name) breaks an unknown invariant")
            XCTAssertEqual(XenMutants(name: info.name), flag)
            XCTAssertTrue(mutantScenarios.contains { $0.mutant == info.name && $0.invariant == info.breaks },
                          "\(info.name) needs a scenario for \(info.breaks)")
        }
        for inv in invariantNames {
            XCTAssertTrue(catalogue.contains { $0.1.breaks == inv }, "\(inv) has no mutant")
        }
        XCTAssertNil(XenMutants(name: "no-such-bug"))
        XCTAssertEqual(XenMutants([.mapIgnoresDomid, .endAccessWhileMapped]).names,
                       ["end-access-while-mapped", "map-ignores-domid"])
        XCTAssertEqual(Hypervisor.invariants.count, 10)
    }
}
