/* The floor for `make bench-classify`: the least work any classifier of these topics must do.
 *
 * usage: classifyfloor TERMS TEXT...
 * TERMS holds one term a line, `topic kind word [word2]` (bench/classify_setup.py writes it):
 * kind `word` (the word), `prefix` (a word that starts with it), `phrase` (the two words in a row).
 * Each TEXT holds one item a line, plain text already (the texts grep reads). For every item the
 * floor finds its words (runs of ASCII letters and digits, and bytes that are not ASCII), lowers
 * ASCII capitals, looks each word up in one hash table of all the terms (and its first 4 and 5
 * bytes as prefixes), and sets a bit for each topic a term of which occurs. It prints the items
 * and how many (item, topic) pairs matched.
 *
 * What it leaves out, and feedsift does: HTML to plain text, Unicode folding (NFKC, case, accents),
 * words with apostrophes and hyphens, capitals-only terms, fields, hits (the words matched, each
 * once), verdicts with their reasons, and JSON. Whatever feedsift does on top costs time above
 * this. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { WORD, PREFIX, PHRASE };
#define SLOTS 8192 /* a power of two, well above the number of keys */
#define MAXWORD 64

struct term { int topic, kind, secondLen; unsigned char second[MAXWORD]; struct term *next; };
struct slot { unsigned char key[MAXWORD]; int len; struct term *terms; };
static struct slot table[SLOTS];
/* A byte's lower-case form when it belongs to a word (ASCII letters and digits, bytes that are
 * not ASCII), else 0. */
static unsigned char lower[256];
/* Bit h of the first 4 bytes of every prefix term: words whose first 4 bytes miss it look up no prefix. */
static uint64_t prefixFilter[64];

/* A hash of a word from 8-byte loads (the word buffer has room past its end, zeroed). */
static uint64_t hash(const unsigned char *p, int n) {
    uint64_t h = (uint64_t)n * 0x9E3779B97F4A7C15ULL;
    for (int k = 0; k < n; k += 8) {
        uint64_t v;
        memcpy(&v, p + k, 8);
        if (n - k < 8) v &= ~0ULL >> (64 - 8 * (n - k));
        h = (h ^ v) * 0xFF51AFD7ED558CCDULL;
        h ^= h >> 32;
    }
    return h;
}

static struct slot *find(const unsigned char *p, int n, int insert) {
    uint64_t h = hash(p, n);
    for (uint64_t k = h & (SLOTS - 1);; k = (k + 1) & (SLOTS - 1)) {
        struct slot *s = &table[k];
        if (s->len == 0) {
            if (!insert) return NULL;
            memcpy(s->key, p, n);
            s->len = n;
            return s;
        }
        if (s->len == n && memcmp(s->key, p, n) == 0) return s;
    }
}

static unsigned filterBit(const unsigned char *p) {
    uint32_t v;
    memcpy(&v, p, 4);
    return (v * 0x9E3779B1u) >> 20;
}

int main(int argc, char **argv) {
    if (argc < 3) { fprintf(stderr, "usage: classifyfloor TERMS TEXT...\n"); return 2; }
    for (int c = 0; c < 256; c++) {
        lower[c] = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80 ? c : c >= 'A' && c <= 'Z' ? c | 0x20 : 0;
    }
    FILE *tf = fopen(argv[1], "r");
    if (!tf) { perror(argv[1]); return 1; }
    char line[512], kind[16], w1[MAXWORD], w2[MAXWORD];
    int topics = 0;
    while (fgets(line, sizeof line, tf)) {
        int topic;
        w2[0] = 0;
        if (sscanf(line, "%d %15s %63s %63s", &topic, kind, w1, w2) < 3) continue;
        struct term *t = calloc(1, sizeof *t);
        t->topic = topic;
        t->kind = strcmp(kind, "prefix") == 0 ? PREFIX : strcmp(kind, "phrase") == 0 ? PHRASE : WORD;
        t->secondLen = (int)strlen(w2);
        memcpy(t->second, w2, t->secondLen);
        unsigned char key[MAXWORD + 8] = {0};
        memcpy(key, w1, strlen(w1));
        struct slot *s = find(key, (int)strlen(w1), 1);
        t->next = s->terms;
        s->terms = t;
        if (t->kind == PREFIX && strlen(w1) >= 4) { unsigned b = filterBit(key); prefixFilter[b >> 6] |= 1ULL << (b & 63); }
        if (topic + 1 > topics) topics = topic + 1;
    }
    fclose(tf);
    if (topics > 64) { fprintf(stderr, "classifyfloor: at most 64 topics\n"); return 1; }
    long items = 0, matches = 0;
    for (int a = 2; a < argc; a++) {
        FILE *f = fopen(argv[a], "rb");
        if (!f) { perror(argv[a]); return 1; }
        fseek(f, 0, SEEK_END);
        long n = ftell(f);
        fseek(f, 0, SEEK_SET);
        unsigned char *buf = malloc(n + 1);
        if (fread(buf, 1, n, f) != (size_t)n) { perror(argv[a]); return 1; }
        fclose(f);
        buf[n] = '\n';
        uint64_t matched = 0;
        /* The terms of the word before (its phrases wait for their second word). */
        struct term *pending = NULL;
        unsigned char word[MAXWORD + 8];
        long i = 0;
        while (i < n) {
            unsigned char c = buf[i];
            if (c == '\n') {
                items++;
                matches += __builtin_popcountll(matched);
                matched = 0;
                pending = NULL;
                i++;
                continue;
            }
            if (!lower[c]) { i++; continue; }
            int len = 0;
            unsigned char l;
            while ((l = lower[buf[i]]) != 0) {  /* buf[n] is '\n': no word runs past it */
                if (len < MAXWORD) word[len++] = l;
                i++;
            }
            memset(word + len, 0, 8);
            for (struct term *t = pending; t; t = t->next) {
                if (t->kind == PHRASE && t->secondLen == len && memcmp(t->second, word, len) == 0) matched |= 1ULL << t->topic;
            }
            pending = NULL;
            struct slot *s = find(word, len, 0);
            if (s) {
                for (struct term *t = s->terms; t; t = t->next) {
                    if (t->kind == PHRASE) pending = s->terms;
                    else matched |= 1ULL << t->topic;  /* a word, or a prefix that is the whole word */
                }
            }
            if (len > 4) {
                unsigned b = filterBit(word);
                if (prefixFilter[b >> 6] & (1ULL << (b & 63))) {
                    for (int p = 4; p <= 5 && p < len; p++) {
                        unsigned char save[8];
                        memcpy(save, word + p, 8);
                        memset(word + p, 0, 8);
                        struct slot *q = find(word, p, 0);
                        memcpy(word + p, save, 8);
                        if (!q) continue;
                        for (struct term *t = q->terms; t; t = t->next) if (t->kind == PREFIX) matched |= 1ULL << t->topic;
                    }
                }
            }
        }
        if (n > 0 && buf[n - 1] != '\n') {  /* a last line without its line feed */
            items++;
            matches += __builtin_popcountll(matched);
        }
        free(buf);
    }
    printf("%ld items, %ld (item, topic) matches\n", items, matches);
    return 0;
}
