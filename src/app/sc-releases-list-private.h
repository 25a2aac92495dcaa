/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sc-releases-list.h"

G_BEGIN_DECLS

/* For tests. */
GtkWidget *sc_releases_list_get_publish_button (ScReleasesList *self);
/* The Publish Release dialog while it is open, or NULL. */
GtkWidget *sc_releases_list_get_publish_dialog (ScReleasesList *self);
/* The Block Release dialog while it is open, or NULL. */
GtkWidget *sc_releases_list_get_block_dialog   (ScReleasesList *self);

G_END_DECLS
