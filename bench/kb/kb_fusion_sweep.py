#!/usr/bin/env python3
"""Chooses HybridFusion defaults by measurement before the Swift parts are merged.

Re-implements the knowledge base's retrieval path in Python with the same choices:
pdftotext pages -> 200-wordpiece windows (32 overlap) per page -> all-MiniLM-L6-v2 dense ranking;
SQLite FTS5 bm25() over the same lexical form as Sources/Store/FullText/LexicalText.swift (NFKC,
zero-width characters stripped, CJK bigrams, the same stop words, OR query); the zh/en term table
parsed from Sources/KnowledgeBase/Retrieval/HEPTermTable.swift; weighted reciprocal rank fusion;
recall@1/5/10, MRR and nDCG@10 defined as in RetrievalMetrics.swift.

Usage: python3 bench/kb/kb_fusion_sweep.py [eval/shared-corpora.jsonl] [corpus folder]
Prints the table for dense, BM25, and each fusion setting, best hybrid settings last.
"""
import json, math, os, re, sqlite3, subprocess, sys, unicodedata

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
QA = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, 'eval/shared-corpora.jsonl')
CORPUS = sys.argv[2] if len(sys.argv) > 2 else os.path.join(ROOT, '../shared/corpora/pdf')
MODEL = os.environ.get('HEPCHAIN_MODEL', os.path.join(ROOT, 'models/all-MiniLM-L6-v2'))

# ---- lexical form (mirrors LexicalText.swift)
INVISIBLE = dict.fromkeys(map(ord, '\u200b\u200c\u200d\u2060\ufeff\u00ad'))
STOP = set('a about an and are as at be by can do does for from how in is it its of on or that the their this to was were what when where which who why with'.split())

def is_cjk(c):
    v = ord(c)
    return 0x4E00 <= v <= 0x9FFF or 0x3400 <= v <= 0x4DBF or 0x20000 <= v <= 0x2EBEF or 0xF900 <= v <= 0xFAFF \
        or 0x3040 <= v <= 0x30FF or 0xAC00 <= v <= 0xD7AF

def index_form(text):
    text = unicodedata.normalize('NFKC', text.translate(INVISIBLE))
    out, run = [], []
    def flush():
        if not run: return
        out.append(' ' + (run[0] if len(run) == 1 else ' '.join(run[i] + run[i + 1] for i in range(len(run) - 1))) + ' ')
        run.clear()
    for c in text:
        if is_cjk(c): run.append(c)
        else: flush(); out.append(c)
    flush()
    return ''.join(out)

def is_token(c):
    return unicodedata.category(c)[0] in 'LN' or unicodedata.category(c) == 'Co'

def query_terms(text):
    terms, cur = [], []
    for c in index_form(text) + ' ':
        if is_token(c): cur.append(c); continue
        if cur:
            t = ''.join(cur).lower(); cur = []
            if t not in STOP and t not in terms: terms.append(t)
    return terms

# ---- term table (parsed from the Swift source, so there is one table)
def load_terms():
    src = open(os.path.join(ROOT, 'Sources/KnowledgeBase/Retrieval/HEPTermTable.swift'), encoding='utf-8').read()
    entries = []
    for zh, en in re.findall(r'Entry\(chinese: \[([^\]]*)\], english: \[([^\]]*)\]\)', src):
        entries.append((re.findall(r'"([^"]*)"', zh), re.findall(r'"([^"]*)"', en)))
    return entries

def contains_word(text, word):
    for m in re.finditer(re.escape(word), text):
        before = text[m.start() - 1] if m.start() > 0 else ' '
        after = text[m.end()] if m.end() < len(text) else ' '
        if not (before.isalnum()) and not (after.isalnum()): return True
    return False

def expand(query, entries):
    low = query.lower(); en_add, zh_add = [], []
    for zh, en in entries:
        if any(z in query for z in zh): en_add += [e for e in en if not contains_word(low, e.lower())]
        if any(contains_word(low, e.lower()) for e in en): zh_add += [z for z in zh if z not in query]
    en_add = list(dict.fromkeys(en_add)); zh_add = list(dict.fromkeys(zh_add))
    added = en_add + zh_add
    return (query + ' ' + ' '.join(added) if added else query, query + ' ' + ' '.join(en_add) if en_add else query)

# ---- corpus
def pages_of(path):
    text = subprocess.run(['pdftotext', '-enc', 'UTF-8', path, '-'], capture_output=True, text=True, errors='replace').stdout
    return text.split('\f')

def chunks_of(tokenizer, name, pages, budget=200, overlap=32):
    out = []
    for number, page in enumerate(pages, 1):
        text = re.sub(r'[ \t]+', ' ', page).strip()
        if not text: continue
        enc = tokenizer(text, add_special_tokens=False, return_offsets_mapping=True)
        offsets = enc['offset_mapping']
        start = 0
        while start < len(offsets):
            end = min(len(offsets), start + budget)
            out.append((name, number, text[offsets[start][0]:offsets[end - 1][1]]))
            if end == len(offsets): break
            start = end - overlap
    return out

def metrics(satisfied, targets):
    found, first, dcg = set(), None, 0.0
    for rank, sat in enumerate(satisfied[:10]):
        if sat and first is None: first = rank + 1
        if any(s not in found for s in sat): dcg += 1 / math.log2(rank + 2)
        found |= set(sat)
    ideal = sum(1 / math.log2(i + 2) for i in range(min(10, max(1, targets))))
    w = lambda k: 1.0 if first is not None and first <= k else 0.0
    return [w(1), w(5), w(10), 1 / first if first else 0.0, dcg / ideal]

def fuse(dense, lexical, wd, wl, k0):
    scores, drank = {}, {}
    for i, key in enumerate(dense):
        if wd and key not in drank: drank[key] = i; scores[key] = scores.get(key, 0) + wd / (k0 + i + 1)
    seen = set()
    for i, key in enumerate(lexical):
        if wl and key not in seen: seen.add(key); scores[key] = scores.get(key, 0) + wl / (k0 + i + 1)
    return sorted(scores, key=lambda key: (-scores[key], drank.get(key, 1 << 30)))

def main():
    from sentence_transformers import SentenceTransformer
    model = SentenceTransformer(MODEL, device='cpu')
    chunks = []
    for name in sorted(os.listdir(CORPUS)):
        if name.endswith('.pdf'): chunks += chunks_of(model.tokenizer, name, pages_of(os.path.join(CORPUS, name)))
    print(f'{len(chunks)} chunks', file=sys.stderr)
    import hashlib, numpy
    # Embedding the corpus is the slow part; cache it by chunk texts under bench/out (git-ignored).
    digest = hashlib.sha256('\x00'.join(c[2] for c in chunks).encode()).hexdigest()[:16]
    cache = os.path.join(ROOT, 'bench/out', f'kb_fusion_vectors_{digest}.npy')
    if os.path.exists(cache):
        vectors = numpy.load(cache)
    else:
        vectors = model.encode([c[2] for c in chunks], batch_size=64, normalize_embeddings=True, show_progress_bar=False)
        os.makedirs(os.path.dirname(cache), exist_ok=True)
        numpy.save(cache, vectors)
    db = sqlite3.connect(':memory:')
    db.execute("CREATE VIRTUAL TABLE f USING fts5(body, tokenize = 'unicode61 remove_diacritics 2')")
    db.executemany('INSERT INTO f (rowid, body) VALUES (?, ?)', [(i, index_form(c[2])) for i, c in enumerate(chunks)])
    entries = load_terms()
    questions = [json.loads(l) for l in open(QA, encoding='utf-8') if l.strip() and not l.lstrip().startswith(('//', '#'))]
    depth = 50
    runs = []
    for q in questions:
        lexical_text, dense_text = expand(q['question'], entries)
        qv = model.encode([dense_text], normalize_embeddings=True)[0]
        dense = list((vectors @ qv).argsort()[::-1][:depth])
        terms = query_terms(lexical_text)
        lexical = [r[0] for r in db.execute('SELECT rowid FROM f WHERE f MATCH ? ORDER BY bm25(f) LIMIT ?',
                                            (' OR '.join(f'"{t}"' for t in terms), depth))] if terms else []
        targets = [(e['source'], e.get('page')) for e in q['expected']]
        def sat(i, targets=targets):
            name, page, _ = chunks[i]
            return [j for j, (s, p) in enumerate(targets) if s == name and (p is None or p == page)]
        runs.append((dense, lexical, sat, len(targets)))

    def evaluate(rank):
        rows = [metrics([sat(i) for i in rank(d, l)[:10]], t) for d, l, sat, t in runs]
        return [sum(r[j] for r in rows) / len(rows) for j in range(5)]
    def show(label, m): print(f'{label:34s} ' + ' '.join(f'{x:6.3f}' for x in m))
    print(f'{"setting":34s}    R@1    R@5   R@10    MRR nDCG@10   ({len(questions)} questions, {len(chunks)} chunks)')
    dense_m = evaluate(lambda d, l: d); show('dense', dense_m)
    bm25_m = evaluate(lambda d, l: l); show('bm25', bm25_m)
    results = []
    for k0 in (5, 10, 30, 60):
        for dd in (10, 20, 30, 50):
            for wd in (0.1, 0.2, 0.3, 0.4, 0.5, 0.75, 1.0, 1.5):
                m = evaluate(lambda d, l: fuse(d[:dd], l[:dd], wd, 1.0, k0))
                results.append((m, f'dense={wd:.2f},bm25=1.00,k={k0},depth={dd}'))
    for m, label in results:
        if label.endswith('depth=30') or label.startswith('dense=1.00'): show(label, m)
    print('-- best by MRR + nDCG@10 + R@1 (ties: smaller depth)')
    for m, label in sorted(results, key=lambda r: -(r[0][3] + r[0][4] + r[0][0]))[:8]: show(label, m)

if __name__ == '__main__':
    main()
