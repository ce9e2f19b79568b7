#include "logging.h"

Q_LOGGING_CATEGORY(lcApi, "linedesk.app.api")
Q_LOGGING_CATEGORY(lcSession, "linedesk.app.session")
Q_LOGGING_CATEGORY(lcEmbedded, "linedesk.app.embedded")
Q_LOGGING_CATEGORY(lcConnection, "linedesk.app.connection")
Q_LOGGING_CATEGORY(lcSettings, "linedesk.app.settings")
