/* In-process poppler-glib text extraction over PDFs: the alternative to the pdftotext subprocess that
 * PDFLoader uses. Prints "files pages bytes seconds". Build: see bench/ingest/ingest.sh. */
#include <poppler.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int main(int argc, char **argv) {
    struct timespec start, end;
    long pages = 0, bytes = 0, text = 0;
    int files = 0;
    clock_gettime(CLOCK_MONOTONIC, &start);
    for (int i = 1; i < argc; i++) {
        GError *error = NULL;
        gchar *uri = g_filename_to_uri(argv[i], NULL, &error);
        if (!uri) { g_clear_error(&error); continue; }
        PopplerDocument *document = poppler_document_new_from_file(uri, NULL, &error);
        g_free(uri);
        if (!document) { fprintf(stderr, "%s: %s\n", argv[i], error->message); g_clear_error(&error); continue; }
        int count = poppler_document_get_n_pages(document);
        for (int p = 0; p < count; p++) {
            PopplerPage *page = poppler_document_get_page(document, p);
            char *content = poppler_page_get_text(page);
            if (content) { text += (long)strlen(content); g_free(content); }
            g_object_unref(page);
        }
        FILE *file = fopen(argv[i], "rb");
        if (file) { fseek(file, 0, SEEK_END); bytes += ftell(file); fclose(file); }
        pages += count;
        files++;
        g_object_unref(document);
    }
    clock_gettime(CLOCK_MONOTONIC, &end);
    double seconds = (end.tv_sec - start.tv_sec) + (end.tv_nsec - start.tv_nsec) / 1e9;
    printf("%d %ld %ld %.4f %ld\n", files, pages, bytes, seconds, text);
    return 0;
}
