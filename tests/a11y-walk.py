#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Walks what a screen reader sees of one process over AT-SPI and lists
every control without a name.

  a11y-walk.py PID SHOT-NAME

Exit status 0 when every showing control (button, toggle, menu button,
entry, check box, switch, combo box, activatable list row, ...) has a
non-empty accessible name, 1 otherwise (each one printed with its path).
tests/sc-screenshots runs it at each shot when SC_A11Y_WALK names it."""

import sys
import re
import pyatspi

CONTROLS = {
    pyatspi.ROLE_PUSH_BUTTON, pyatspi.ROLE_TOGGLE_BUTTON, pyatspi.ROLE_CHECK_BOX,
    pyatspi.ROLE_RADIO_BUTTON, pyatspi.ROLE_COMBO_BOX, pyatspi.ROLE_TEXT,
    pyatspi.ROLE_ENTRY, pyatspi.ROLE_PASSWORD_TEXT, pyatspi.ROLE_SPIN_BUTTON,
    pyatspi.ROLE_SLIDER, pyatspi.ROLE_LIST_BOX, pyatspi.ROLE_LINK,
    pyatspi.ROLE_MENU_ITEM, pyatspi.ROLE_PAGE_TAB,
}
# the role of GtkSwitch over AT-SPI in GTK 4.8
SWITCH_NAMES = {"switch", "toggle button", "check box"}


def is_control(acc, role):
    if role in CONTROLS:
        return True
    if acc.getRoleName() in SWITCH_NAMES:
        return True
    if role == pyatspi.ROLE_LIST_ITEM:
        # a row a user can activate (focusable), not a plain text line
        return acc.getState().contains(pyatspi.STATE_FOCUSABLE)
    return False


def walk(acc, path, bad, seen, depth=0):
    if depth > 80:
        return
    try:
        role = acc.getRole()
        state = acc.getState()
    except Exception:
        return
    # GTK 4.8 reports "showing" on windows only: every visible control
    # counts, also on a stack page not shown at the moment
    if not state.contains(pyatspi.STATE_VISIBLE) and role != pyatspi.ROLE_APPLICATION:
        return
    here = path + "/" + acc.getRoleName()
    if acc.name:
        here += "(%s)" % acc.name
    if is_control(acc, role):
        seen.append(here)
        name = (acc.name or "").strip()
        # GTK 4.8 falls back to the class name ("GtkButton"): not a name;
        # a raw mnemonic ("_Promote Promote") is read as it stands
        half = name[:len(name) // 2].strip()
        doubled = len(name) > 2 and name == half + " " + half
        if not name or doubled or re.fullmatch(r"(Gtk|Adw|Sc)[A-Z]\w*", name) or re.search(r"(^|\s)_\w", name):
            bad.append(here)
    for i in range(acc.childCount):
        try:
            child = acc.getChildAtIndex(i)
        except Exception:
            continue
        if child is not None:
            walk(child, here + "[%d]" % i, bad, seen, depth + 1)


def main():
    pid = int(sys.argv[1])
    shot = sys.argv[2]
    desktop = pyatspi.Registry.getDesktop(0)
    app = None
    for i in range(desktop.childCount):
        a = desktop.getChildAtIndex(i)
        try:
            if a is not None and a.get_process_id() == pid:
                app = a
        except Exception:
            pass
    if app is None:
        print("%s: the application is not on the accessibility bus" % shot)
        return 1
    bad = []
    seen = []
    walk(app, "", bad, seen)
    print("%s: %d controls, %d without a name" % (shot, len(seen), len(bad)))
    for b in bad:
        print("%s: control without a name: %s" % (shot, b))
    return 1 if bad else 0


sys.exit(main())
