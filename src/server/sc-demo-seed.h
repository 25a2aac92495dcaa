/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sc-store.h"

G_BEGIN_DECLS

/* Seeds the demo set of API.md (an empty database) or keeps it; revokes
 * earlier demo tokens and returns fresh ones: an array of {email, token}. */
JsonArray  *sc_demo_seed (ScStore  *store,
                          GError  **error);

G_END_DECLS
