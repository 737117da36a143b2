#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import RampartCore

/// Reads regular files only, with a size cap, so that FIFOs, devices and huge files cannot hang or
/// exhaust the scanner.
public enum FileReader {
    /// Default cap for inputs and configuration files.
    public static let defaultMaxBytes = 64 << 20

    public static func read(_ path: String, maxBytes: Int) -> Result<[UInt8], InputProblem> {
        var info = stat()
        guard stat(path, &info) == 0 else {
            return .failure(InputProblem(kind: .unreadable, source: path, message: errnoDescription(errno, path: path)))
        }
        let type = info.st_mode & S_IFMT
        guard type == S_IFREG else {
            return .failure(InputProblem(kind: .unreadable, source: path, message: "not a regular file (\(fileTypeName(type))); not read"))
        }
        if Int(info.st_size) > maxBytes {
            return .failure(InputProblem(kind: .tooLarge, source: path,
                                         message: "\(info.st_size) bytes is over the \(maxBytes)-byte limit; not parsed"))
        }
        // O_NONBLOCK guards the race where the path is swapped for a FIFO between stat and open.
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else {
            return .failure(InputProblem(kind: .unreadable, source: path, message: errnoDescription(errno, path: path)))
        }
        defer { close(fd) }
        guard let bytes = readAll(fd: fd, maxBytes: maxBytes + 1) else {
            return .failure(InputProblem(kind: .unreadable, source: path, message: "read failed: \(String(cString: strerror(errno)))"))
        }
        if bytes.count > maxBytes {
            return .failure(InputProblem(kind: .tooLarge, source: path, message: "over the \(maxBytes)-byte limit; not parsed"))
        }
        return .success(bytes)
    }

    /// Reads until EOF or `maxBytes`, whichever is first.
    public static func readAll(fd: Int32, maxBytes: Int) -> [UInt8]? {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while bytes.count < maxBytes {
            let want = min(chunk.count, maxBytes - bytes.count)
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, want) }
            if n < 0 {
                if errno == EINTR { continue }
                return nil
            }
            if n == 0 { break }
            bytes.append(contentsOf: chunk[0..<n])
        }
        return bytes
    }

    public static func errnoDescription(_ code: Int32, path: String) -> String {
        switch code {
        case ENOENT: return "no such file or directory"
        case EACCES: return "permission denied"
        case ELOOP: return "too many levels of symbolic links (symlink loop)"
        default: return String(cString: strerror(code))
        }
    }

    static func fileTypeName(_ type: mode_t) -> String {
        switch type {
        case S_IFIFO: return "FIFO"
        case S_IFCHR: return "character device"
        case S_IFBLK: return "block device"
        case S_IFSOCK: return "socket"
        case S_IFDIR: return "directory"
        case S_IFLNK: return "symbolic link"
        default: return "special file"
        }
    }
}

/// Walks a directory tree for YAML files. Follows symlinks but never visits a directory twice (so symlink
/// loops end), and reports what it cannot read instead of skipping it.
public enum DirectoryWalker {
    public struct Walk: Sendable {
        public var files: [String] = []
        public var problems: [InputProblem] = []
    }

    public static func walk(_ root: String, suffixes: [String]) -> Walk {
        var walk = Walk()
        var info = stat()
        guard stat(root, &info) == 0 else {
            walk.problems.append(InputProblem(kind: .unreadable, source: root, message: FileReader.errnoDescription(errno, path: root)))
            return walk
        }
        guard info.st_mode & S_IFMT == S_IFDIR else {
            // Named on the command line: read whatever its suffix; FileReader reports non-regular files.
            walk.files.append(root)
            return walk
        }
        var visited = Set<[UInt64]>()
        var pending = [root]
        // Bounded by the number of distinct directories on the file system.
        while let dir = pending.popLast() {
            var dirInfo = stat()
            guard stat(dir, &dirInfo) == 0 else { continue }
            guard visited.insert([UInt64(dirInfo.st_dev), UInt64(dirInfo.st_ino)]).inserted else { continue }
            guard let handle = opendir(dir) else {
                walk.problems.append(InputProblem(kind: .unreadable, source: dir, message: FileReader.errnoDescription(errno, path: dir)))
                continue
            }
            var names: [String] = []
            while let entry = readdir(handle) {
                let name = withUnsafePointer(to: entry.pointee.d_name) {
                    $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
                }
                if name == "." || name == ".." || name == ".git" { continue }
                names.append(name)
            }
            closedir(handle)
            var subdirs: [String] = []
            for name in names.sorted() {
                let path = dir.hasSuffix("/") ? dir + name : dir + "/" + name
                var entryInfo = stat()
                if stat(path, &entryInfo) != 0 {
                    // Dangling link or loop: report only what looks like an input.
                    if suffixes.contains(where: name.hasSuffix) || errno == ELOOP {
                        walk.problems.append(InputProblem(kind: .unreadable, source: path, message: FileReader.errnoDescription(errno, path: path)))
                    }
                    continue
                }
                if entryInfo.st_mode & S_IFMT == S_IFDIR {
                    subdirs.append(path)
                } else if suffixes.contains(where: name.hasSuffix) {
                    walk.files.append(path)
                }
            }
            // Depth-first in name order, so output order is stable.
            pending += subdirs.reversed()
        }
        return walk
    }
}
