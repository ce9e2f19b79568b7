#include "cli.h"

#include <QCoreApplication>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("linedesk-server"));
    QCoreApplication::setApplicationVersion(QStringLiteral(LINEDESK_VERSION));
    return linedesk::server::runCommandLine(QCoreApplication::arguments());
}
