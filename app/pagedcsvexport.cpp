#include "pagedcsvexport.h"

#include "audittrailmodel.h"
#include "csv.h"
#include "subscriptionsearchmodel.h"

#include <QJsonDocument>
#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcCsvExport, "linedesk.app.export", QtInfoMsg)

namespace linedesk {

PagedCsvExport::PagedCsvExport(QStringList header, FetchPage fetch, QObject *parent)
    : QObject(parent), m_header(std::move(header)), m_fetch(std::move(fetch))
{}

PagedCsvExport::~PagedCsvExport()
{
    if (m_file)
        m_file->cancelWriting();
}

PagedCsvExport *PagedCsvExport::subscriptions(ApiClient *api, const SubscriptionQuery &query,
                                              QObject *parent, int pageSize)
{
    return new PagedCsvExport(
        SubscriptionSearchModel::csvHeader(),
        [api, query, pageSize](QObject *context, const QString &cursor,
                               std::function<void(Page)> done) {
            api->searchSubscriptions(
                context, query, cursor,
                [done](const ApiResult<ApiPage<SubscriptionSummary>> &r) {
                    Page page;
                    if (!r.ok()) {
                        page.error = r.error;
                    } else {
                        page.rows.reserve(r.value->results.size());
                        for (const SubscriptionSummary &s : r.value->results)
                            page.rows.append(SubscriptionSearchModel::csvFields(s));
                        page.nextCursor = r.value->nextCursor;
                    }
                    done(page);
                },
                pageSize);
        },
        parent);
}

PagedCsvExport *PagedCsvExport::auditTrail(ApiClient *api, const QString &subscriptionId,
                                           QObject *parent)
{
    const QStringList header{
        QStringLiteral("at (UTC)"), QStringLiteral("actor"),  QStringLiteral("action"),
        QStringLiteral("change"),   QStringLiteral("reason"), QStringLiteral("requestId"),
        QStringLiteral("before"),   QStringLiteral("after"),  QStringLiteral("id")};
    return new PagedCsvExport(
        header,
        [api, subscriptionId](QObject *context, const QString &cursor,
                              std::function<void(Page)> done) {
            api->auditTrail(
                context, subscriptionId, cursor,
                [done](const ApiResult<ApiPage<AuditEntry>> &r) {
                    Page page;
                    if (!r.ok()) {
                        page.error = r.error;
                    } else {
                        for (const AuditEntry &e : r.value->results)
                            page.rows.append(
                                {e.at.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz")),
                                 e.actor, e.action,
                                 AuditTrailModel::describeChange(e.before, e.after), e.reason,
                                 e.requestId,
                                 QString::fromUtf8(
                                     QJsonDocument(e.before).toJson(QJsonDocument::Compact)),
                                 QString::fromUtf8(
                                     QJsonDocument(e.after).toJson(QJsonDocument::Compact)),
                                 e.id});
                        page.nextCursor = r.value->nextCursor;
                    }
                    done(page);
                },
                1000);
        },
        parent);
}

bool PagedCsvExport::start(const QString &path)
{
    if (m_running)
        return false;
    m_rows = 0;
    m_pages = 0;
    m_error.clear();
    m_file = std::make_unique<QSaveFile>(path);
    if (!m_file->open(QIODevice::WriteOnly)) {
        m_error = tr("Cannot write %1: %2").arg(path, m_file->errorString());
        m_file.reset();
        return false;
    }
    // A UTF-8 byte order mark, so spreadsheet programs read names with accents correctly.
    m_file->write("\xEF\xBB\xBF");
    m_file->write(csv::row(m_header).toUtf8());
    m_running = true;
    m_context = new QObject(this);
    qCInfo(lcCsvExport).noquote() << "exporting to" << path;
    next(QString());
    return true;
}

void PagedCsvExport::next(const QString &cursor)
{
    m_fetch(m_context, cursor, [this](const Page &page) {
        if (!m_running)
            return;
        if (page.error) {
            finish(false, page.error->message);
            return;
        }
        ++m_pages;
        QByteArray chunk;
        for (const QStringList &row : page.rows)
            chunk += csv::row(row).toUtf8();
        if (m_file->write(chunk) != chunk.size()) {
            finish(false, m_file->errorString());
            return;
        }
        m_rows += int(page.rows.size());
        Q_EMIT progress(m_rows);
        if (page.nextCursor.isEmpty()) {
            finish(true, {});
            return;
        }
        next(page.nextCursor);
    });
}

void PagedCsvExport::cancel()
{
    if (m_running)
        finish(false, {});
}

void PagedCsvExport::finish(bool ok, const QString &error)
{
    m_running = false;
    // Answers still on their way belong to the old context: they are dropped with it.
    delete m_context;
    m_context = nullptr;
    if (ok && !m_file->commit()) {
        ok = false;
        m_error = m_file->errorString();
    } else if (!ok) {
        m_file->cancelWriting();
        m_error = error;
    }
    m_file.reset();
    qCInfo(lcCsvExport) << "export" << (ok ? "done:" : "stopped:") << m_rows << "rows" << m_error;
    Q_EMIT finished(ok);
}

} // namespace linedesk
