#!/usr/bin/env python3
"""The module graph in Package.swift equals the imports: every target declares exactly the modules its sources
import (toolchain modules aside). Run by `make test`; prints each difference and exits 1 when there is one.

    scripts/check-modules.py            # reads `swift package dump-package`
"""
import json
import pathlib
import re
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
# Modules of the toolchain and the C library: imported without a manifest entry.
TOOLCHAIN = {
    "Foundation", "FoundationEssentials", "FoundationNetworking", "FoundationInternationalization", "Dispatch",
    "Synchronization", "Testing", "XCTest", "Glibc", "Musl", "Darwin", "_Concurrency", "Observation", "os",
}
IMPORT = re.compile(r"^\s*(?:@\w+(?:\([^)]*\))?\s+)*(?:public\s+|internal\s+|package\s+|private\s+|fileprivate\s+)?import\s+(?:(?:struct|class|enum|func|var|let|protocol|typealias)\s+)?([A-Za-z_][A-Za-z0-9_]*)", re.M)


def declared(target):
    names = set()
    for dependency in target.get("dependencies", []):
        for kind in ("byName", "target", "product"):
            if kind in dependency:
                names.add(dependency[kind][0])
    return names


def imported(folder):
    names = set()
    for source in folder.rglob("*.swift"):
        # Multi-line string literals hold other languages' code (Python fixtures): not imports.
        text = re.sub(r'"""(?:.|\n)*?"""', "", source.read_text(encoding="utf-8"))
        # Imports inside `#if canImport(X)` blocks are optional: skip the module named by canImport.
        optional = set(re.findall(r"#if\s+canImport\((\w+)\)", text))
        names |= {name for name in IMPORT.findall(text) if name not in optional}
    return names


def main():
    package = json.loads(subprocess.run(
        ["swift", "package", "dump-package"], cwd=ROOT, check=True, capture_output=True, text=True).stdout)
    problems = []
    for target in package["targets"]:
        if target["type"] in ("system", "binary", "plugin", "macro"):
            continue
        default = "Tests" if target["type"] == "test" else "Sources"
        folder = ROOT / (target.get("path") or f"{default}/{target['name']}")
        swift_sources = list(folder.rglob("*.swift"))
        if not swift_sources:
            continue  # C and C++ targets: their includes are not Swift imports.
        uses = imported(folder) - TOOLCHAIN - {target["name"]}
        declares = declared(target)
        for name in sorted(uses - declares):
            problems.append(f"{target['name']}: imports {name}, which Package.swift does not declare")
        for name in sorted(declares - uses):
            problems.append(f"{target['name']}: declares {name}, which none of its sources imports")
    for line in problems:
        print(f"check-modules: {line}")
    if problems:
        print(f"check-modules: {len(problems)} differences between Package.swift and the imports", file=sys.stderr)
        return 1
    print(f"check-modules: Package.swift matches the imports of {len(package['targets'])} targets")
    return 0


if __name__ == "__main__":
    sys.exit(main())
