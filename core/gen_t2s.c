/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * gen_t2s.c - build-time generator of the Traditional-to-Simplified table.
 *
 * Runs ICU's "Traditional-Simplified" transliterator once over every BMP
 * ideograph and prints, as a C header, the pairs (traditional, simplified)
 * where a character maps to one different BMP character. normalize.c turns
 * the pairs into a lookup table, so folding costs an array index per
 * character instead of a transliterator call per token: DESIGN.md measured
 * whole-text transliteration at 6x the cost of segmentation.
 *
 * Only one-to-one character mappings are kept; ICU's few phrase-level rules
 * are not applied. Index and query fold with the same table, so they agree.
 */
#include <stdio.h>
#include <unicode/uchar.h>
#include <unicode/utrans.h>

int main(void) {
    UErrorCode st = U_ZERO_ERROR;
    static const UChar id[] = u"Traditional-Simplified";
    UTransliterator *t = utrans_openU(id, -1, UTRANS_FORWARD, NULL, 0, NULL, &st);
    if (U_FAILURE(st)) {
        fprintf(stderr, "gen_t2s: unable to open ICU transliterator: %s\n", u_errorName(st));
        return 1;
    }
    printf("/* Generated at build time by core/gen_t2s.c from ICU %s; do not edit. */\n",
           U_ICU_VERSION);
    printf("static const unsigned short sw_t2s_pairs[][2] = {\n");
    int n = 0;
    for (UChar32 c = 0x2E80; c <= 0xFFFF; c++) {
        if ((c >= 0xD800 && c <= 0xDFFF) || !u_hasBinaryProperty(c, UCHAR_IDEOGRAPHIC))
            continue;
        UChar buf[8] = {(UChar)c, 0};
        int32_t len = 1, limit = 1;
        st = U_ZERO_ERROR;
        utrans_transUChars(t, buf, &len, 8, 0, &limit, &st);
        if (U_FAILURE(st) || len != 1 || buf[0] == (UChar)c || U16_IS_SURROGATE(buf[0]))
            continue;
        printf("    {0x%04X, 0x%04X},\n", (unsigned)c, (unsigned)buf[0]);
        n++;
    }
    printf("};\n#define SW_T2S_PAIRS %d\n", n);
    utrans_close(t);
    return n > 1000 ? 0 : 1; /* a table this small means ICU lacks the data */
}
