#pragma once

#include "alertlistmodel.h"
#include "apiclient.h"

#include <QObject>

namespace linedesk {

class AlertCenter;
class Session;

// The Alerts page's data: the current subscription's alerts, loaded page by page into an
// AlertListModel and kept current by the live feed (through the AlertCenter).
class AlertLog : public QObject
{
    Q_OBJECT
public:
    AlertLog(Session *session, AlertCenter *center, QObject *parent = nullptr);

    AlertListModel *model() { return &m_model; }
    // Only firing or resolved ones, or one kind (empty fields: all).
    AlertQuery query() const { return m_query; }
    void setQuery(const AlertQuery &query);
    // True until the first page of the current subscription has been answered.
    bool isLoading() const { return m_loading > 0; }
    bool hasLoaded() const { return m_loaded; }
    bool canLoadMore() const { return m_model.canFetchMore({}); }
    // Empty when the last page request was answered; else what went wrong.
    QString lastError() const { return m_lastError; }

    void reload();
    void loadMore();
    // Reads the first page again and merges it in place (newer figures of a firing alert, a
    // fire or resolve missed), without emptying the list or losing the rows below.
    void refresh();

Q_SIGNALS:
    void loadingChanged();
    void loaded();
    void loadFailed(const linedesk::ApiError &error);

private:
    void fetch(const QString &cursor);
    void alertArrived(const Alert &alert);
    bool matches(const Alert &alert) const;

    Session *m_session;
    AlertCenter *m_center;
    AlertListModel m_model;
    AlertQuery m_query;
    QString m_subscriptionId;
    QString m_lastError;
    bool m_loaded = false;
    int m_loading = 0;
    int m_generation = 0;
};

} // namespace linedesk
