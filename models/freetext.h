#pragma once

#include <QString>
#include <QStringView>

namespace linedesk::freetext {

// Free text a person types and other people read later: a support agent's reason, a name.
// Such text must not hold characters that hide or disguise what is shown or logged: C0 and
// C1 controls, DEL, the bidirectional marks, embeddings, overrides and isolates (U+061C,
// U+200E, U+200F, U+202A–U+202E, U+2066–U+2069), and unpaired surrogates (not text at all).
// Multi-line text may keep tabs and line breaks (LF, or CR LF).
enum class Lines
{
    Single,
    Multiple,
};

// Empty when `text` is acceptable; otherwise the first offending character and where it is,
// e.g. "U+202E (right-to-left override) at character 12".
QString problem(QStringView text, Lines lines = Lines::Single);

// Length in characters (Unicode code points), as a person counts them.
qsizetype length(QStringView text);

} // namespace linedesk::freetext
