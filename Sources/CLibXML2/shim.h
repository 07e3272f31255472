// libxml2 for Duban. Debian's libxml2 is built with ICU; its headers would pull in the system
// ICU headers, which clash with Foundation's bundled ICU. Duban never uses libxml2's ICU
// converters (it decodes text itself), so the ICU part of the headers is switched off.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/xmlreader.h>
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
