#pragma once

#include <QString>

namespace linedesk {

// The console's words for a service error code (docs/openapi.yaml, Error.code), in the UI
// language; empty for a code it does not know, when the service's own (English) message is
// shown instead.
QString describeApiError(const QString &code);

} // namespace linedesk
