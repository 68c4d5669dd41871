#!/usr/bin/env python3
"""Renders HepChain's sample corpus (corpora/) and its question set (eval/corpus.jsonl).

All texts (scripts/corpus-text/) were written for HepChain. The explainers state real physics facts; the arXiv abs page
and the Atom feed describe sample records that do not exist and say so. Run through
scripts/render_corpus.sh, which prepares a throwaway venv with reportlab and checks the fonts; see
docs/corpus.md. Output is deterministic (reportlab's invariant mode), so re-running without text
changes leaves git clean.
"""

from __future__ import annotations

import html
import json
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ROOT / "corpora"
EVAL = ROOT / "eval" / "corpus.jsonl"
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
SAMPLE_NOTE = "HepChain sample corpus · written for the HepChain test suite"

# MARK: - Texts
#
# The texts live in scripts/corpus-text/. A PDF explainer (<name>.json) is a dict: file, title, header (running
# header text), subject, layout (one-column or two-column), abstract, and sections. A section is [numbered
# heading, [blocks]]; a block is a paragraph string, ["eq", text] for a displayed formula, or ["table", [header
# row, rows...]]. Text is plain Unicode; it is XML-escaped before rendering. The hand-written HTML pages and the
# Markdown file are not rendered: they live only in corpora/ (html/jet-tagging.html, html/besiii-zh.html,
# html/juno-zh-gb18030.html in GB18030, text/hep-units-cheatsheet.md); edit them there. arxiv-records.json holds
# the sample records behind the abs page and the Atom feed; questions.json the question set; file-notes.json the
# README's table.

TEXTS = Path(__file__).resolve().parent / "corpus-text"


def load_json(name: str):
    return json.loads((TEXTS / name).read_text(encoding="utf-8"))


PDF_DOCUMENTS = [load_json(f"{name}.json") for name in ("besiii", "jpsi", "neutrino-oscillation", "calorimetry")]
_ARXIV = load_json("arxiv-records.json")
SAMPLE_RECORDS, CATEGORY_NAMES = _ARXIV["records"], _ARXIV["categories"]
_QUESTIONS = load_json("questions.json")
# (question, [(file, anchor)], [facts]): each anchor is a phrase on the page that answers the question; the page
# number is found by searching the rendered file, so edits to the texts cannot leave stale page numbers behind.
# Non-PDF files are single-page documents (page 1).
QUESTIONS = [(q["question"], q["sources"], q["facts"]) for q in _QUESTIONS["answerable"]]
UNANSWERABLE = _QUESTIONS["unanswerable"]
FILE_NOTES = {file: (note["format"], note["tests"]) for file, note in load_json("file-notes.json").items()}


# MARK: - PDF rendering


def register_fonts() -> None:
    """Registers DejaVu (Debian fonts-dejavu-core), which covers Greek and the maths symbols used here."""
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    faces = {
        "Serif": "DejaVuSerif.ttf",
        "Serif-Bold": "DejaVuSerif-Bold.ttf",
        "Serif-Italic": "DejaVuSerif-Italic.ttf",
        "Serif-BoldItalic": "DejaVuSerif-BoldItalic.ttf",
        "Sans": "DejaVuSans.ttf",
        "Sans-Bold": "DejaVuSans-Bold.ttf",
    }
    for name, file in faces.items():
        path = FONT_DIR / file
        if not path.exists():
            sys.exit(f"render_corpus: missing font {path}; install it with 'apt-get install fonts-dejavu-core fonts-dejavu-extra'")
        pdfmetrics.registerFont(TTFont(name, str(path)))
    addMapping("Serif", 0, 0, "Serif")
    addMapping("Serif", 1, 0, "Serif-Bold")
    addMapping("Serif", 0, 1, "Serif-Italic")
    addMapping("Serif", 1, 1, "Serif-BoldItalic")


def render_pdf(document: dict, out: Path) -> None:
    """Renders one explainer: title block, abstract, numbered sections, running header and page numbers."""
    from reportlab import rl_config
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import cm
    from reportlab.platypus import (BaseDocTemplate, CondPageBreak, Frame, FrameBreak, KeepTogether, NextPageTemplate,
                                    PageTemplate, Paragraph, Spacer, Table, TableStyle)

    rl_config.invariant = 1  # fixed dates and IDs, so re-rendering unchanged text gives identical bytes
    two_columns = document["layout"] == "two-column"
    size = 10 if two_columns else 11
    # Two columns set like a journal (justified, indented paragraphs, no gap between them): poppler then
    # reads column by column; with spaced, ragged paragraphs it interleaves the two columns block by block.
    body = ParagraphStyle("body", fontName="Serif", fontSize=size, leading=size * 1.38, alignment=TA_JUSTIFY,
                          firstLineIndent=size if two_columns else 0, spaceAfter=0 if two_columns else size * 0.55)
    heading1 = ParagraphStyle("h1", parent=body, fontName="Serif-Bold", fontSize=size + 2.5, leading=(size + 2.5) * 1.3,
                              spaceBefore=size * 0.9, spaceAfter=size * 0.45, alignment=TA_LEFT)
    heading2 = ParagraphStyle("h2", parent=heading1, fontSize=size + 1, leading=(size + 1) * 1.3, spaceBefore=size * 0.6)
    title = ParagraphStyle("title", parent=body, fontName="Serif-Bold", fontSize=19, leading=24, alignment=TA_CENTER,
                           spaceAfter=6)
    note = ParagraphStyle("note", parent=body, fontName="Sans", fontSize=9, leading=12, alignment=TA_CENTER,
                          textColor=colors.HexColor("#555555"), spaceAfter=12)
    abstract = ParagraphStyle("abstract", parent=body, fontSize=size - 0.5, leading=(size - 0.5) * 1.38,
                              leftIndent=1.2 * cm, rightIndent=1.2 * cm, spaceAfter=14)
    equation = ParagraphStyle("eq", parent=body, alignment=TA_CENTER, spaceBefore=2, spaceAfter=size * 0.8)
    cell = ParagraphStyle("cell", parent=body, fontSize=size - 1.5, leading=(size - 1.5) * 1.3, alignment=0, spaceAfter=0)
    cell_head = ParagraphStyle("cellhead", parent=cell, fontName="Serif-Bold")

    page_width, page_height = A4
    margin_x, margin_top, margin_bottom = 2.3 * cm, 2.6 * cm, 2.3 * cm
    frame_width = page_width - 2 * margin_x
    frame_height = page_height - margin_top - margin_bottom
    gutter = 0.8 * cm

    def decorate(canvas, doc) -> None:
        canvas.saveState()
        canvas.setFont("Sans", 8.5)
        canvas.setFillColor(colors.HexColor("#444444"))
        top = page_height - 1.5 * cm
        canvas.drawString(margin_x, top, document["header"])
        canvas.setStrokeColor(colors.HexColor("#999999"))
        canvas.setLineWidth(0.5)
        canvas.line(margin_x, top - 4, page_width - margin_x, top - 4)
        if two_columns:
            # A centred footer spans the gutter, and poppler then interleaves the two columns.
            canvas.drawRightString(page_width - margin_x, 1.3 * cm, f"Page {doc.page}")
        else:
            canvas.drawCentredString(page_width / 2, 1.3 * cm, f"Page {doc.page}")
        canvas.restoreState()

    def escape(text: str) -> str:
        return html.escape(text, quote=False)

    story = [Paragraph(escape(document["title"]), title), Paragraph(escape(SAMPLE_NOTE), note),
             Paragraph("<b>Abstract.</b> " + escape(document["abstract"]), abstract)]
    if two_columns:
        # Page 1: full-width title block, then two columns; later pages: two columns.
        title_height = 6.3 * cm
        column_width = (frame_width - gutter) / 2
        # The right column starts a hair lower: poppler reads the block whose top is higher first, and a
        # heading's first baseline in the left column can sit below a plain line in the right one.
        lower_right = 3
        first = [Frame(margin_x, page_height - margin_top - title_height, frame_width, title_height, id="title"),
                 Frame(margin_x, margin_bottom, column_width, frame_height - title_height, id="left1"),
                 Frame(margin_x + column_width + gutter, margin_bottom, column_width,
                       frame_height - title_height - lower_right, id="right1")]
        later = [Frame(margin_x, margin_bottom, column_width, frame_height, id="left"),
                 Frame(margin_x + column_width + gutter, margin_bottom, column_width, frame_height - lower_right,
                       id="right")]
        templates = [PageTemplate("first", first, onPage=decorate), PageTemplate("later", later, onPage=decorate)]
        story += [NextPageTemplate("later"), FrameBreak()]
    else:
        templates = [PageTemplate("single", [Frame(margin_x, margin_bottom, frame_width, frame_height)],
                                  onPage=decorate)]
        column_width = frame_width

    for heading, blocks in document["sections"]:
        is_subsection = "." in heading.split(" ", 1)[0]
        # A heading moves to the next column or page unless a few lines of its text fit after it.
        story += [CondPageBreak(size * 7), Paragraph(escape(heading), heading2 if is_subsection else heading1)]
        for block in blocks:
            if isinstance(block, str):
                story.append(Paragraph(escape(block), body))
            elif block[0] == "eq":
                story.append(Paragraph(escape(block[1]), equation))
            elif block[0] == "table":
                rows = [[Paragraph(escape(value), cell_head if index == 0 else cell) for value in row]
                        for index, row in enumerate(block[1])]
                table = Table(rows, colWidths=[column_width / len(rows[0])] * len(rows[0]), hAlign="CENTER")
                table.setStyle(TableStyle([
                    ("LINEABOVE", (0, 0), (-1, 0), 0.8, colors.black),
                    ("LINEBELOW", (0, 0), (-1, 0), 0.5, colors.black),
                    ("LINEBELOW", (0, -1), (-1, -1), 0.8, colors.black),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("TOPPADDING", (0, 0), (-1, -1), 2),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                ]))
                story += [Spacer(1, 4), KeepTogether(table), Spacer(1, 10)]
            else:
                raise ValueError(f"unknown block {block[0]!r} in {document['file']}")

    out.parent.mkdir(parents=True, exist_ok=True)
    doc = BaseDocTemplate(str(out), pagesize=A4, pageTemplates=templates, title=document["title"],
                          author="HepChain project (sample corpus)", subject=document["subject"],
                          creator="scripts/render_corpus.py", producer="ReportLab", lang="en")
    doc.build(story)


# MARK: - arXiv-style pages (sample records: these papers do not exist)


def arxiv_abs_page(record: dict) -> str:
    """An abs page shaped like arxiv.org/abs: citation_* meta tags, header, abstract, submission history."""
    identifier = record["id"]
    versioned = f"{identifier}v{record['version']}"
    date = record["published"][:10].replace("-", "/")
    authors_meta = "\n".join(f'<meta name="citation_author" content="{html.escape(last)}, {html.escape(first)}" />'
                             for first, last, _ in record["authors"])
    authors_links = ", ".join(f'<a href="https://arxiv.org/search/?searchtype=author&amp;query={last},+{first[0]}">'
                              f"{html.escape(first)} {html.escape(last)}</a>" for first, last, _ in record["authors"])
    subjects = "; ".join(f"{name} ({code})" for code, name in [(c, CATEGORY_NAMES[c]) for c in record["categories"]])
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<title>[{identifier}] {html.escape(record["title"])}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" type="text/css" media="screen" href="/static/browse/0.3.4/css/arXiv.css" />
<meta property="og:type" content="website" />
<meta property="og:site_name" content="arXiv.org" />
<meta property="og:title" content="{html.escape(record["title"])}" />
<meta property="og:url" content="https://arxiv.org/abs/{versioned}" />
<meta name="citation_title" content="{html.escape(record["title"])}" />
{authors_meta}
<meta name="citation_date" content="{date}" />
<meta name="citation_online_date" content="{date}" />
<meta name="citation_pdf_url" content="https://arxiv.org/pdf/{versioned}" />
<meta name="citation_arxiv_id" content="{identifier}" />
<meta name="citation_abstract" content="{html.escape(record["abstract"])}" />
<script src="/static/browse/0.3.4/js/mathjaxToggle.min.js" type="text/javascript"></script>
<script type="text/javascript">
  var sampleNotice = "HepChain sample page: this record is not on arXiv.";
</script>
</head>
<body class="with-cu-identity">
<div class="flex-wrap-footer">
<header>
  <a href="#content" class="is-sr-only">Skip to main content</a>
  <div id="cu-identity"><div id="support-ack"><a href="https://info.arxiv.org/about/ourmembers.html">We gratefully acknowledge support from the Simons Foundation, member institutions, and all contributors.</a> <a href="https://info.arxiv.org/about/donate.html" class="btn-header-donate">Donate</a></div></div>
  <div id="header" class="is-hidden-mobile">
    <a aria-hidden="true" tabindex="-1" href="/IgnoreMe"></a>
    <div class="header-breadcrumbs"><a href="/">arxiv logo</a> &gt; <a href="/list/{record["primary"]}/recent">{record["primary"]}</a> &gt; arXiv:{identifier}</div>
    <div class="search-block level-right">
      <form class="level-item mini-search" method="GET" action="https://arxiv.org/search">
        <input class="input is-small" type="text" name="query" placeholder="Search..." aria-label="Search term or terms" />
        <select class="is-small" id="searchtype" name="searchtype"><option value="all" selected="selected">All fields</option><option value="title">Title</option><option value="author">Author</option><option value="abstract">Abstract</option></select>
        <button class="button is-small is-cul-darker">Search</button>
      </form>
    </div>
  </div>
</header>
<main>
<div id="content">
<div id="abs-outer">
<div class="leftcolumn">
  <div class="subheader"><h1>{CATEGORY_NAMES[record["primary"]]}</h1></div>
  <div class="header-breadcrumbs-mobile"><strong>arXiv:{identifier}</strong> ({record["primary"]})</div>
  <div id="content-inner">
  <div id="abs">
    <div class="dateline">[Submitted on {record["published"][:10]} (v1), last revised {record["updated"][:10]} (this version, v{record["version"]})]</div>
    <h1 class="title mathjax"><span class="descriptor">Title:</span>{html.escape(record["title"])}</h1>
    <div class="authors"><span class="descriptor">Authors:</span>{authors_links}</div>
    <div class="sample-notice"><p><strong>HepChain sample:</strong> this page imitates an arXiv abstract page for testing. The paper, its authors and its identifier are invented.</p></div>
    <blockquote class="abstract mathjax"><span class="descriptor">Abstract:</span>{html.escape(record["abstract"])}</blockquote>
    <div class="metatable">
      <table summary="Additional metadata">
        <tr><td class="tablecell label">Comments:</td><td class="tablecell comments mathjax">{html.escape(record["comment"])}</td></tr>
        <tr><td class="tablecell label">Subjects:</td><td class="tablecell subjects"><span class="primary-subject">{subjects}</span></td></tr>
        <tr><td class="tablecell label">Cite as:</td><td class="tablecell arxivid"><span class="arxivid"><a href="https://arxiv.org/abs/{identifier}">arXiv:{identifier}</a> [{record["primary"]}]</span></td></tr>
      </table>
    </div>
  </div>
  </div>
  <div class="submission-history">
    <h2>Submission history</h2> From: {html.escape(record["authors"][0][0])} {html.escape(record["authors"][0][1])} [<a href="/show-email/00000000/{identifier}">view email</a>]<br/>
    <strong>[v1]</strong> {record["published"][:10]} (12 KB)<br/>
  </div>
</div>
<div class="extra-services">
  <div class="full-text"><h2>Access Paper:</h2><ul><li><a href="/pdf/{versioned}" class="abs-button download-pdf">View PDF</a></li><li><a href="/format/{identifier}" class="abs-button download-format">Other Formats</a></li></ul></div>
  <div class="browse">Current browse context: <div class="current">{record["primary"]}</div><div class="prevnext"><a href="/prevnext?id={identifier}&amp;function=prev">&lt;&nbsp;prev</a> | <a href="/prevnext?id={identifier}&amp;function=next">next&nbsp;&gt;</a></div></div>
  <div class="extra-ref-cite"><h3>References &amp; Citations</h3><ul><li><a class="abs-button abs-button-small cite-ads" href="#">NASA ADS</a></li><li><a class="abs-button abs-button-small cite-google-scholar" href="#">Google Scholar</a></li><li><a class="abs-button abs-button-small cite-semantic-scholar" href="#">Semantic Scholar</a></li></ul></div>
  <div class="bookmarks"><h3>Bookmark</h3><a href="#" title="Bookmark on BibSonomy">BibSonomy</a> <a href="#" title="Bookmark on Reddit">Reddit</a></div>
</div>
</div>
</div>
</main>
<footer style="clear: both;">
  <div class="columns is-desktop" role="navigation" aria-label="Secondary">
    <ul><li><a href="https://info.arxiv.org/about">About</a></li><li><a href="https://info.arxiv.org/help">Help</a></li><li><a href="https://info.arxiv.org/help/contact.html">Contact</a></li><li><a href="https://info.arxiv.org/help/subscribe">Subscribe</a></li></ul>
    <ul><li><a href="https://info.arxiv.org/help/license/index.html">Copyright</a></li><li><a href="https://info.arxiv.org/help/policies/privacy_policy.html">Privacy Policy</a></li><li><a href="https://info.arxiv.org/help/web_accessibility.html">Web Accessibility Assistance</a></li></ul>
  </div>
</footer>
</div>
<script src="/static/browse/0.3.4/js/member_acknowledgement.js"></script>
</body>
</html>
"""


def arxiv_atom_feed(records: list[dict]) -> str:
    """An arXiv API response (export.arxiv.org/api/query) in Atom 1.0 with OpenSearch counts."""
    query = "search_query=all:hepchain_sample&id_list=&start=0&max_results=10"
    entries = []
    for record in records:
        versioned = f"{record['id']}v{record['version']}"
        authors = "\n".join(
            f"    <author>\n      <name>{html.escape(first)} {html.escape(last)}</name>\n"
            f'      <arxiv:affiliation xmlns:arxiv="http://arxiv.org/schemas/atom">{html.escape(place)}</arxiv:affiliation>\n'
            f"    </author>" for first, last, place in record["authors"])
        categories = "\n".join(f'    <category term="{c}" scheme="http://arxiv.org/schemas/atom"/>'
                               for c in record["categories"])
        journal = (f'\n    <arxiv:journal_ref xmlns:arxiv="http://arxiv.org/schemas/atom">{html.escape(record["journal_ref"])}</arxiv:journal_ref>'
                   if record["journal_ref"] else "")
        entries.append(f"""  <entry>
    <id>http://arxiv.org/abs/{versioned}</id>
    <updated>{record["updated"]}</updated>
    <published>{record["published"]}</published>
    <title>{html.escape(record["title"])}</title>
    <summary>  {html.escape(record["abstract"])}
</summary>
{authors}
    <arxiv:comment xmlns:arxiv="http://arxiv.org/schemas/atom">{html.escape(record["comment"])}</arxiv:comment>{journal}
    <link href="http://arxiv.org/abs/{versioned}" rel="alternate" type="text/html"/>
    <link title="pdf" href="http://arxiv.org/pdf/{versioned}" rel="related" type="application/pdf"/>
    <arxiv:primary_category xmlns:arxiv="http://arxiv.org/schemas/atom" term="{record["primary"]}" scheme="http://arxiv.org/schemas/atom"/>
{categories}
  </entry>""")
    body = "\n".join(entries)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<!-- HepChain sample: an arXiv API response written for testing. The three records are invented. -->
<feed xmlns="http://www.w3.org/2005/Atom">
  <link href="http://arxiv.org/api/query?{html.escape(query)}" rel="self" type="application/atom+xml"/>
  <title type="html">ArXiv Query: {html.escape(query)}</title>
  <id>http://arxiv.org/api/hepchain-sample-query</id>
  <updated>2025-03-21T00:00:00-04:00</updated>
  <opensearch:totalResults xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">{len(records)}</opensearch:totalResults>
  <opensearch:startIndex xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">0</opensearch:startIndex>
  <opensearch:itemsPerPage xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">10</opensearch:itemsPerPage>
{body}
</feed>
"""


# MARK: - Files written besides the PDFs


def text_files() -> dict[str, bytes]:
    """The generated non-PDF corpus files, as the bytes to write (the hand-written pages are not generated)."""
    files = {
        "html/arxiv-abs-2501.99901.html": arxiv_abs_page(SAMPLE_RECORDS[0]).encode("utf-8"),
        "atom/arxiv-api-query.xml": arxiv_atom_feed(SAMPLE_RECORDS).encode("utf-8"),
    }
    return files


# MARK: - Checks and main


def normalized(text: str) -> str:
    """Text as compared by the checks: NFC, one space for any whitespace run."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


def pdf_pages(path: Path) -> list[str]:
    """The text layer of each page, as poppler's pdftotext reads it."""
    count = int(re.search(r"Pages:\s+(\d+)", subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True,
                                                            text=True).stdout).group(1))
    return [subprocess.run(["pdftotext", "-f", str(n), "-l", str(n), "-enc", "UTF-8", str(path), "-"], check=True,
                           capture_output=True, text=True).stdout for n in range(1, count + 1)]


def markup_text(raw: bytes, encoding: str) -> str:
    """Visible-ish text of an HTML or XML file: tags dropped, entities decoded (good enough for checks)."""
    text = raw.decode(encoding)
    text = re.sub(r"<(script|style)\b.*?</\1>", " ", text, flags=re.S | re.I)
    text = re.sub(r"<[^>]+>", " ", text)
    return html.unescape(text)


def page_texts() -> dict[str, list[str]]:
    """Normalised page texts of every corpus file; non-PDF files are one page."""
    pages: dict[str, list[str]] = {}
    for path in sorted(CORPORA.rglob("*")):
        relative = path.relative_to(CORPORA).as_posix()
        if path.is_dir() or relative == "README.md":
            continue
        if path.suffix == ".pdf":
            pages[relative] = [normalized(page) for page in pdf_pages(path)]
        elif path.suffix in (".html", ".xml"):
            encoding = "gb18030" if "gb18030" in path.name else "utf-8"
            pages[relative] = [normalized(markup_text(path.read_bytes(), encoding))]
        else:
            pages[relative] = [normalized(path.read_text(encoding="utf-8"))]
    return pages


def build_questions(pages: dict[str, list[str]]) -> list[dict]:
    """Resolves every anchor to its page and checks that each fact is in at least one expected source."""
    rows = []
    for question, sources, facts in QUESTIONS:
        expected = []
        for file, anchor in sources:
            hits = [number for number, text in enumerate(pages[file], start=1) if normalized(anchor) in text]
            if not hits:
                sys.exit(f"render_corpus: anchor {anchor!r} not found in {file} (question {question!r})")
            entry = {"file": f"corpora/{file}", "page": hits[0]}
            if entry not in expected:
                expected.append(entry)
        for fact in facts:
            if not any(normalized(fact) in pages[e["file"].removeprefix("corpora/")][e["page"] - 1] for e in expected):
                sys.exit(f"render_corpus: fact {fact!r} of {question!r} is on none of its expected pages")
        rows.append({"question": question, "expected": expected, "answerable": True, "facts": facts})
    rows += [{"question": question, "expected": [], "answerable": False, "facts": []} for question in UNANSWERABLE]
    return rows


def check_pdfs(pages: dict[str, list[str]]) -> None:
    """The properties the ingester tests rely on: page count, running header, page numbers, symbols."""
    symbols = {"pdf/besiii.pdf": "ψ±", "pdf/jpsi.pdf": "ψ±", "pdf/neutrino-oscillation.pdf": "θν±", "pdf/calorimetry.pdf": "√⊕±"}
    for document in PDF_DOCUMENTS:
        file, texts = document["file"], pages[document["file"]]
        if len(texts) < 3:
            sys.exit(f"render_corpus: {file} has {len(texts)} pages; the corpus needs at least 3")
        for number, text in enumerate(texts, start=1):
            if normalized(document["header"]) not in text or f"Page {number}" not in text:
                sys.exit(f"render_corpus: {file} page {number} lacks its running header or page number")
        check_reading_order(document)
        missing = [symbol for symbol in symbols[file] if symbol not in " ".join(texts)]
        if missing:
            sys.exit(f"render_corpus: pdftotext lost {missing} in {file}")


def check_reading_order(document: dict) -> None:
    """Every heading, paragraph, formula and table starts later in pdftotext's output than the one before it."""
    text = normalized(subprocess.run(["pdftotext", "-enc", "UTF-8", str(CORPORA / document["file"]), "-"], check=True,
                                     capture_output=True, text=True).stdout)
    position = -1
    for heading, blocks in document["sections"]:
        for item in [heading] + [block if isinstance(block, str) else block[1] if block[0] == "eq" else block[1][0][0]
                                 for block in blocks]:
            start = normalized(item)[:25]
            found = text.find(start, position + 1)
            if found < 0:
                sys.exit(f"render_corpus: {document['file']}: {start!r} is out of reading order in pdftotext output")
            position = found


def check_encodings() -> None:
    """The GB18030 page must not be valid UTF-8, or it would not test charset detection."""
    raw = (CORPORA / "html/juno-zh-gb18030.html").read_bytes()
    try:
        raw.decode("utf-8")
        sys.exit("render_corpus: the GB18030 page decodes as UTF-8; it tests nothing")
    except UnicodeDecodeError:
        pass
    if b'<meta charset="gb18030">' not in raw[:1024]:
        sys.exit("render_corpus: the GB18030 page must declare its charset in its first 1024 bytes")


def word_count(document: dict) -> int:
    """Words of the explainer body (abstract and sections, tables included)."""
    words = len(document["abstract"].split())
    for heading, blocks in document["sections"]:
        for block in blocks:
            if isinstance(block, str):
                words += len(block.split())
            elif block[0] == "eq":
                words += len(block[1].split())
            else:
                words += sum(len(value.split()) for row in block[1] for value in row)
    return words


def readme(pages: dict[str, list[str]], rows: list[dict]) -> str:
    """corpora/README.md: every file, its format, what it tests, and where the question set points."""
    by_page: dict[tuple[str, int], list[int]] = {}
    for number, row in enumerate(rows, start=1):
        for entry in row["expected"]:
            by_page.setdefault((entry["file"].removeprefix("corpora/"), entry["page"]), []).append(number)
    lines = [
        "# Sample corpus",
        "",
        "Written by the HepChain project for its tests and demo: the explainers are our own words about real",
        "physics; the arXiv abs page and the Atom feed describe invented sample records and say so. Everything here",
        "is generated by `scripts/render_corpus.sh` (see `docs/corpus.md`); edit the script, not these files.",
        "",
        "The questions over this corpus are in `eval/corpus.jsonl` (one JSON object per line: question, expected",
        "file and page, whether it is answerable, and short facts a correct answer contains). Question numbers",
        "below are line numbers in that file. This README deliberately names topics, not the answers, so that",
        "indexing `corpora/` with it does not hand the answers to the retriever.",
        "",
        "| File | Format | What it tests |",
        "|---|---|---|",
    ]
    for file, (form, tests) in FILE_NOTES.items():
        lines.append(f"| `{file}` | {form} | {tests} |")
    lines += ["", "## Where the facts are", ""]
    for file in FILE_NOTES:
        lines.append(f"### `{file}`")
        lines.append("")
        document = next((d for d in PDF_DOCUMENTS if d["file"] == file), None)
        if document:
            for number, text in enumerate(pages[file], start=1):
                headings = [heading for heading, _ in document["sections"] if normalized(heading) in text]
                questions = ", ".join(f"#{q}" for q in by_page.get((file, number), [])) or "none"
                lines.append(f"- page {number}: {'; '.join(headings) or 'continued text'}. Questions: {questions}.")
        else:
            questions = ", ".join(f"#{q}" for q in by_page.get((file, 1), [])) or "none"
            lines.append(f"- single page (page 1). Questions: {questions}.")
        lines.append("")
    unanswerable = ", ".join(f"#{n}" for n, row in enumerate(rows, start=1) if not row["answerable"])
    lines += [f"Questions {unanswerable} have no answer in the corpus (`\"answerable\": false`).", ""]
    return "\n".join(lines)


def main() -> None:
    register_fonts()
    for document in PDF_DOCUMENTS:
        render_pdf(document, CORPORA / document["file"])
    for relative, data in text_files().items():
        path = CORPORA / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    pages = page_texts()
    check_pdfs(pages)
    check_encodings()
    rows = build_questions(pages)
    EVAL.parent.mkdir(parents=True, exist_ok=True)
    EVAL.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8")
    (CORPORA / "README.md").write_text(readme(pages, rows), encoding="utf-8")
    total = sum(path.stat().st_size for path in CORPORA.rglob("*") if path.is_file())
    if total > 2_000_000:
        sys.exit(f"render_corpus: corpora/ is {total} bytes; keep it under 2 MB")
    for document in PDF_DOCUMENTS:
        print(f"{document['file']}: {len(pages[document['file']])} pages, {word_count(document)} words")
    print(f"{len(rows)} questions ({sum(not row['answerable'] for row in rows)} unanswerable) -> {EVAL.relative_to(ROOT)}")
    print(f"corpora/: {total} bytes")


if __name__ == "__main__":
    main()
