"""pypdf text extraction over PDFs (what LangChain's PyPDFLoader does). Prints "files pages bytes seconds chars cpu_seconds"."""
import os, sys, time
from pypdf import PdfReader

start = time.perf_counter()
cpu_start = time.process_time()
files = pages = size = chars = 0
for path in sys.argv[1:]:
    try:
        reader = PdfReader(path)
        for page in reader.pages:
            chars += len(page.extract_text() or "")
            pages += 1
        files += 1
        size += os.path.getsize(path)
    except Exception as error:  # a damaged file must not stop the benchmark
        print(f"{path}: {error}", file=sys.stderr)
print(files, pages, size, f"{time.perf_counter() - start:.4f}", chars, f"{time.process_time() - cpu_start:.4f}")
