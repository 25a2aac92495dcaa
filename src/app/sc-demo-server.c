/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Stagecraft-Demo"

#include "config.h"

#include <glib/gi18n.h>
#include <signal.h>
#include <sys/prctl.h>
#include <string.h>

#include "sc-demo-server.h"

struct _ScDemoServer
{
  GObject           parent_instance;

  GSubprocess      *process;
  GDataInputStream *stdout_stream;
  char             *url;
  GPtrArray        *emails; /* NULL-terminated */
  GHashTable       *tokens;
};

G_DEFINE_FINAL_TYPE (ScDemoServer, sc_demo_server, G_TYPE_OBJECT)
G_DEFINE_QUARK (sc-demo-server-error-quark, sc_demo_server_error)

char *
sc_demo_server_find_binary (void)
{
  const char *env = g_getenv ("SC_SERVER_BINARY");
  g_autofree char *self_path = NULL;
  g_autofree char *installed = NULL;

  if (env != NULL && g_file_test (env, G_FILE_TEST_IS_EXECUTABLE))
    return g_strdup (env);

  /* uninstalled: build/src/app/stagecraft → build/src/server/stagecraft-server */
  self_path = g_file_read_link ("/proc/self/exe", NULL);
  if (self_path != NULL)
    {
      g_autofree char *dir = g_path_get_dirname (self_path);
      g_autofree char *sibling = g_build_filename (dir, "..", "server", "stagecraft-server", NULL);
      g_autofree char *beside = g_build_filename (dir, "stagecraft-server", NULL);

      if (g_file_test (sibling, G_FILE_TEST_IS_EXECUTABLE))
        return g_steal_pointer (&sibling);
      if (g_file_test (beside, G_FILE_TEST_IS_EXECUTABLE))
        return g_steal_pointer (&beside);
    }

  installed = g_build_filename (BINDIR, "stagecraft-server", NULL);
  if (g_file_test (installed, G_FILE_TEST_IS_EXECUTABLE))
    return g_steal_pointer (&installed);

  return g_find_program_in_path ("stagecraft-server");
}

static void
sc_demo_server_dispose (GObject *object)
{
  ScDemoServer *self = (ScDemoServer *)object;

  sc_demo_server_stop (self);
  g_clear_object (&self->stdout_stream);
  g_clear_pointer (&self->url, g_free);
  g_clear_pointer (&self->emails, g_ptr_array_unref);
  g_clear_pointer (&self->tokens, g_hash_table_unref);

  G_OBJECT_CLASS (sc_demo_server_parent_class)->dispose (object);
}

static void
sc_demo_server_class_init (ScDemoServerClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = sc_demo_server_dispose;
}

static void
sc_demo_server_init (ScDemoServer *self)
{
  self->emails = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->emails, NULL);
  self->tokens = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

ScDemoServer *
sc_demo_server_new (void)
{
  return g_object_new (SC_TYPE_DEMO_SERVER, NULL);
}

static void read_next_line (GTask *task);

/* The demo server never outlives the app, even when the app crashes. */
static void
child_setup (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

static void
line_read_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ScDemoServer *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;

  line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source), result, NULL, &error);
  if (error != NULL)
    {
      sc_demo_server_stop (self);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (line == NULL)
    {
      sc_demo_server_stop (self);
      g_task_return_new_error (task, SC_DEMO_SERVER_ERROR, SC_DEMO_SERVER_ERROR_FAILED,
                               _("The demo server stopped before it was ready."));
      return;
    }

  if (g_str_has_prefix (line, "demo-token "))
    {
      g_auto(GStrv) parts = g_strsplit (line, " ", 3);

      if (g_strv_length (parts) == 3)
        {
          /* keep the array NULL-terminated */
          g_ptr_array_insert (self->emails, self->emails->len - 1, g_strdup (parts[1]));
          g_hash_table_replace (self->tokens, g_strdup (parts[1]), g_strdup (parts[2]));
        }
    }
  else if (g_str_has_prefix (line, "listening on "))
    {
      self->url = g_strdup (line + strlen ("listening on "));
      g_task_return_boolean (task, TRUE);
      return;
    }

  read_next_line (g_steal_pointer (&task));
}

static void
read_next_line (GTask *task)
{
  ScDemoServer *self = g_task_get_source_object (task);

  g_data_input_stream_read_line_async (self->stdout_stream, G_PRIORITY_DEFAULT,
                                       g_task_get_cancellable (task), line_read_cb, task);
}

void
sc_demo_server_start_async (ScDemoServer        *self,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *binary = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *database = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;

  g_return_if_fail (SC_IS_DEMO_SERVER (self));
  g_return_if_fail (self->process == NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sc_demo_server_start_async);

  binary = sc_demo_server_find_binary ();
  if (binary == NULL)
    {
      g_task_return_new_error (task, SC_DEMO_SERVER_ERROR, SC_DEMO_SERVER_ERROR_NOT_FOUND,
                               _("The demo server (stagecraft-server) is not installed."));
      return;
    }

  dir = g_build_filename (g_get_user_data_dir (), "stagecraft", NULL);
  g_mkdir_with_parents (dir, 0700);
  database = g_build_filename (dir, "demo.db", NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_subprocess_launcher_set_child_setup (launcher, child_setup, NULL, NULL);
  self->process = g_subprocess_launcher_spawn (launcher, &error, binary, "--demo",
                                               "--database", database,
                                               "--listen", "127.0.0.1:0", NULL);
  if (self->process == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  self->stdout_stream = g_data_input_stream_new (g_subprocess_get_stdout_pipe (self->process));
  read_next_line (g_steal_pointer (&task));
}

gboolean
sc_demo_server_start_finish (ScDemoServer  *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
sc_demo_server_is_running (ScDemoServer *self)
{
  g_return_val_if_fail (SC_IS_DEMO_SERVER (self), FALSE);
  return self->process != NULL && self->url != NULL;
}

const char *
sc_demo_server_get_url (ScDemoServer *self)
{
  g_return_val_if_fail (SC_IS_DEMO_SERVER (self), NULL);
  return self->url;
}

const char * const *
sc_demo_server_get_emails (ScDemoServer *self)
{
  g_return_val_if_fail (SC_IS_DEMO_SERVER (self), NULL);
  return (const char * const *) self->emails->pdata;
}

const char *
sc_demo_server_get_token (ScDemoServer *self,
                          const char   *email)
{
  g_return_val_if_fail (SC_IS_DEMO_SERVER (self), NULL);
  return g_hash_table_lookup (self->tokens, email);
}

void
sc_demo_server_stop (ScDemoServer *self)
{
  g_return_if_fail (SC_IS_DEMO_SERVER (self));

  if (self->process == NULL)
    return;

  /* SIGTERM lets it close the database cleanly; wait so that no zombie
   * outlives the app. */
  g_subprocess_send_signal (self->process, SIGTERM);
  g_subprocess_wait (self->process, NULL, NULL);
  g_clear_object (&self->process);
  g_clear_pointer (&self->url, g_free);
}
