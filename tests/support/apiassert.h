#pragma once

#include "apierror.h"
#include "testserver.h"

#include <QTest>

namespace linedesk::test {

// The API's error answer, exactly: the status, a JSON body {statusCode, error, message, code}
// and nothing else, and the headers every answer carries.
inline void verifyError(const HttpResult &r, int status, const QString &code)
{
    QVERIFY2(r.status != 0, qPrintable(r.networkError));
    QCOMPARE(r.status, status);
    const QJsonObject o = r.object();
    QStringList keys = o.keys();
    keys.sort();
    QCOMPARE(keys, (QStringList{QStringLiteral("code"), QStringLiteral("error"),
                                QStringLiteral("message"), QStringLiteral("statusCode")}));
    QCOMPARE(o.value(QLatin1String("statusCode")).toInt(), status);
    QCOMPARE(o.value(QLatin1String("error")).toString(), ApiError::reasonPhrase(status));
    QVERIFY(!o.value(QLatin1String("message")).toString().isEmpty());
    QCOMPARE(o.value(QLatin1String("code")).toString(), code);
    QCOMPARE(r.header("Content-Type"), QByteArray("application/json"));
    QVERIFY(!r.header("X-Request-Id").isEmpty());
}

} // namespace linedesk::test
