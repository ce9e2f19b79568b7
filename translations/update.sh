#!/bin/sh
# Refreshes the catalogues from the sources: German gets every string, English only the
# plural forms ("%n line(s)" -> "1 line" / "2 lines"). Then translate what lupdate marked
# unfinished in linedesk_de.ts (Qt Linguist, or by hand) and run the tst_german_catalogue test.
set -e
cd "$(dirname "$0")/.."
LUPDATE=${LUPDATE:-$(command -v lupdate6 || command -v lupdate || echo /usr/lib/qt6/bin/lupdate)}
SOURCES="ui app models"
"$LUPDATE" -no-obsolete -locations none $SOURCES -ts translations/linedesk_de.ts
"$LUPDATE" -no-obsolete -locations none -pluralonly $SOURCES -ts translations/linedesk_en.ts
