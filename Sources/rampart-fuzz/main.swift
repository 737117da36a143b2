// Entry point of the libFuzzer harness. libFuzzer's driver is looked up at run time, so that a plain
// `swift build` still links this target; scripts/fuzz.sh links it in (see docs/fuzzing.md).
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

typealias FuzzCallback = @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
typealias RunDriver = @convention(c) (UnsafeMutablePointer<Int32>,
                                      UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
                                      FuzzCallback) -> Int32

func usage() -> String {
    "usage: rampart-fuzz TARGET [libFuzzer options] [corpus dirs or files]\n"
        + "       (or RAMPART_FUZZ_TARGET=TARGET rampart-fuzz ...)\n"
        + "targets: \(FuzzTargets.names.joined(separator: ", "))\n"
}

func fail(_ message: String) -> Never {
    let text = Array("rampart-fuzz: \(message)\n".utf8)
    _ = text.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
    exit(2)
}

var arguments = CommandLine.arguments
var name = getenv("RAMPART_FUZZ_TARGET").map { String(cString: $0) }
if name == nil, arguments.count > 1, !arguments[1].hasPrefix("-") {
    name = arguments.remove(at: 1)
}
if name == "--list" || arguments.dropFirst().first == "--list" {
    print(FuzzTargets.names.joined(separator: "\n"))
    exit(0)
}
guard let name, let target = FuzzTargets.all[name] else {
    fail("\(name.map { "unknown target '\($0)'" } ?? "no target named")\n\(usage())")
}
// The callback is a C function pointer and cannot capture; it reads the chosen target from here.
nonisolated(unsafe) var selected: @Sendable ([UInt8]) -> Void = target

// RTLD_DEFAULT (a null handle): the symbol is in this executable when scripts/fuzz.sh linked it in.
guard let symbol = dlsym(nil, "LLVMFuzzerRunDriver") else {
    fail("this binary has no libFuzzer driver linked in; build and run it with scripts/fuzz.sh\n\(usage())")
}
let driver = unsafeBitCast(symbol, to: RunDriver.self)

var cArguments: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
var argc = Int32(arguments.count)
let status = cArguments.withUnsafeMutableBufferPointer { buffer -> Int32 in
    guard let base = buffer.baseAddress else { return 2 }
    var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?> = base
    return driver(&argc, &argv) { data, size in
        let bytes = data.map { [UInt8](UnsafeBufferPointer(start: $0, count: size)) } ?? []
        selected(bytes)
        return 0
    }
}
exit(status)
