/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The deny windows of an org's approval policy
 * (sc_org_get_approval_policy()->deny_windows) are core's ScDenyWindow,
 * read by core's reader: kind (ScDenyWindowKind), reason, time zone,
 * allow_override, from/until, days/start/end minutes, rrule/dtstart/
 * duration. The app reaches core's header through this one: the
 * Organization view's widget has a header of the same name
 * (src/app/sc-deny-windows.h) that comes first on its include path. */
#include "../core/sc-deny-windows.h"
