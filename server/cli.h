#pragma once

#include <QStringList>

namespace linedesk::server {

// linedesk-server's command line: serving, and the operator commands under "admin".
// Returns the process exit code.
int runCommandLine(const QStringList &arguments);

} // namespace linedesk::server
