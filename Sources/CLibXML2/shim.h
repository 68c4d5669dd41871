// libxml2 is built with ICU on Debian; its ICU types clash with Foundation's private ICU module.
#undef LIBXML_ICU_ENABLED
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>
#include <libxml/encoding.h>

// xmlFree is a mutable global function pointer, which Swift 6 rejects; call it through this.
static inline void hepchain_xmlFree(void *pointer) { xmlFree(pointer); }
