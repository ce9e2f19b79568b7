#pragma once

#include <QStringList>

namespace linedesk::csv {

// One field as RFC 4180 writes it: quoted when it holds a comma, quote, CR or LF (quotes
// doubled), and also when it starts with = + - @ so a spreadsheet does not run it as a formula.
QString field(const QString &value);
// A whole record, CRLF-terminated as RFC 4180 asks.
QString row(const QStringList &fields);

} // namespace linedesk::csv
