/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Stagecraft-Client"

#include "config.h"

#include "sc-client-libs.h"
#include "sc-library.h"

static ScSoup soup_table;
static gsize soup_opened = 0;
static ScSecret secret_table;
static gsize secret_opened = 0;

const ScSoup *
sc_soup (void)
{
  if (g_once_init_enter (&soup_opened))
    {
      ScSoup *t = &soup_table;
      const ScLibrarySymbol symbols[] = {
        { "soup_session_new_with_options", (gpointer *) &t->session_new_with_options },
        { "soup_session_set_tls_database", (gpointer *) &t->session_set_tls_database },
        { "soup_session_abort", (gpointer *) &t->session_abort },
        { "soup_session_send_async", (gpointer *) &t->session_send_async },
        { "soup_session_send_finish", (gpointer *) &t->session_send_finish },
        { "soup_message_new_from_uri", (gpointer *) &t->message_new_from_uri },
        { "soup_message_get_status", (gpointer *) &t->message_get_status },
        { "soup_message_get_request_headers", (gpointer *) &t->message_get_request_headers },
        { "soup_message_add_flags", (gpointer *) &t->message_add_flags },
        { "soup_message_get_response_headers", (gpointer *) &t->message_get_response_headers },
        { "soup_message_set_request_body_from_bytes", (gpointer *) &t->message_set_request_body_from_bytes },
        { "soup_message_headers_replace", (gpointer *) &t->message_headers_replace },
        { "soup_message_headers_get_one", (gpointer *) &t->message_headers_get_one },
        { "soup_message_headers_get_content_type", (gpointer *) &t->message_headers_get_content_type },
        { "soup_message_headers_get_encoding", (gpointer *) &t->message_headers_get_encoding },
        { "soup_message_headers_get_content_length", (gpointer *) &t->message_headers_get_content_length },
        { "soup_form_encode", (gpointer *) &t->form_encode },
      };

      sc_library_open (SC_LIBSOUP_SONAME, symbols, G_N_ELEMENTS (symbols));
      g_once_init_leave (&soup_opened, 1);
    }
  return &soup_table;
}

const ScSecret *
sc_secret (void)
{
  if (g_once_init_enter (&secret_opened))
    {
      ScSecret *t = &secret_table;
      const ScLibrarySymbol symbols[] = {
        { "secret_password_store", (gpointer *) &t->password_store },
        { "secret_password_store_finish", (gpointer *) &t->password_store_finish },
        { "secret_password_search", (gpointer *) &t->password_search },
        { "secret_password_search_finish", (gpointer *) &t->password_search_finish },
        { "secret_password_clear", (gpointer *) &t->password_clear },
        { "secret_password_clear_finish", (gpointer *) &t->password_clear_finish },
        { "secret_retrievable_get_attributes", (gpointer *) &t->retrievable_get_attributes },
        { "secret_retrievable_retrieve_secret", (gpointer *) &t->retrievable_retrieve_secret },
        { "secret_retrievable_retrieve_secret_finish", (gpointer *) &t->retrievable_retrieve_secret_finish },
        { "secret_value_get_text", (gpointer *) &t->value_get_text },
        { "secret_value_unref", (gpointer *) &t->value_unref },
      };

      sc_library_open (SC_LIBSECRET_SONAME, symbols, G_N_ELEMENTS (symbols));
      g_once_init_leave (&secret_opened, 1);
    }
  return &secret_table;
}
