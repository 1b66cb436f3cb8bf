#!/bin/sh
# check-screenshots.sh METAINFO SOURCE_ROOT NAME…
#
# The metainfo names its screenshots by their URL in the repository; each must be one of the
# NAMEs (data/screenshots/NAME), each NAME must be named, and each file must exist and be a PNG.
# Until a screenshot exists the test is skipped (exit 77), saying which are missing.
#
# Copyright 2026 The Memory Atlas authors
# SPDX-License-Identifier: GPL-3.0-or-later

set -u
metainfo=$1
root=$2
shift 2
prefix=https://raw.githubusercontent.com/memoryatlas/memory-atlas/main/
status=0
missing=

urls=$(sed -n 's|.*<image[^>]*>\([^<]*\)</image>.*|\1|p' "$metainfo")
if [ -z "$urls" ]; then
  echo "$metainfo names no screenshot"
  exit 1
fi

for url in $urls; do
  case $url in
    "$prefix"data/screenshots/*) ;;
    *) echo "$url: not a screenshot in the repository (${prefix}data/screenshots/NAME)"
       status=1
       continue ;;
  esac
  name=${url#"$prefix"data/screenshots/}
  known=no
  for n in "$@"; do
    [ "$n" = "$name" ] && known=yes
  done
  if [ $known = no ]; then
    echo "$url: $name is not in screenshot_names in data/meson.build"
    status=1
  fi
done

for n in "$@"; do
  if ! echo "$urls" | grep -qx "${prefix}data/screenshots/$n"; then
    echo "data/screenshots/$n: in screenshot_names but not named by the metainfo"
    status=1
  fi
  file=$root/data/screenshots/$n
  if [ ! -e "$file" ]; then
    missing="$missing data/screenshots/$n"
  elif [ "$(od -An -tx1 -N8 "$file" | tr -d ' \n')" != 89504e470d0a1a0a ]; then
    echo "data/screenshots/$n: not a PNG file"
    status=1
  else
    size=$(od -An -tu1 -j16 -N8 "$file" | awk '{ printf "%d×%d", $1*16777216 + $2*65536 + $3*256 + $4, $5*16777216 + $6*65536 + $7*256 + $8 }')
    echo "data/screenshots/$n: PNG, $size"
  fi
done

if [ $status -ne 0 ]; then
  exit $status
fi
if [ -n "$missing" ]; then
  echo "SKIP: screenshots not made yet:$missing"
  echo "(make them with memory-atlas --screenshot FILE.png; see README.md)"
  exit 77
fi
echo "all $# screenshots exist"
