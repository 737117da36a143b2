#!/usr/bin/env bash
# Import check: every `import X` of a package module in Sources/<target>/ or Tests/<target>/ must be declared
# directly in that target's dependencies in Package.swift, and imports must flow downward through the layers
# documented in docs/architecture.md. SwiftPM's --explicit-target-dependency-import-check lets transitive
# dependencies through, so it is not enough on its own.
#   scripts/check-imports.sh [PACKAGE_ROOT]     (default: this checkout) — exit 0 clean, 1 violations, 2 error
set -euo pipefail
root=${1:-"$(dirname "$0")/.."}
exec python3 - "$root" <<'PY'
import os, re, sys

root = sys.argv[1]

# Layers, bottom first (docs/architecture.md). A target may import only modules of a lower layer; test
# targets may import anything they declare. A new target needs a line here.
LAYERS = {
    "CYAML": 0, "COpenSSL": 0,
    "RampartCore": 1,
    "RampartYAML": 2,
    "RampartManifests": 3, "RampartDesign": 4, "RampartPolicy": 3, "RampartProbe": 3, "RampartReport": 3,
    "RampartRules": 4,
    "RampartAudit": 5,
    "rampart": 6, "rampart-fuzz": 6,
}

def fail(message):
    print(f"check-imports: {message}", file=sys.stderr)
    sys.exit(2)

manifest_path = os.path.join(root, "Package.swift")
try:
    manifest = open(manifest_path, encoding="utf-8").read()
except OSError as e:
    fail(f"{manifest_path}: {e.strerror}")
# Comments would confuse the bracket matching below.
manifest = re.sub(r"//[^\n]*", "", manifest)

def balanced(text, start, open_ch, close_ch):
    """Text from text[start] (an opening bracket) to its matching close, or None."""
    depth = 0
    for i in range(start, len(text)):
        if text[i] == open_ch:
            depth += 1
        elif text[i] == close_ch:
            depth -= 1
            if depth == 0:
                return text[start + 1:i]
    return None

targets = {}   # name -> (kind, declared dependencies, source directory)
for m in re.finditer(r"\.(target|executableTarget|testTarget|systemLibrary)\s*\(", manifest):
    body = balanced(manifest, m.end() - 1, "(", ")")
    if body is None:
        fail(f"{manifest_path}: unbalanced parentheses after .{m.group(1)}(")
    name = re.match(r'\s*name:\s*"([^"]+)"', body)
    if not name:
        continue   # `.target(name:)` used as a dependency inside another target
    name = name.group(1)
    deps = set()
    d = re.search(r"\bdependencies:\s*\[", body)
    if d:
        listing = balanced(body, d.end() - 1, "[", "]") or ""
        deps |= set(re.findall(r'\.(?:product|target|byName)\s*\(\s*name:\s*"([^"]+)"', listing))
        listing = re.sub(r"\.(?:product|target|byName)\s*\([^)]*\)", "", listing)
        deps |= set(re.findall(r'"([^"]+)"', listing))
    path = re.search(r'\bpath:\s*"([^"]+)"', body)
    base = "Tests" if m.group(1) == "testTarget" else "Sources"
    targets[name] = (m.group(1), deps, path.group(1) if path else os.path.join(base, name))

if not targets:
    fail(f"{manifest_path}: no targets found")

# Modules the package can provide: its targets and the products named in any dependency list.
package_modules = set(targets)
for _, deps, _ in targets.values():
    package_modules |= deps

import_re = re.compile(r"^\s*(?:@\w+\s+)*(?:(?:public|package|internal|fileprivate|private)\s+)?import\s+"
                       r"(?:(?:struct|class|enum|protocol|func|var|let|typealias)\s+)?([A-Za-z_][A-Za-z0-9_]*)")
violations = []
for name, (kind, deps, directory) in sorted(targets.items()):
    if kind == "systemLibrary":
        continue
    if kind != "testTarget" and name not in LAYERS:
        violations.append(f"Package.swift: target {name} has no layer in scripts/check-imports.sh (add it, and to docs/architecture.md)")
        continue
    for dirpath, _, files in os.walk(os.path.join(root, directory)):
        for file in sorted(files):
            if not file.endswith(".swift"):
                continue
            path = os.path.join(dirpath, file)
            shown = os.path.relpath(path, root)
            with open(path, encoding="utf-8", errors="replace") as f:
                for number, line in enumerate(f, 1):
                    im = import_re.match(line)
                    if not im:
                        continue
                    module = im.group(1)
                    if module not in package_modules or module == name:
                        continue   # Foundation, Glibc, Testing, ...
                    if module not in deps:
                        violations.append(f"{shown}:{number}: {name} imports {module} but does not declare it in Package.swift")
                    if kind != "testTarget" and module in LAYERS and LAYERS[module] >= LAYERS[name]:
                        violations.append(f"{shown}:{number}: {name} (layer {LAYERS[name]}) imports {module} (layer {LAYERS[module]}); imports must flow downward")

# Declared dependencies must respect the layers too, even before any file imports them.
for name, (kind, deps, _) in sorted(targets.items()):
    if kind in ("testTarget", "systemLibrary") or name not in LAYERS:
        continue
    for dep in sorted(deps):
        if dep in LAYERS and LAYERS[dep] >= LAYERS[name]:
            violations.append(f"Package.swift: {name} (layer {LAYERS[name]}) depends on {dep} (layer {LAYERS[dep]}); dependencies must flow downward")

for v in violations:
    print(v)
if violations:
    print(f"check-imports: {len(violations)} violation(s)", file=sys.stderr)
    sys.exit(1)
print(f"check-imports: {len(targets)} targets, imports declared and layered")
PY
