/* The libxml2 floor for `make bench-parse`: SAX2-parse each file with recovery on and count
 * elements and items, doing nothing else. Whatever feedsift does on top costs time above this. */
#include <libxml/xmlversion.h>
#include <libxml/parser.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static long elements, items;

static void start(void *ctx, const xmlChar *name, const xmlChar *prefix, const xmlChar *uri, int nns,
                  const xmlChar **ns, int nattr, int ndef, const xmlChar **attrs) {
    (void)ctx; (void)prefix; (void)uri; (void)nns; (void)ns; (void)nattr; (void)ndef; (void)attrs;
    elements++;
    if (strcmp((const char *)name, "item") == 0 || strcmp((const char *)name, "entry") == 0) items++;
}
static void serror(void *ctx, xmlErrorPtr e) { (void)ctx; (void)e; }

int main(int argc, char **argv) {
    xmlSAXHandler sax;
    memset(&sax, 0, sizeof sax);
    sax.initialized = XML_SAX2_MAGIC;
    sax.startElementNs = start;
    sax.serror = serror;
    long bytes = 0;
    for (int i = 1; i < argc; i++) {
        FILE *f = fopen(argv[i], "rb");
        if (!f) continue;
        fseek(f, 0, SEEK_END); long n = ftell(f); fseek(f, 0, SEEK_SET);
        char *buf = malloc(n + 1);
        if (fread(buf, 1, n, f) != (size_t)n) { fclose(f); free(buf); continue; }
        fclose(f);
        bytes += n;
        xmlParserCtxtPtr ctxt = xmlCreatePushParserCtxt(&sax, NULL, NULL, 0, argv[i]);
        xmlCtxtUseOptions(ctxt, XML_PARSE_RECOVER | XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
        for (long off = 0; off < n; off += 262144) {
            long len = n - off < 262144 ? n - off : 262144;
            xmlParseChunk(ctxt, buf + off, (int)len, off + len >= n);
        }
        if (n == 0) xmlParseChunk(ctxt, buf, 0, 1);
        xmlFreeParserCtxt(ctxt);
        free(buf);
    }
    printf("%ld bytes %ld elements %ld items\n", bytes, elements, items);
    return 0;
}
