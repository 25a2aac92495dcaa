#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Flathub's linter, offline: the checks of flatpak-builder-lint
(github.com/flathub-infra/flatpak-builder-lint) that concern this app,
ported to the standard library, since the linter itself cannot be
installed here (no pip, no Debian or npm package). Each check says which
linter check it ports (its error name, and the file under
flatpak_builder_lint/checks/); what the linter can only do online (EOL
runtimes, screenshot mirroring, URL reachability) is replaced by an
offline rule or left out, and says so.

  lint-flatpak.py MESON BUILDDIR SOURCEROOT

Lints flatpak/APP_ID.json as Flathub's manifest, flatpak/APP_ID.Devel.json
as the development manifest (the same rules, but a dir source is its
point), then a `meson install --destdir` of BUILDDIR with the checks the
linter runs on a build directory's files/share."""

import configparser
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

APP_ID = "io.github.stagecraft.Stagecraft"
# The oldest GNOME runtime not at its end of life. flatpak-builder-lint's
# eolruntime.py asks Flathub online; offline, this line is raised when a
# GNOME runtime reaches its end of life (each lives about a year).
MIN_GNOME_RUNTIME = 49
# What the app needs, and nothing more: the network (its server), X11's
# shared memory, a display, and the GPU. Not org.freedesktop.secrets: a
# sandboxed libsecret keeps secrets through the Secret portal.
ALLOWED_FINISH_ARGS = {
    "--share=network",
    "--share=ipc",
    "--socket=wayland",
    "--socket=fallback-x11",
    "--device=dri",
}

meson, builddir, sourceroot = sys.argv[1:4]
errors = []


def error(where, name, why=""):
    errors.append(f"{where}: {name}" + (f" ({why})" if why else ""))
    print(f"FAIL: {errors[-1]}")


# --- manifests ----------------------------------------------------------------

def finish_args_of(manifest):
    """finish-args as the linter's builddir.parse_finish_args sees them:
    {"socket": {...}, "talk-name": {...}, ...}"""
    parsed = {}
    for arg in manifest.get("finish-args", []):
        key, _, value = arg.lstrip("-").partition("=")
        parsed.setdefault(key, set()).add(value)
    return parsed


def lint_manifest(path, appid, flathub):
    where = os.path.basename(path)
    with open(path, encoding="utf-8") as f:
        manifest = json.load(f)

    # toplevel.py: manifest-unknown-properties, manifest-json-warnings
    # (flatpak-builder itself parses the manifest; any warning is fatal)
    if shutil.which("flatpak-builder"):
        env = dict(os.environ, G_DEBUG="fatal-warnings")
        run = subprocess.run(["flatpak-builder", "--show-manifest", path],
                             env=env, capture_output=True, text=True)
        if run.returncode != 0:
            error(where, "manifest-unknown-properties", run.stderr.strip())

    # appid.py
    if manifest.get("id") != appid:
        error(where, "appid-filename-mismatch", f"id {manifest.get('id')}, file {appid}.json")
    parts = appid.split(".")
    if parts[-1] == "desktop":
        error(where, "appid-ends-with-lowercase-desktop")
    if parts[1] in ("github", "gitlab") and parts[0] != "io":
        error(where, "appid-uses-code-hosting-domain")
    if parts[1] in ("github", "gitlab", "codeberg") and len(parts) < 4:
        error(where, "appid-code-hosting-too-few-components")

    # toplevel.py
    command = manifest.get("command")
    if not command:
        error(where, "toplevel-no-command")
    elif command.startswith("/"):
        error(where, "toplevel-command-is-path")
    if manifest.get("branch") not in ("stable", "beta", None) or \
       manifest.get("default-branch") not in ("stable", "beta", None):
        error(where, "toplevel-unnecessary-branch")
    if "/lib/debug" in manifest.get("cleanup", []):
        error(where, "toplevel-cleanup-debug")
    if not manifest.get("modules"):
        error(where, "toplevel-no-modules")
    if "--share=network" in manifest.get("build-options", {}).get("build-args", []):
        error(where, "manifest-toplevel-build-network-access")

    # eolruntime.py, offline: the GNOME runtime, at a version still supported
    if manifest.get("runtime") != "org.gnome.Platform" or manifest.get("sdk") != "org.gnome.Sdk":
        error(where, "runtime-not-gnome", "org.gnome.Platform and org.gnome.Sdk")
    version = str(manifest.get("runtime-version", ""))
    if not version.isdigit() or int(version) < MIN_GNOME_RUNTIME:
        error(where, "runtime-is-eol", f"runtime-version {version!r} < {MIN_GNOME_RUNTIME}")

    # finish_args.py
    fa = finish_args_of(manifest)
    sockets, shares = fa.get("socket", set()), fa.get("share", set())
    if not manifest.get("finish-args"):
        error(where, "finish-args-not-defined")
    if "x11" in sockets and "fallback-x11" in sockets:
        error(where, "finish-args-contains-both-x11-and-fallback")
    if "x11" in sockets and "wayland" in sockets:
        error(where, "finish-args-contains-both-x11-and-wayland")
    if ("x11" in sockets or "fallback-x11" in sockets) and "ipc" not in shares:
        error(where, "finish-args-x11-without-ipc")
    if "fallback-x11" in sockets and "wayland" not in sockets:
        error(where, "finish-args-fallback-x11-without-wayland")
    if "wayland" in sockets and not ({"x11", "fallback-x11"} & sockets):
        error(where, "finish-args-only-wayland")
    for bus in ("session-bus", "system-bus"):
        if bus in sockets:
            error(where, f"finish-args-arbitrary-dbus-access")
    for fs in fa.get("filesystem", set()):
        if re.fullmatch(r"(home|host|~/?)(:rw|:create|:ro)?", fs):
            error(where, f"finish-args-{'host' if fs.startswith('host') else 'home'}-filesystem-access")
    for name in fa.get("talk-name", set()):
        if name == appid or name.startswith(appid + "."):
            error(where, "finish-args-unnecessary-appid-talk-name")
        if name in ("org.freedesktop.*", "org.gnome.*", "org.kde.*"):
            error(where, f"finish-args-wildcard-{name.split('.')[1]}-talk-name")
        if name.startswith("org.freedesktop.portal."):
            error(where, "finish-args-portal-talk-name")
        if name == "org.freedesktop.DBus" or name.startswith("org.freedesktop.DBus."):
            error(where, "finish-args-freedesktop-dbus-talk-name")
        if name.startswith("org.freedesktop.Flatpak"):
            error(where, "finish-args-flatpak-spawn-access")
        if name == "org.freedesktop.Secrets":
            error(where, "finish-args-incorrect-secret-service-talk-name")
        # not in the linter: Flathub's reviewers refuse it for libsecret
        # apps, which reach the Secret portal without any talk-name
        if name == "org.freedesktop.secrets":
            error(where, "finish-args-secret-service-talk-name", "libsecret uses the Secret portal")
    for name in fa.get("own-name", set()):
        if not (name == appid or name.startswith(appid + ".")):
            error(where, f"finish-args-own-name-{name}")
    # not in the linter: this app's allow-list (anything new is a decision)
    for arg in manifest.get("finish-args", []):
        if arg not in ALLOWED_FINISH_ARGS:
            error(where, "finish-args-not-allowed", arg)

    # modules.py
    def lint_module(module):
        name = module.get("name")
        for source in module.get("sources", []):
            kind = source.get("type")
            if "/" in source.get("dest-filename", ""):
                error(where, f"module-{name}-source-dest-filename-is-path")
            if kind in ("archive", "file") and (source.get("sha1") or source.get("md5")):
                error(where, f"module-{name}-source-sha1-deprecated")
            if kind == "git":
                if source.get("branch"):
                    error(where, f"module-{name}-source-git-branch")
                # Flathub wants both: the tag says what, the commit pins it
                if not source.get("tag") or not re.fullmatch(r"[0-9a-f]{40}", source.get("commit", "")):
                    error(where, f"module-{name}-source-git-no-commit-or-tag",
                          "a tag and a 40-hex commit")
                if source.get("path"):
                    error(where, f"module-{name}-source-git-local-path")
                url = source.get("url")
                if not url:
                    error(where, f"module-{name}-source-git-no-url")
                elif not url.startswith(("https:", "http:")):
                    error(where, f"module-{name}-source-git-url-not-http")
            # Flathub's build pipeline (not the linter) refuses local
            # sources: it builds from what the manifest pins
            if flathub and kind == "dir":
                error(where, f"module-{name}-source-dir", "Flathub builds from a git source")
        if module.get("buildsystem") == "meson":
            for opt in module.get("config-opts", []):
                if opt in ("-Dtests=true", "-Dtest_hooks=true", "--buildtype=debug"):
                    error(where, f"module-{name}-non-release-build", opt)
        for nested in module.get("modules", []):
            lint_module(nested)

    for module in manifest.get("modules", []):
        lint_module(module)
    return manifest


flathub = lint_manifest(os.path.join(sourceroot, "flatpak", APP_ID + ".json"), APP_ID, True)
devel = lint_manifest(os.path.join(sourceroot, "flatpak", APP_ID + ".Devel.json"),
                      APP_ID + ".Devel", False)
if "-Dprofile=development" not in devel["modules"][-1].get("config-opts", []):
    error("Devel manifest", "not-development-profile", "-Dprofile=development makes the .Devel id")
for key in ("runtime", "runtime-version", "sdk", "command", "finish-args"):
    if flathub.get(key) != devel.get(key):
        error("Devel manifest", "differs-from-flathub", key)


# --- the installed tree (files/share of a build) ------------------------------

def lint_share(share, appid):
    where = "installed"
    metainfo_path = os.path.join(share, "metainfo", appid + ".metainfo.xml")
    # metainfo.py
    if not os.path.exists(metainfo_path):
        error(where, "appstream-metainfo-missing")
        return
    if shutil.which("appstreamcli"):
        run = subprocess.run(["appstreamcli", "validate", "--no-net", metainfo_path],
                             capture_output=True, text=True)
        if run.returncode != 0:
            error(where, "appstream-failed-validation", run.stdout.strip())
    component = ET.parse(metainfo_path).getroot()
    if component.tag != "component":
        error(where, "metainfo-missing-component-tag")
        return
    if component.get("type") != "desktop-application":
        error(where, "metainfo-missing-component-type")
    if component.findtext("id") != appid:
        error(where, "appstream-id-mismatch-flatpak-id")
    name, summary = component.findtext("name") or "", component.findtext("summary") or ""
    if len(name) > 20:
        error(where, "appstream-name-too-long")
    if len(summary) > 35:
        error(where, "appstream-summary-too-long", summary)
    if summary.endswith("."):
        error(where, "appstream-summary-ends-in-dot")
    if not (component.findtext("developer_name") or component.findtext("developer/name")):
        error(where, "appstream-missing-developer-name")
    if not component.findtext("project_license"):
        error(where, "appstream-missing-project-license")

    # screenshots.py (mirroring to Flathub's media server is online)
    screenshots = component.findall("screenshots/screenshot")
    images = [i.text or "" for s in screenshots for i in s.findall("image")]
    if not images:
        error(where, "metainfo-missing-screenshots")
    if any(i.endswith((".svg", ".svgz")) for i in images):
        error(where, "metainfo-svg-screenshots")
    if any(not i.endswith(".png") for i in images):
        error(where, "appstream-screenshot-not-png")
    if any(not s.findtext("caption") for s in screenshots):
        error(where, "appstream-screenshot-missing-caption")
    # the files behind the URLs: committed, and at the size they claim
    for s in screenshots:
        for image in s.findall("image"):
            local = re.sub(r"^https://raw\.githubusercontent\.com/[^/]+/[^/]+/[^/]+/", "", image.text or "")
            png = os.path.join(sourceroot, local)
            if not os.path.isfile(png):
                error(where, "screenshot-file-missing", local)
                continue
            with open(png, "rb") as f:
                header = f.read(24)
            width, height = int.from_bytes(header[16:20], "big"), int.from_bytes(header[20:24], "big")
            if (str(width), str(height)) != (image.get("width"), image.get("height")):
                error(where, "screenshot-size-mismatch", f"{local} is {width}×{height}")

    # metainfo.py: icons
    icons = os.path.join(share, "icons", "hicolor")
    exported = []
    for root, _, files in os.walk(icons):
        for f in files:
            if re.match(rf"^{re.escape(appid)}([-.].*)?$", f):
                exported.append(os.path.join(root, f))
                if "/scalable/" in root and not f.endswith((".svg", ".svgz")):
                    error(where, "non-svg-icon-in-scalable-folder", f)
                if "/scalable/" not in root and "/symbolic/" not in root and not f.endswith(".png"):
                    error(where, "non-png-icon-in-hicolor-size-folder", f)
    if not any(p.endswith(f"/scalable/apps/{appid}.svg") for p in exported):
        error(where, "no-exportable-icon-installed")

    # metainfo.py: launchable; desktop.py
    launchables = component.findall("launchable")
    if not launchables:
        error(where, "metainfo-missing-launchable-tag")
        return
    if launchables[0].text != appid + ".desktop":
        error(where, "metainfo-launchable-tag-wrong-value")
        return
    desktop_path = os.path.join(share, "applications", appid + ".desktop")
    if not os.path.exists(desktop_path):
        error(where, "appstream-launchable-file-missing")
        return
    if shutil.which("desktop-file-validate"):
        run = subprocess.run(["desktop-file-validate", "--no-hints", desktop_path],
                             capture_output=True, text=True)
        if run.returncode != 0:
            error(where, "desktop-file-failed-validation", run.stdout.strip())
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    parser.optionxform = str
    parser.read(desktop_path, encoding="utf-8")
    entry = parser["Desktop Entry"]
    icon = entry.get("Icon")
    if icon is None:
        error(where, "desktop-file-icon-key-absent")
    elif not re.match(rf"^{re.escape(appid)}([-.].*)?$", icon):
        error(where, "desktop-file-icon-key-wrong-value")
    if entry.get("Exec") is None:
        error(where, "desktop-file-exec-key-absent")
    elif "flatpak run" in entry.get("Exec"):
        error(where, "desktop-file-exec-has-flatpak-run")
    if entry.get("Hidden") == "true" or entry.get("NoDisplay") == "true":
        error(where, "desktop-file-is-hidden")
    categories = {c for c in entry.get("Categories", "").split(";") if c}
    if not categories:
        error(where, "appstream-missing-categories")
    elif categories <= {"GTK", "Qt", "KDE", "GNOME", "Motif", "Java", "Application", "XFCE", "DDE"}:
        error(where, "desktop-file-low-quality-category")


with tempfile.TemporaryDirectory() as destdir:
    options = {o["name"]: o["value"] for o in json.loads(subprocess.run(
        [meson, "introspect", "--buildoptions", builddir],
        check=True, capture_output=True, text=True).stdout)}
    subprocess.run([meson, "install", "-C", builddir, "--destdir", destdir,
                    "--no-rebuild", "--quiet"], check=True)
    appid = APP_ID + ".Devel" if options["profile"] == "development" else APP_ID
    lint_share(os.path.join(destdir + options["prefix"], options["datadir"]), appid)

if errors:
    sys.exit(f"{len(errors)} problem(s)")
print("ok: both manifests and the installed tree pass")
