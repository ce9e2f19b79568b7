#pragma once

#include "apiclient.h"

#include <QObject>
#include <QSaveFile>

#include <functional>
#include <memory>

namespace linedesk {

// Writes every row of a paged list to a CSV file, asking the service page after page
// (keyset cursors) so the whole list never sits in memory. The file appears only when the
// last page was written (QSaveFile); a cancelled or failed export leaves nothing behind.
class PagedCsvExport : public QObject
{
    Q_OBJECT
public:
    // One page: its rows as CSV fields and the next cursor (empty: the end), or an error.
    struct Page
    {
        QList<QStringList> rows;
        QString nextCursor;
        std::optional<ApiError> error;
    };
    using FetchPage =
        std::function<void(QObject *context, const QString &cursor, std::function<void(Page)>)>;

    PagedCsvExport(QStringList header, FetchPage fetch, QObject *parent = nullptr);
    ~PagedCsvExport() override;

    // Every subscription matching `query`, in its order, 1000 per request.
    static PagedCsvExport *subscriptions(ApiClient *api, const SubscriptionQuery &query,
                                         QObject *parent = nullptr, int pageSize = 1000);
    // A subscription's whole audit trail, newest first.
    static PagedCsvExport *auditTrail(ApiClient *api, const QString &subscriptionId,
                                      QObject *parent = nullptr);

    // Opens `path` and starts; false (and error()) if the file cannot be written.
    bool start(const QString &path);
    void cancel();
    bool isRunning() const { return m_running; }
    int rowsWritten() const { return m_rows; }
    int pagesRead() const { return m_pages; }
    QString error() const { return m_error; }

Q_SIGNALS:
    void progress(int rowsWritten);
    // ok: the file is complete. Otherwise error() says why (empty when cancelled).
    void finished(bool ok);

private:
    void next(const QString &cursor);
    void finish(bool ok, const QString &error);

    QStringList m_header;
    FetchPage m_fetch;
    std::unique_ptr<QSaveFile> m_file;
    QObject *m_context = nullptr; // replaced on cancel: late answers find no receiver
    bool m_running = false;
    int m_rows = 0;
    int m_pages = 0;
    QString m_error;
};

} // namespace linedesk
