import Foundation
import RampartCore

/// One stable spelling for every scanned file, so that `scan k8s`, `scan ./k8s` and `scan $PWD/k8s` give the
/// same file names, fingerprints and SARIF URIs: paths relative to the repository root when the working
/// directory is inside a git repository, else to the working directory. Files outside that root keep their
/// absolute path.
public struct SourceRoot: Sendable {
    /// Absolute, without a trailing slash.
    public var root: String
    /// Absolute working directory that relative arguments are resolved against.
    public var workingDirectory: String

    public init(root: String, workingDirectory: String) {
        self.root = SourceRoot.standardize(root)
        self.workingDirectory = SourceRoot.standardize(workingDirectory)
    }

    /// The git repository root above the working directory (a `.git` directory or file), else the directory.
    public static func current() -> SourceRoot {
        let cwd = FileManager.default.currentDirectoryPath
        var dir = standardize(cwd)
        // Bounded by the number of path components.
        while true {
            var info = stat()
            if stat(dir == "/" ? "/.git" : dir + "/.git", &info) == 0 { return SourceRoot(root: dir, workingDirectory: cwd) }
            guard dir != "/", let slash = dir.lastIndex(of: "/") else { break }
            dir = slash == dir.startIndex ? "/" : String(dir[..<slash])
        }
        return SourceRoot(root: cwd, workingDirectory: cwd)
    }

    /// The reported name of a file opened as `path`.
    public func name(_ path: String) -> String {
        let absolute = SourceRoot.standardize(path.hasPrefix("/") ? path : workingDirectory + "/" + path)
        if let relative = relativeToRoot(absolute) { return relative }
        // `$PWD` may spell the directory through a symlink that the working directory resolves.
        if path.hasPrefix("/"), let real = realpath(absolute, nil) {
            defer { free(real) }
            if let relative = relativeToRoot(String(cString: real)) { return relative }
        }
        return absolute
    }

    private func relativeToRoot(_ absolute: String) -> String? {
        if absolute == root { return "." }
        let prefix = root == "/" ? "/" : root + "/"
        guard absolute.hasPrefix(prefix) else { return nil }
        return String(absolute.dropFirst(prefix.count))
    }

    /// Lexical clean-up: no `.` components, `..` applied, no doubled or trailing slashes.
    static func standardize(_ path: String) -> String {
        var parts: [Substring] = []
        for component in path.split(separator: "/") {
            if component == "." { continue }
            if component == ".." { _ = parts.popLast(); continue }
            parts.append(component)
        }
        return "/" + parts.joined(separator: "/")
    }
}
