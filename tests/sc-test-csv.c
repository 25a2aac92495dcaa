/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "sc-test-csv.h"

GPtrArray *
sc_test_csv_parse (const char *text)
{
  GPtrArray *records = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr(GPtrArray) record = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) field = g_string_new (NULL);
  const char *p = text;
  gboolean quoted_field = FALSE;

  while (*p != '\0')
    {
      if (field->len == 0 && !quoted_field && *p == '"')
        {
          /* a quoted field: to the closing quote */
          quoted_field = TRUE;
          for (p++;; p++)
            {
              if (*p == '\0')
                g_error ("CSV: a quoted field does not end");
              if (*p == '"' && p[1] == '"')
                {
                  g_string_append_c (field, '"');
                  p++;
                }
              else if (*p == '"')
                {
                  p++;
                  break;
                }
              else
                g_string_append_c (field, *p);
            }
          if (*p != ',' && *p != '\r' && *p != '\n' && *p != '\0')
            g_error ("CSV: text after a closing quote");
          continue;
        }
      if (*p == ',')
        {
          g_ptr_array_add (record, g_string_free (g_steal_pointer (&field), FALSE));
          field = g_string_new (NULL);
          quoted_field = FALSE;
          p++;
        }
      else if (*p == '\r' || *p == '\n')
        {
          if (*p == '\r')
            {
              g_assert_cmpint (p[1], ==, '\n');
              p++;
            }
          p++;
          g_ptr_array_add (record, g_string_free (g_steal_pointer (&field), FALSE));
          g_ptr_array_add (record, NULL);
          g_ptr_array_add (records, g_ptr_array_steal (record, NULL));
          field = g_string_new (NULL);
          quoted_field = FALSE;
        }
      else if (*p == '"')
        g_error ("CSV: a quote inside an unquoted field");
      else
        g_string_append_c (field, *p++);
    }
  if (field->len > 0 || quoted_field || record->len > 0)
    {
      g_ptr_array_add (record, g_string_free (g_steal_pointer (&field), FALSE));
      g_ptr_array_add (record, NULL);
      g_ptr_array_add (records, g_ptr_array_steal (record, NULL));
    }
  return records;
}
