#pragma once

#include "alert.h"

#include "pagedtablemodel.h"

#include <QAbstractTableModel>

namespace linedesk {

// A subscription's webhooks (at most 10: one unpaged list).
class WebhookModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        UrlColumn,
        SecretColumn,
        CreatedColumn,
        CreatedByColumn,
        ColumnCount
    };
    enum Role
    {
        IdRole = Qt::UserRole + 1,
        UrlRole,
        WebhookRole,
    };
    Q_ENUM(Role)

    explicit WebhookModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    void setWebhooks(const QList<Webhook> &webhooks);
    const QList<Webhook> &webhooks() const { return m_rows; }
    const Webhook &at(int row) const { return m_rows.at(row); }
    int rowOf(const QString &id) const;

private:
    QList<Webhook> m_rows;
};

// One webhook's deliveries, newest first, paged.
class WebhookDeliveryModel : public PagedRowsModel<WebhookDelivery>
{
    Q_OBJECT
public:
    enum Column
    {
        CreatedColumn,
        AlertColumn, // "Calls blocked — firing"
        StateColumn,
        AttemptsColumn,
        LastResultColumn,
        DeliveredColumn, // delivered at, or the next attempt's time
        ColumnCount
    };
    enum Role
    {
        IdRole = Qt::UserRole + 1,
        StateRole, // pending, delivered, failed, cancelled
        DeliveryRole,
    };
    Q_ENUM(Role)

    explicit WebhookDeliveryModel(QObject *parent = nullptr);

    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
};

} // namespace linedesk
