#!/usr/bin/env python3
# check-gschema-docs.py SCHEMA…: every key has a summary and a description
#
# glib-compile-schemas --strict checks types, defaults and ranges but not the words that
# dconf-editor and the settings' readers show; this checks those. A summary is a short title
# without a final full stop; a description is one or more sentences.
#
# Copyright 2026 The Memory Atlas authors
# SPDX-License-Identifier: GPL-3.0-or-later

import sys
import xml.etree.ElementTree as ET

problems = []
keys = 0
for path in sys.argv[1:]:
    for schema in ET.parse(path).getroot().iter('schema'):
        for key in schema.iter('key'):
            keys += 1
            where = f"{path}: {schema.get('id')} key {key.get('name')}"
            summary = (key.findtext('summary') or '').strip()
            description = ' '.join((key.findtext('description') or '').split())
            if not summary:
                problems.append(f'{where}: no <summary>')
            elif summary.endswith('.'):
                problems.append(f'{where}: the summary ends with a full stop')
            if not description:
                problems.append(f'{where}: no <description>')
            elif not description.endswith(('.', '.)', '”', '"')):
                problems.append(f'{where}: the description is not a sentence ending in a full stop')

for p in problems:
    print(p)
if problems:
    sys.exit(1)
print(f'{keys} keys, each with a summary and a description')
