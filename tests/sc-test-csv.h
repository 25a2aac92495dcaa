/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Parses @text as RFC 4180 CSV (quoted fields with doubled quotes, commas
 * and line breaks inside quotes, CRLF or LF between records) into an array
 * of records, each a GStrv. Fails the test on malformed input (a stray
 * quote, an unterminated quoted field). */
GPtrArray *sc_test_csv_parse (const char *text);

G_END_DECLS
