#ifndef FEEDSIFT_CLIBXML2_SHIM_H
#define FEEDSIFT_CLIBXML2_SHIM_H

// Debian's libxml2 headers pull in ICU's <unicode/ucnv.h>, whose UErrorCode clashes with
// Foundation's own ICU on every clean build. We never use libxml2's ICU encoders (we transcode
// to UTF-8 ourselves), so switch that part of the headers off before anything else includes it.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/HTMLparser.h>
#include <libxml/xmlerror.h>
#include <libxml/entities.h>

#endif
