#!/usr/bin/env python3
"""Docs stay a map: every relative Markdown link in README.md, docs/ and bench/README.md resolves (file and,
when given, #anchor), and no page in docs/ is longer than 200 lines. Part of `make test`; prints each problem
with its file and line and exits 1 when there is one."""

import re
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MAX_LINES = 200
LINK = re.compile(r"(?<!!)\[(?:[^\]\[]|\[[^\]]*\])*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)|!\[[^\]]*\]\(([^)\s]+)\)")
FENCE = re.compile(r"^\s*(```|~~~)")


def pages() -> list[Path]:
    found = [ROOT / "README.md", ROOT / "bench" / "README.md"]
    found += sorted((ROOT / "docs").rglob("*.md"))
    return [page for page in found if page.exists()]


def slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"`|\*\*|__|\[([^\]]*)\]\([^)]*\)", r"\1", heading.strip()).lower()
    kept = "".join(ch for ch in text if ch in " -_" or unicodedata.category(ch)[0] in "LNM")
    return kept.replace(" ", "-")


def anchors(page: Path) -> set[str]:
    result: set[str] = set()
    counts: dict[str, int] = {}
    fenced = False
    for line in page.read_text(encoding="utf-8").splitlines():
        if FENCE.match(line):
            fenced = not fenced
        if fenced:
            continue
        match = re.match(r"^#{1,6}\s+(.*?)\s*#*\s*$", line)
        if match:
            base = slug(match.group(1))
            number = counts.get(base, 0)
            counts[base] = number + 1
            result.add(base if number == 0 else f"{base}-{number}")
    return result


def main() -> int:
    problems: list[str] = []
    cache: dict[Path, set[str]] = {}
    for page in pages():
        lines = page.read_text(encoding="utf-8").splitlines()
        relative = page.relative_to(ROOT)
        if relative.parts[0] == "docs" and len(lines) > MAX_LINES:
            problems.append(f"{relative}: {len(lines)} lines; a docs page holds at most {MAX_LINES}")
        fenced = False
        for number, line in enumerate(lines, start=1):
            if FENCE.match(line):
                fenced = not fenced
            if fenced:
                continue
            for match in LINK.finditer(re.sub(r"`[^`]*`", "", line)):
                target = match.group(1) or match.group(2)
                if re.match(r"^[a-z][a-z0-9+.-]*:", target) or target.startswith("//"):
                    continue  # http:, https:, mailto: — not checked offline
                path_part, _, anchor = target.partition("#")
                destination = (page.parent / path_part).resolve() if path_part else page
                if not destination.exists():
                    problems.append(f"{relative}:{number}: link to '{target}': {path_part} does not exist in the repository")
                    continue
                if ROOT not in destination.parents and destination != ROOT:
                    problems.append(f"{relative}:{number}: link to '{target}' leaves the repository")
                    continue
                if anchor and destination.suffix == ".md":
                    known = cache.setdefault(destination, anchors(destination))
                    if anchor not in known:
                        problems.append(f"{relative}:{number}: link to '{target}': no heading with anchor #{anchor}")
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(f"check-docs: {len(problems)} problem(s)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
