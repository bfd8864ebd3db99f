#pragma once

// The one place ICU headers enter dateline. Only analysis/*.cc includes it.
#pragma GCC system_header

#include <unicode/brkiter.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/uscript.h>
#include <unicode/utext.h>
#include <unicode/utf8.h>
