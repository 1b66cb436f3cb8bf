#!/usr/bin/env python3
# check-potfiles.py: po/POTFILES.in lists every file with translatable strings, and only files
# that exist, sorted.
#
# Copyright 2026 The Memory Atlas authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: check-potfiles.py [SOURCE_ROOT]   (default: the parent of this script's folder)
#
# A file has translatable strings when it is
#   - C (.c, .h) calling _(), N_(), C_(), NC_(), Q_(), ngettext(), g_dngettext() or
#     g_dpgettext2() outside comments,
#   - a GtkBuilder file (.ui) with translatable="yes",
#   - a desktop file or an AppStream metainfo file to be merged (.desktop.in,
#     .metainfo.xml.in, .appdata.xml.in),
#   - a GSettings schema (.gschema.xml) that names a gettext-domain.
# Build folders (any folder holding meson-private/), hidden folders, po/, tests/ and
# subprojects/ are not searched: tests and fixtures are not translated.
#
# Exits 1 naming each problem, 0 when the list is complete. It also notes, without failing,
# translatable C strings that splice in a GLib format macro ("%" G_GUINT64_FORMAT): xgettext
# cannot expand the macro, so it cuts the message there and the translation never matches.

import os
import re
import sys

SKIP_DIRS = {'po', 'tests', 'subprojects', 'build', 'builddir', '_build'}

C_CALL = re.compile(r'(?<![A-Za-z0-9_])(?:_|N_|C_|NC_|Q_|ngettext|g_dngettext|g_dpgettext2)\s*\(')
C_COMMENT = re.compile(r'/\*.*?\*/|//[^\n]*', re.S)
C_STRING = re.compile(r'"(?:\\.|[^"\\\n])*"')
UI_TRANSLATABLE = re.compile(r'translatable\s*=\s*"(?:yes|true|1)"', re.I)
SCHEMA_DOMAIN = re.compile(r'<schemalist[^>]*\bgettext-domain\s*=')


def has_strings(path):
    name = os.path.basename(path)
    if name.endswith(('.desktop.in', '.metainfo.xml.in', '.appdata.xml.in')):
        return True
    if not name.endswith(('.c', '.h', '.ui', '.gschema.xml')):
        return False
    try:
        with open(path, encoding='utf-8') as f:
            text = f.read()
    except (OSError, UnicodeDecodeError):
        return False
    if name.endswith(('.c', '.h')):
        # Strings go first so that "/*" inside a literal does not start a comment; then a call
        # is a name followed by "(" in the code that is left.
        code = C_COMMENT.sub(' ', C_STRING.sub('""', text))
        return C_CALL.search(code) is not None
    if name.endswith('.ui'):
        return UI_TRANSLATABLE.search(text) is not None
    return SCHEMA_DOMAIN.search(text) is not None


GLIB_MACRO = re.compile(r'G_[A-Z0-9_]*(?:FORMAT|MODIFIER)\b')
TOKEN = re.compile(r'\s*(?:("(?:\\.|[^"\\\n])*")|(,)|(G_[A-Z0-9_]*(?:FORMAT|MODIFIER)\b))')


def spliced_macros(path):
    """Line numbers of translatable strings that splice in a GLib format macro."""
    with open(path, encoding='utf-8') as f:
        text = f.read()
    lines = []
    for call in C_CALL.finditer(text):
        pos = call.end()
        while True:
            token = TOKEN.match(text, pos)
            if token is None:
                break
            if token.group(3):
                lines.append(text.count('\n', 0, call.start()) + 1)
                break
            pos = token.end()
    return lines


def translatable_files(root):
    found = []
    for dirpath, dirnames, filenames in os.walk(root):
        rel = os.path.relpath(dirpath, root)
        keep = []
        for d in sorted(dirnames):
            sub = os.path.join(dirpath, d)
            if d.startswith('.') or os.path.isdir(os.path.join(sub, 'meson-private')):
                continue
            if rel == '.' and d in SKIP_DIRS:
                continue
            keep.append(d)
        dirnames[:] = keep
        for name in filenames:
            path = os.path.join(dirpath, name)
            if has_strings(path):
                found.append(os.path.normpath(os.path.relpath(path, root)).replace(os.sep, '/'))
    return sorted(found)


def read_potfiles(path):
    entries = []
    with open(path, encoding='utf-8') as f:
        for number, line in enumerate(f, 1):
            line = line.strip()
            if line and not line.startswith('#'):
                # "[type: gettext/glade]file" is an old intltool form; xgettext reads the name only
                entries.append((number, re.sub(r'^\[[^]]*\]\s*', '', line)))
    return entries


def main():
    root = os.path.abspath(sys.argv[1] if len(sys.argv) > 1
                           else os.path.join(os.path.dirname(__file__), '..'))
    potfiles = os.path.join(root, 'po', 'POTFILES.in')
    entries = read_potfiles(potfiles)
    listed = [name for _, name in entries]
    problems = []

    for name in translatable_files(root):
        if name not in listed:
            problems.append(f'{name}: has translatable strings but is not in po/POTFILES.in')
    seen = set()
    for number, name in entries:
        if not os.path.isfile(os.path.join(root, name)):
            problems.append(f'po/POTFILES.in:{number}: {name} does not exist')
        if name in seen:
            problems.append(f'po/POTFILES.in:{number}: {name} is listed twice')
        seen.add(name)
    for (number, name), (_, previous) in zip(entries[1:], entries):
        if name < previous:
            problems.append(f'po/POTFILES.in:{number}: {name} is out of order (the list is sorted)')
            break

    # A listed file without strings is harmless to xgettext; say so, but do not fail.
    for number, name in entries:
        path = os.path.join(root, name)
        if os.path.isfile(path) and not has_strings(path):
            print(f'note: po/POTFILES.in:{number}: {name} has no translatable strings')

    for number, name in entries:
        path = os.path.join(root, name)
        if name.endswith(('.c', '.h')) and os.path.isfile(path):
            for line in spliced_macros(path):
                print(f'note: {name}:{line}: a translatable string splices in a GLib format '
                      'macro, which xgettext cannot expand: print the number into a string first')

    for p in problems:
        print(p)
    if problems:
        print(f'{len(problems)} problem(s) in po/POTFILES.in; list each file with translatable '
              'strings there, one per line, sorted')
        return 1
    print(f'po/POTFILES.in lists all {len(listed)} files with translatable strings')
    return 0


if __name__ == '__main__':
    sys.exit(main())
