#pragma once

#include "subscription.h"

#include <QAbstractTableModel>
#include <QTimer>
#include <QWidget>

class QLabel;
class QLineEdit;
class QTableView;

namespace linedesk {
class Session;
}

namespace linedesk::ui {

// Support's list of every subscription, as GET /subscription?search= returns it.
class SubscriptionListModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        NameColumn,
        PlanColumn,
        StatusColumn,
        LinesColumn,
        CreditsColumn,
        ColumnCount
    };
    enum Role
    {
        IdRole = Qt::UserRole + 1,
        NameRole
    };
    using QAbstractTableModel::QAbstractTableModel;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    void setSubscriptions(const QList<Subscription> &list);

private:
    QList<Subscription> m_rows;
};

// The support user's first page: search, then open a subscription in Billing (read-only).
class SubscriptionsPage : public QWidget
{
    Q_OBJECT
public:
    explicit SubscriptionsPage(Session *session, QWidget *parent = nullptr);
    void search();

Q_SIGNALS:
    void inspectRequested();

protected:
    void showEvent(QShowEvent *event) override;

private:
    void open(const QModelIndex &index);

    Session *m_session;
    QLineEdit *m_search;
    QTableView *m_view;
    QLabel *m_status;
    SubscriptionListModel m_model;
    QTimer m_debounce;
    int m_seq = 0;
};

} // namespace linedesk::ui
