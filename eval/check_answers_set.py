#!/usr/bin/env python3
"""Check eval/answers-{dev,test}.jsonl against the documents in ../shared/corpora.

Usage: python3 eval/check_answers_set.py [CORPORA_DIR]
Needs pdftotext (poppler-utils). Exits 1 if any problem is found.
"""
import collections, html, html.parser, json, os, re, subprocess, sys, unicodedata
from functools import lru_cache

HERE = os.path.dirname(os.path.abspath(__file__))
CORPORA = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "..", "..", "shared", "corpora")
TYPES = {"value", "date", "count", "name", "definition", "method", "table", "caption", "two-doc", "unanswerable"}
MIN = {"total": 160, "zh": 44, "two-doc": 16, "unanswerable": 22}
problems = []


def norm(s):
    s = unicodedata.normalize("NFKC", s).casefold().replace("\u200b", " ")
    return re.sub(r"\s+", " ", s)


class Text(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(); self.parts, self.skip = [], 0
    def handle_starttag(self, tag, attrs):
        self.skip += tag in ("script", "style")
    def handle_endtag(self, tag):
        self.skip -= tag in ("script", "style")
    def handle_data(self, data):
        if not self.skip: self.parts.append(data)


@lru_cache(maxsize=None)
def page_texts(source, page):
    """Normalised texts (one per extraction mode) of a page of a PDF, or of a whole HTML/XML file."""
    for sub in ("pdf", "html", "atom"):
        path = os.path.join(CORPORA, sub, source)
        if os.path.exists(path): break
    else:
        problems.append(f"missing source file {source}"); return ()
    if source.endswith(".pdf"):
        outs = []
        for extra in (["-layout"], []):
            r = subprocess.run(["pdftotext", *extra, "-f", str(page), "-l", str(page), path, "-"],
                               capture_output=True, text=True)
            outs.append(norm(r.stdout))
        return tuple(outs)
    raw = open(path, encoding="utf-8", errors="replace").read()
    if source.endswith(".html"):
        p = Text(); p.feed(raw); return (norm(" ".join(p.parts)),)
    return (norm(html.unescape(re.sub(r"<[^>]+>", " ", raw))),)


def check(item, where):
    qid = item.get("id", "?")
    for key in ("id", "question", "lang", "type", "answerable", "must_contain", "expected"):
        if key not in item: problems.append(f"{where} {qid}: missing {key}")
    if item.get("lang") not in ("en", "zh"): problems.append(f"{where} {qid}: bad lang")
    if item.get("type") not in TYPES: problems.append(f"{where} {qid}: bad type")
    if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", qid): problems.append(f"{where} {qid}: id not kebab-case")
    has_cjk = bool(re.search(r"[\u4e00-\u9fff]", item.get("question", "")))
    if has_cjk != (item.get("lang") == "zh"): problems.append(f"{where} {qid}: lang does not match question text")
    mc, exp = item.get("must_contain", []), item.get("expected", [])
    if item.get("type") == "unanswerable" or not item.get("answerable"):
        if item.get("answerable") or item.get("type") != "unanswerable" or mc or exp:
            problems.append(f"{where} {qid}: unanswerable must have type unanswerable, empty must_contain/expected")
        return
    if not 1 <= len(mc) <= 2 or not exp: problems.append(f"{where} {qid}: need 1-2 must_contain and >=1 expected")
    for e in exp:
        src, page = e.get("source", ""), e.get("page")
        if "/" in src: problems.append(f"{where} {qid}: source must be a bare file name")
        if src.endswith(".pdf") != isinstance(page, int): problems.append(f"{where} {qid}: page required for PDF only")
    if item["type"] == "two-doc" and len({e.get("source") for e in exp}) < 2:
        problems.append(f"{where} {qid}: two-doc needs two different sources")
    for s in mc:
        hit = False
        for e in exp:
            texts = page_texts(e.get("source", ""), e.get("page") or 0)
            if texts and all(norm(s) in t for t in texts): hit = True
        if not hit: problems.append(f"{where} {qid}: {s!r} not found on expected page(s)")
        if len(s) > 40: problems.append(f"{where} {qid}: must_contain {s!r} too long")


def main():
    halves, seen = {}, {}
    for half in ("dev", "test"):
        path = os.path.join(HERE, f"answers-{half}.jsonl")
        items = [json.loads(line) for line in open(path, encoding="utf-8") if line.strip()]
        halves[half] = items
        for it in items:
            check(it, half)
            if it["id"] in seen: problems.append(f"{half} {it['id']}: duplicate id (also in {seen[it['id']]})")
            seen[it["id"]] = half
    qdev = {norm(i["question"]) for i in halves["dev"]}
    for it in halves["test"]:
        if norm(it["question"]) in qdev: problems.append(f"test {it['id']}: same question as in dev")
    allq = halves["dev"] + halves["test"]
    c = collections.Counter(i["lang"] for i in allq) + collections.Counter(i["type"] for i in allq)
    c["total"] = len(allq)
    for k, n in MIN.items():
        if c[k] < n: problems.append(f"composition: {k} = {c[k]} < {n}")
    rows = sorted(TYPES)
    print(f"{'type':<13}" + "".join(f"{h + '/' + l:>10}" for h in halves for l in ("en", "zh")) + f"{'total':>8}")
    for t in rows + ["ALL"]:
        cells = [sum(1 for i in halves[h] if i["lang"] == l and t in (i["type"], "ALL")) for h in halves for l in ("en", "zh")]
        print(f"{t:<13}" + "".join(f"{x:>10}" for x in cells) + f"{sum(cells):>8}")
    srcs = collections.Counter(e["source"] for i in allq for e in i["expected"])
    print(f"\n{len(srcs)} sources cited; least cited: {min(srcs.values())}")
    for p in problems: print("PROBLEM:", p)
    print(f"\n{len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
