// hepchain-pdftext: one poppler pass over a PDF that yields both outputs PDFLoader needs.
//
// `pdftotext -htmlmeta` (reading-order text) and `pdftotext -bbox-layout` (line and word boxes, the font-size
// signal for titles and headings) each parse the PDF and lay out every page. Both are views of the same
// TextPage: poppler's TextOutputDev lays a page out once (TextPage::coalesce), writes the reading-order text
// through its output function at the end of the page, and keeps the flows → blocks → lines → words it built
// until the next page starts. This program walks those flows right after each page, so one layout gives both.
//
// Output, byte for byte what the two pdftotext runs print (PDFLoader's parsers read either; a test holds the
// two equal on the corpus):
//   standard output   the `pdftotext -q -enc UTF-8 -htmlmeta -eol unix -l N` document;
//   -boxes FILE       the `pdftotext -q -bbox-layout -l M` document for pages 1…M.
//
// Usage: hepchain-pdftext [-l N] [-part K/P] [-boxes FILE] [-box-pages M] input.pdf
//   -part K/P   only the K-th of P equal page ranges of pages 1…N (K from 0), so P children can share a long
//               PDF; the head is printed by every part, pages keep their numbers (boxes up to page M).
//        hepchain-pdftext -check-number-format   (self-test of the number formatting, for the test suite)
// Exit status: 0 ok, 1 the PDF cannot be opened or parsed, 2 bad arguments or output, 3 encrypted.
// It runs sandboxed (prlimit, timeout) like pdftotext; it reads one file and writes only the files it is given.

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

#include <DateInfo.h>
#include <ErrorCodes.h>
#include <GlobalParams.h>
#include <PDFDoc.h>
#include <PDFDocEncoding.h>
#include <PDFDocFactory.h>
#include <TextOutputDev.h>
#include <UnicodeMap.h>
#include <goo/GooString.h>

namespace {

void writeToFile(void *stream, const char *text, int length)
{
    fwrite(text, 1, static_cast<size_t>(length), static_cast<FILE *>(stream));
}

// The five XML entities, as pdftotext escapes info strings and box words.
std::string escapeXML(const char *text, size_t length)
{
    std::string escaped;
    escaped.reserve(length);
    for (size_t index = 0; index < length; ++index) {
        switch (text[index]) {
        case '&': escaped += "&amp;"; break;
        case '\'': escaped += "&apos;"; break;
        case '"': escaped += "&quot;"; break;
        case '<': escaped += "&lt;"; break;
        case '>': escaped += "&gt;"; break;
        default: escaped += text[index];
        }
    }
    return escaped;
}

// An info-dictionary text string (UTF-16BE with a byte-order mark, else PDFDocEncoding), encoded with `map`.
void printInfoString(FILE *out, Dict *info, const char *key, const char *before, const char *after, const UnicodeMap *map)
{
    Object value = info->lookup(key);
    if (!value.isString()) {
        return;
    }
    const GooString *raw = value.getString();
    const bool utf16 = raw->getLength() >= 2 && (raw->getChar(0) & 0xff) == 0xfe && (raw->getChar(1) & 0xff) == 0xff;
    fputs(before, out);
    int index = utf16 ? 2 : 0;
    char buffer[9];
    while (index < raw->getLength()) {
        Unicode scalar;
        if (utf16) {
            if (index + 1 >= raw->getLength()) {
                break;
            }
            scalar = ((raw->getChar(index) & 0xff) << 8) | (raw->getChar(index + 1) & 0xff);
            index += 2;
        } else {
            scalar = pdfDocEncoding[raw->getChar(index) & 0xff];
            index += 1;
        }
        const int length = map->mapUnicode(scalar, buffer, sizeof(buffer) - 1);
        const std::string escaped = escapeXML(buffer, static_cast<size_t>(length));
        fputs(escaped.c_str(), out);
    }
    fputs(after, out);
}

// An info-dictionary date as ISO 8601 (`2015-03-27T00:20:13Z`, `…+01:30`), as pdftotext prints it.
void printInfoDate(FILE *out, Dict *info, const char *key, const char *before, const char *after)
{
    Object value = info->lookup(key);
    if (!value.isString()) {
        return;
    }
    int year, month, day, hour, minute, second, zoneHour, zoneMinute;
    char zone;
    if (!parseDateString(value.getString(), &year, &month, &day, &hour, &minute, &second, &zone, &zoneHour, &zoneMinute)) {
        return;
    }
    fputs(before, out);
    fprintf(out, "%04d-%02d-%02dT%02d:%02d:%02d", year, month, day, hour, minute, second);
    if (zoneHour == 0 && zoneMinute == 0) {
        fputs("Z", out);
    } else {
        fprintf(out, "%c%02d", zone, zoneHour);
        if (zoneMinute != 0) {
            fprintf(out, ":%02d", zoneMinute);
        }
    }
    fputs(after, out);
}

// The XHTML head both pdftotext modes print (title and info entries), then the body's opening tag.
void printHead(FILE *out, PDFDoc &document, const UnicodeMap *map, const char *bodyStart)
{
    fputs("<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Transitional//EN\" \"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd\">", out);
    fputs("<html xmlns=\"http://www.w3.org/1999/xhtml\">\n<head>\n", out);
    Object info = document.getDocInfo();
    if (info.isDict()) {
        Dict *dict = info.getDict();
        if (dict->lookup("Title").isString()) {
            printInfoString(out, dict, "Title", "<title>", "</title>\n", map);
        } else {
            fputs("<title></title>\n", out);
        }
        printInfoString(out, dict, "Subject", "<meta name=\"Subject\" content=\"", "\"/>\n", map);
        printInfoString(out, dict, "Keywords", "<meta name=\"Keywords\" content=\"", "\"/>\n", map);
        printInfoString(out, dict, "Author", "<meta name=\"Author\" content=\"", "\"/>\n", map);
        printInfoString(out, dict, "Creator", "<meta name=\"Creator\" content=\"", "\"/>\n", map);
        printInfoString(out, dict, "Producer", "<meta name=\"Producer\" content=\"", "\"/>\n", map);
        printInfoDate(out, dict, "CreationDate", "<meta name=\"CreationDate\" content=\"", "\"/>\n");
        printInfoDate(out, dict, "ModDate", "<meta name=\"ModDate\" content=\"", "\"/>\n");
    }
    fputs("</head>\n<body>\n", out);
    fputs(bodyStart, out);
}

// Appends `value` as printf's "%f" does (six decimals, correctly rounded), without printf: the boxes hold
// ~2 million numbers, and glibc's exact decimal conversion was a fifth of this program's time. The product
// `value × 10⁶` is off by at most half an ulp (~10⁻⁷ below 10⁹), so rounding it agrees with the exact
// rounding except next to a half-way point; there, and for huge or non-finite values, snprintf decides.
void appendFixed(std::string &out, double value)
{
    const double scaled = value * 1e6;
    const double magnitude = scaled < 0 ? -scaled : scaled;
    const double fraction = magnitude - static_cast<double>(static_cast<long long>(magnitude));
    if (!(magnitude < 1e15) || (fraction > 0.5 - 1e-6 && fraction < 0.5 + 1e-6)) {
        char buffer[512];
        snprintf(buffer, sizeof(buffer), "%f", value);
        out += buffer;
        return;
    }
    long long units = static_cast<long long>(magnitude + 0.5);
    if (std::signbit(value)) {
        out += '-';  // printf keeps the sign even when the value rounds to zero ("-0.000000")
    }
    char digits[32];
    int length = 0;
    for (int place = 0; place < 6; ++place) {
        digits[length++] = static_cast<char>('0' + units % 10);
        units /= 10;
    }
    digits[length++] = '.';
    do {
        digits[length++] = static_cast<char>('0' + units % 10);
        units /= 10;
    } while (units != 0);
    while (length > 0) {
        out += digits[--length];
    }
}

void appendBox(std::string &out, const char *open, double xMin, double yMin, double xMax, double yMax)
{
    out += open;
    out += " xMin=\"";
    appendFixed(out, xMin);
    out += "\" yMin=\"";
    appendFixed(out, yMin);
    out += "\" xMax=\"";
    appendFixed(out, xMax);
    out += "\" yMax=\"";
    appendFixed(out, yMax);
    out += "\">";
}

// One laid-out line, as `pdftotext -bbox-layout` prints it: the line box spans its words' boxes.
void printLine(std::string &out, const TextLine *line)
{
    double lineXMin = 0, lineYMin = 0, lineXMax = 0, lineYMax = 0;
    std::string words;
    for (const TextWord *word = line->getWords(); word; word = word->getNext()) {
        double xMin, yMin, xMax, yMax;
        word->getBBox(&xMin, &yMin, &xMax, &yMax);
        if (lineXMin == 0 || lineXMin > xMin) lineXMin = xMin;
        if (lineYMin == 0 || lineYMin > yMin) lineYMin = yMin;
        if (lineXMax < xMax) lineXMax = xMax;
        if (lineYMax < yMax) lineYMax = yMax;
        appendBox(words, "          <word", xMin, yMin, xMax, yMax);
        std::unique_ptr<GooString> text(word->getText());
        words += escapeXML(text->c_str(), static_cast<size_t>(text->getLength()));
        words += "</word>\n";
    }
    appendBox(out, "        <line", lineXMin, lineYMin, lineXMax, lineYMax);
    out += '\n';
    out += words;
    out += "        </line>\n";
}

void printFlows(FILE *out, const TextOutputDev &device)
{
    std::string text;
    for (const TextFlow *flow = device.getFlows(); flow; flow = flow->getNext()) {
        text += "    <flow>\n";
        for (const TextBlock *block = flow->getBlocks(); block; block = block->getNext()) {
            double xMin, yMin, xMax, yMax;
            block->getBBox(&xMin, &yMin, &xMax, &yMax);
            appendBox(text, "      <block", xMin, yMin, xMax, yMax);
            text += '\n';
            for (const TextLine *line = block->getLines(); line; line = line->getNext()) {
                printLine(text, line);
            }
            text += "      </block>\n";
        }
        text += "    </flow>\n";
    }
    fwrite(text.data(), 1, text.size(), out);
}

// `-check-number-format`: compares appendFixed with printf's "%f" on two million values of the kinds boxes
// hold (page coordinates, exact binary fractions that sit on a rounding half-way point, negatives, zeros).
int checkNumberFormat()
{
    unsigned long long state = 88172645463325252ull;
    auto next = [&state]() {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        return state;
    };
    char expected[512];
    for (int index = 0; index < 2000000; ++index) {
        double value;
        switch (index % 4) {
        case 0: value = static_cast<double>(next() % 2000000000ull) / 1e6 - 100; break;  // coordinates
        case 1: value = static_cast<double>(static_cast<long long>(next() % 400000ull) - 200000) / 128.0; break;  // halves
        case 2: value = static_cast<double>(next() >> 11) / static_cast<double>(1ull << 53) * 1e4; break;
        default: value = (index % 8 == 3 ? -1.0 : 1.0) * static_cast<double>(next() % 1000ull) * 1e-9; break;  // near zero
        }
        std::string actual;
        appendFixed(actual, value);
        snprintf(expected, sizeof(expected), "%f", value);
        if (actual != expected) {
            fprintf(stderr, "hepchain-pdftext: %.17g formats as %s, printf says %s\n", value, actual.c_str(), expected);
            return 1;
        }
    }
    return 0;
}

int usage()
{
    fputs("usage: hepchain-pdftext [-l LAST-PAGE] [-part K/P] [-boxes FILE] [-box-pages PAGES] input.pdf\n", stderr);
    return 2;
}

} // namespace

int main(int argc, char **argv)
{
    int lastPage = 0;
    int part = 0, parts = 1;
    int boxPages = -1;  // -1: every converted page
    const char *boxesPath = nullptr;
    const char *inputPath = nullptr;
    for (int index = 1; index < argc; ++index) {
        const std::string argument = argv[index];
        if (argument == "-l" && index + 1 < argc) {
            lastPage = atoi(argv[++index]);
        } else if (argument == "-part" && index + 1 < argc) {
            if (sscanf(argv[++index], "%d/%d", &part, &parts) != 2 || parts < 1 || part < 0 || part >= parts) {
                return usage();
            }
        } else if (argument == "-boxes" && index + 1 < argc) {
            boxesPath = argv[++index];
        } else if (argument == "-check-number-format") {
            return checkNumberFormat();
        } else if (argument == "-box-pages" && index + 1 < argc) {
            boxPages = atoi(argv[++index]);
        } else if (!argument.empty() && argument[0] == '-') {
            return usage();
        } else if (inputPath == nullptr) {
            inputPath = argv[index];
        } else {
            return usage();
        }
    }
    if (inputPath == nullptr) {
        return usage();
    }

    globalParams = std::make_unique<GlobalParams>();
    globalParams->setTextEncoding("UTF-8");
    globalParams->setErrQuiet(true);
    const UnicodeMap *map = globalParams->getTextEncoding();
    if (map == nullptr) {
        fputs("hepchain-pdftext: no UTF-8 text encoding in poppler's data\n", stderr);
        return 2;
    }

    std::unique_ptr<PDFDoc> document = PDFDocFactory().createPDFDoc(GooString(inputPath));
    if (!document || !document->isOk()) {
        const int code = document ? document->getErrorCode() : errOpenFile;
        if (code == errEncrypted) {
            fputs("hepchain-pdftext: encrypted: Incorrect password\n", stderr);
            return 3;
        }
        if (code == errOpenFile) {
            fprintf(stderr, "hepchain-pdftext: Couldn't open file '%s'\n", inputPath);
        } else {
            fprintf(stderr, "hepchain-pdftext: Couldn't parse the PDF (poppler error %d)\n", code);
        }
        return 1;
    }

    const int pageCount = document->getNumPages();
    const int total = lastPage < 1 || lastPage > pageCount ? pageCount : lastPage;
    // Part K of P covers pages (total·K/P, total·(K+1)/P]; the parts tile 1…total with no gap or overlap.
    const int first = static_cast<int>(static_cast<long long>(total) * part / parts) + 1;
    const int last = static_cast<int>(static_cast<long long>(total) * (part + 1) / parts);
    const int lastBoxPage = boxesPath == nullptr ? 0 : (boxPages < 0 || boxPages > total ? total : boxPages);

    FILE *boxes = nullptr;
    if (boxesPath != nullptr) {
        boxes = fopen(boxesPath, "wb");
        if (boxes == nullptr) {
            fprintf(stderr, "hepchain-pdftext: cannot write '%s'\n", boxesPath);
            return 2;
        }
        printHead(boxes, *document, map, "<doc>\n");
    }

    printHead(stdout, *document, map, "<pre>\n");
    // The same device settings as pdftotext's text mode: reading order (not physical layout, not raw order),
    // Unix line ends, a form feed after each page.
    TextOutputDev device(writeToFile, stdout, false, 0, false, false);
    if (!device.isOk()) {
        fputs("hepchain-pdftext: poppler's text device failed to start\n", stderr);
        return 2;
    }
    device.setTextEOL(eolUnix);
    device.setTextPageBreaks(true);
    for (int page = first; page <= last; ++page) {
        if (page <= lastBoxPage) {
            fprintf(boxes, "  <page width=\"%f\" height=\"%f\">\n", document->getPageMediaWidth(page), document->getPageMediaHeight(page));
        }
        document->displayPage(&device, page, 72, 72, 0, true, false, false);
        if (page <= lastBoxPage) {
            printFlows(boxes, device);
            fputs("  </page>\n", boxes);
        }
    }
    fputs("</pre>\n</body>\n</html>\n", stdout);

    int status = 0;
    if (boxes != nullptr) {
        fputs("</doc>\n</body>\n</html>\n", boxes);
        if (fclose(boxes) != 0) {
            fprintf(stderr, "hepchain-pdftext: cannot finish '%s'\n", boxesPath);
            status = 2;
        }
    }
    if (fflush(stdout) != 0 || ferror(stdout)) {
        status = 2;
    }
    return status;
}
