import XCTest
@testable import ExoKernel
