#include "webhookmodels.h"

#include "localeformat.h"

namespace linedesk {

WebhookModel::WebhookModel(QObject *parent) : QAbstractTableModel(parent) {}

int WebhookModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int WebhookModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant WebhookModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Webhook &w = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case UrlColumn:
            return w.url;
        case SecretColumn:
            return w.secretHint;
        case CreatedColumn:
            return format::dateTime(w.createdAt);
        case CreatedByColumn:
            return w.createdBy;
        }
        return {};
    case Qt::ToolTipRole:
        return w.url;
    case IdRole:
        return w.id;
    case UrlRole:
        return w.url;
    case WebhookRole:
        return QVariant::fromValue(w);
    }
    return {};
}

QVariant WebhookModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case UrlColumn:
        return tr("URL");
    case SecretColumn:
        return tr("Secret");
    case CreatedColumn:
        return tr("Added");
    case CreatedByColumn:
        return tr("By");
    }
    return {};
}

void WebhookModel::setWebhooks(const QList<Webhook> &webhooks)
{
    beginResetModel();
    m_rows = webhooks;
    endResetModel();
}

int WebhookModel::rowOf(const QString &id) const
{
    for (qsizetype i = 0; i < m_rows.size(); ++i)
        if (m_rows.at(i).id == id)
            return int(i);
    return -1;
}

WebhookDeliveryModel::WebhookDeliveryModel(QObject *parent)
    : PagedRowsModel<WebhookDelivery>(parent)
{}

int WebhookDeliveryModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant WebhookDeliveryModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const WebhookDelivery &d = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case CreatedColumn:
            return format::dateTime(d.createdAt);
        case AlertColumn: {
            const QString kind = d.alertKind == Alert::Kind::Unknown && !d.alertKindName.isEmpty()
                                     ? d.alertKindName
                                     : Alert::kindTitle(d.alertKind);
            return d.alertState == Alert::State::Resolved ? tr("%1 — resolved").arg(kind)
                                                          : tr("%1 — firing").arg(kind);
        }
        case StateColumn:
            return d.stateText();
        case AttemptsColumn:
            return d.attempts;
        case LastResultColumn:
            return d.lastResultText();
        case DeliveredColumn:
            if (d.deliveredAt.isValid())
                return format::dateTime(d.deliveredAt);
            if (d.nextAttemptAt.isValid())
                return tr("next try %1").arg(format::dateTime(d.nextAttemptAt));
            return tr("—");
        }
        return {};
    case Qt::ToolTipRole: {
        auto result = [](const WebhookAttempt &a) {
            if (a.statusCode && !a.error.isEmpty() &&
                !a.error.contains(QString::number(*a.statusCode)))
                return tr("HTTP %1: %2").arg(*a.statusCode).arg(a.error);
            if (a.statusCode && a.error.isEmpty())
                return tr("HTTP %1").arg(*a.statusCode);
            return a.error.isEmpty() ? tr("no answer") : a.error;
        };
        QStringList lines;
        for (const WebhookAttempt &a : d.attemptLog)
            lines << tr("%1: %2 (%3 ms)").arg(format::dateTime(a.at), result(a)).arg(a.durationMs);
        return lines.isEmpty() ? d.lastResultText() : lines.join(QLatin1Char('\n'));
    }
    case IdRole:
        return d.id;
    case StateRole:
        return d.state;
    case DeliveryRole:
        return QVariant::fromValue(d);
    }
    return {};
}

QVariant WebhookDeliveryModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return PagedRowsModel::headerData(section, orientation, role);
    switch (section) {
    case CreatedColumn:
        return tr("Created");
    case AlertColumn:
        return tr("Alert");
    case StateColumn:
        return tr("Delivery");
    case AttemptsColumn:
        return tr("Attempts");
    case LastResultColumn:
        return tr("Last result");
    case DeliveredColumn:
        return tr("Delivered / next try");
    }
    return {};
}

} // namespace linedesk
