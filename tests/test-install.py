#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""`meson install --destdir` into a temporary directory, then checks that
every file lands where GNOME (and systemd, man, bash-completion) looks for
it, with the content that makes it work there.

  test-install.py MESON BUILDDIR SOURCEROOT"""

import configparser
import json
import os
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

APP_ID = "io.github.stagecraft.Stagecraft"
meson, builddir, sourceroot = sys.argv[1:4]

options = {o["name"]: o["value"] for o in json.loads(subprocess.run(
    [meson, "introspect", "--buildoptions", builddir],
    check=True, capture_output=True, text=True).stdout)}
prefix = options["prefix"]
# -Dprofile=development installs the app as APP_ID.Devel (settings stay APP_ID)
APPLICATION_ID = APP_ID + ".Devel" if options["profile"] == "development" else APP_ID
app = options["app"]
failures = []


def check(condition, message):
    print(("ok: " if condition else "FAIL: ") + message)
    if not condition:
        failures.append(message)


def desktop_entry(path, group):
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    parser.optionxform = str
    parser.read(path, encoding="utf-8")
    return parser[group]


with tempfile.TemporaryDirectory() as destdir:
    subprocess.run([meson, "install", "-C", builddir, "--destdir", destdir,
                    "--no-rebuild", "--quiet"], check=True)

    def at(*parts):
        """The installed path of prefix-relative @parts (absolute: as is)."""
        path = os.path.join(*parts)
        if not os.path.isabs(path):
            path = os.path.join(prefix, path)
        return destdir + path

    def installed(*parts, mode=os.R_OK):
        path = at(*parts)
        check(os.path.isfile(path) and os.access(path, mode), f"installed {path[len(destdir):]}")
        return path

    bindir = options["bindir"]
    datadir = options["datadir"]
    installed(bindir, "stagecraft-server", mode=os.X_OK)

    # man pages, for both programs (the app's only with the app)
    mandir = options["mandir"]
    installed(mandir, "man1", "stagecraft-server.1")

    # systemd: where `pkg-config systemd` says (under the prefix), or lib/systemd/system
    units = [os.path.join(root, f)[len(destdir):]
             for root, _, files in os.walk(destdir) for f in files
             if f == "stagecraft-server.service"]
    check(len(units) == 1 and units[0].endswith("/lib/systemd/system/stagecraft-server.service"),
          f"systemd unit in a system unit directory: {units}")
    if units:
        unit = desktop_entry(destdir + units[0], "Service")
        exec_start = unit["ExecStart"].split()[0]
        check(exec_start == os.path.join(prefix, bindir, "stagecraft-server"),
              f"the unit starts the installed server ({exec_start})")
        for key in ("DynamicUser", "StateDirectory", "ProtectSystem"):
            check(key in unit, f"the unit sets {key}")

    # bash completion, named after the command (bash-completion loads it on demand)
    installed(datadir, "bash-completion", "completions", "stagecraft-server")

    # translations: one catalogue per language in po/LINGUAS
    with open(os.path.join(sourceroot, "po", "LINGUAS"), encoding="utf-8") as f:
        languages = [w for line in f for w in line.split("#")[0].split()]
    for lang in languages:
        installed(options["localedir"], lang, "LC_MESSAGES", "stagecraft.mo")

    if app:
        installed(bindir, "stagecraft", mode=os.X_OK)
        installed(mandir, "man1", "stagecraft.1")

        desktop = desktop_entry(installed(datadir, "applications", APPLICATION_ID + ".desktop"), "Desktop Entry")
        check(desktop.get("Icon") == APPLICATION_ID, "the desktop file's icon is the app id")
        check(desktop.get("Exec") == "stagecraft", "Exec=stagecraft (no %U: no open handler)")
        check(desktop.get("DBusActivatable") == "true", "DBusActivatable=true")
        check(desktop.get("X-GNOME-UsesNotifications") == "true", "X-GNOME-UsesNotifications=true")

        # what DBusActivatable needs: a session service of the same name
        service = desktop_entry(installed(datadir, "dbus-1", "services", APPLICATION_ID + ".service"),
                                "D-BUS Service")
        check(service.get("Name") == APPLICATION_ID, "the D-Bus service is named after the app id")
        command = service.get("Exec", "").split()
        check(command == [os.path.join(prefix, bindir, "stagecraft"), "--gapplication-service"],
              f"the D-Bus service starts the installed app as a service ({command})")

        metainfo = ET.parse(installed(datadir, "metainfo", APPLICATION_ID + ".metainfo.xml")).getroot()
        check(metainfo.findtext("id") == APPLICATION_ID, "the metainfo's id is the app id")
        check(metainfo.findtext("launchable") == APPLICATION_ID + ".desktop",
              "the metainfo launches the installed desktop file")
        check(len(metainfo.findall("screenshots/screenshot")) > 0, "the metainfo has screenshots")

        schema = ET.parse(installed(datadir, "glib-2.0", "schemas", APP_ID + ".gschema.xml")).getroot()
        check(schema.find(f"schema[@id='{APP_ID}']") is not None, "the schema's id is the app id")

        installed(datadir, "icons", "hicolor", "scalable", "apps", APPLICATION_ID + ".svg")
        installed(datadir, "icons", "hicolor", "symbolic", "apps", APPLICATION_ID + "-symbolic.svg")

        # help: every page of help/C, where yelp finds help:stagecraft
        pages = sorted(p for p in os.listdir(os.path.join(sourceroot, "help", "C")) if p.endswith(".page"))
        check("index.page" in pages, "help has an index page")
        for page in pages:
            installed(datadir, "help", "C", "stagecraft", page)

if failures:
    sys.exit(f"{len(failures)} problem(s)")
