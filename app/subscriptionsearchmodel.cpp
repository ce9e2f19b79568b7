#include "subscriptionsearchmodel.h"

#include "localeformat.h"

#include <QLoggingCategory>

#include <algorithm>
#include <utility>

Q_LOGGING_CATEGORY(lcSearchModel, "linedesk.app.subscriptions", QtInfoMsg)

namespace linedesk {

namespace {

QString utcText(const QDateTime &t)
{
    // Readable in a spreadsheet and still sortable as text.
    return t.isValid() ? t.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")) : QString();
}

bool isNumeric(int column)
{
    return column >= SubscriptionSearchModel::CreditsColumn;
}

} // namespace

SubscriptionSearchModel::SubscriptionSearchModel(ApiClient *api, QObject *parent)
    : SubscriptionSearchModel(SubscriptionPageCache::apiFetcher(api), parent)
{}

SubscriptionSearchModel::SubscriptionSearchModel(SubscriptionPageCache::Fetcher fetcher,
                                                 QObject *parent)
    : QAbstractTableModel(parent), m_cache(new SubscriptionPageCache(std::move(fetcher), this))
{
    connect(m_cache, &SubscriptionPageCache::aboutToReset, this,
            &SubscriptionSearchModel::beginResetModel);
    connect(m_cache, &SubscriptionPageCache::resetDone, this,
            &SubscriptionSearchModel::endResetModel);
    connect(m_cache, &SubscriptionPageCache::aboutToInsert, this,
            [this](int first, int last) { beginInsertRows({}, first, last); });
    connect(m_cache, &SubscriptionPageCache::insertDone, this,
            &SubscriptionSearchModel::endInsertRows);
    connect(m_cache, &SubscriptionPageCache::rowsChanged, this, [this](int first, int last) {
        Q_EMIT dataChanged(index(first, 0), index(last, ColumnCount - 1));
    });
    connect(m_cache, &SubscriptionPageCache::stateChanged, this,
            &SubscriptionSearchModel::stateChanged);
    connect(m_cache, &SubscriptionPageCache::queryAnswered, this,
            &SubscriptionSearchModel::queryAnswered);
    connect(m_cache, &SubscriptionPageCache::loadFailed, this,
            &SubscriptionSearchModel::loadFailed);
}

int SubscriptionSearchModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_cache->rowCount();
}

int SubscriptionSearchModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString SubscriptionSearchModel::typeName(const QString &type)
{
    static const QHash<QString, QString> names{
        {QStringLiteral("pay-as-you-go"), tr("Pay as you go")},
        {QStringLiteral("startup"), tr("Startup")},
        {QStringLiteral("growth"), tr("Growth")},
        {QStringLiteral("scale"), tr("Scale")},
        {QStringLiteral("agency"), tr("Agency")},
        {QStringLiteral("enterprise"), tr("Enterprise")},
    };
    return names.value(type, type);
}

QVariant SubscriptionSearchModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const int column = index.column();
    using RowState = SubscriptionPageCache::RowState;
    const SubscriptionSummary *summary = nullptr;
    const RowState state = m_cache->lookup(index.row(), &summary);
    // A painted row: the rows near it stay cached, and a dropped page comes back.
    m_cache->ask(index.row());
    if (state != RowState::Loaded) {
        switch (role) {
        case Qt::DisplayRole:
            if (column != NameColumn)
                return QString();
            if (state == RowState::Gone)
                return tr("No longer in the list");
            return state == RowState::Failed ? tr("Not loaded") : tr("…");
        case Qt::ToolTipRole:
            if (state == RowState::Gone)
                return tr("This subscription no longer matches; Refresh (F5) updates the list");
            if (state == RowState::Failed)
                return tr("The service did not answer; scroll again to retry");
            return tr("Loading…");
        case Qt::TextAlignmentRole:
            return QVariant::fromValue((isNumeric(column) ? Qt::AlignRight : Qt::AlignLeft) |
                                       Qt::AlignVCenter);
        case AlertRole:
            return false;
        }
        return {};
    }
    const SubscriptionSummary &row = *summary;
    const Subscription &s = row.subscription;
    switch (role) {
    case IdRole:
        return s.id;
    case NameRole:
        return s.name;
    case OrgNamesRole:
        return row.orgNames();
    case SummaryRole:
        return QVariant::fromValue(row);
    case Qt::TextAlignmentRole:
        return QVariant::fromValue((isNumeric(column) ? Qt::AlignRight : Qt::AlignLeft) |
                                   Qt::AlignVCenter);
    case Qt::ToolTipRole:
        switch (column) {
        case NameColumn:
        case IdColumn:
            return tr("%1\n%2").arg(s.name, s.id);
        case OrgsColumn:
            return row.orgNames();
        case MatchedColumn:
            return row.matchedEmails.isEmpty()
                       ? QVariant()
                       : QVariant(row.matchedEmails.join(QLatin1Char('\n')));
        case PeakColumn:
        case BlockedColumn:
        case UtilisationColumn:
            return row.usageAt.isValid()
                       ? tr("Last 24 hours, computed %1").arg(format::dateTime(row.usageAt))
                       : QVariant();
        case ActiveColumn:
            return tr("Calls holding a line now");
        }
        return {};
    case AlertRole:
        return ((column == StatusColumn && s.isFrozen()) ||
                (column == BlockedColumn && row.blockedCalls24h > 0) ||
                (column == ActiveColumn && s.concurrencyCounter >= s.concurrencyLimit()) ||
                (column == UtilisationColumn && row.utilisationPercent >= 100));
    case ValueRole:
    case Qt::DisplayRole:
        break;
    default:
        return {};
    }
    const bool raw = role == ValueRole;
    const QVariant noUsage = raw ? QVariant() : QVariant(tr("—"));
    switch (column) {
    case NameColumn:
        return s.name;
    case IdColumn:
        return s.id;
    case OrgsColumn:
        return row.orgNames();
    case MatchedColumn:
        return row.matchedEmails.join(QStringLiteral(", "));
    case TypeColumn:
        return raw ? s.type : typeName(s.type);
    case StatusColumn:
        return raw ? s.status : (s.isFrozen() ? tr("Frozen") : tr("Active"));
    case CreditsColumn:
        return raw ? QVariant(s.credits.cents()) : QVariant(format::money(s.credits.cents()));
    case IncludedColumn:
        return s.concurrencyLimitIncluded;
    case PurchasedColumn:
        return s.concurrencyLimitPurchased;
    case LimitColumn:
        return s.concurrencyLimit();
    case ActiveColumn:
        return s.concurrencyCounter;
    case PeakColumn:
        return row.hasUsage ? QVariant(row.peakCalls24h) : noUsage;
    case BlockedColumn:
        return row.hasUsage ? QVariant(row.blockedCalls24h) : noUsage;
    case UtilisationColumn:
        if (!row.hasUsage)
            return noUsage;
        return raw ? QVariant(row.utilisationPercent)
                   : QVariant(tr("%1%").arg(QLocale().toString(row.utilisationPercent)));
    }
    return {};
}

QVariant SubscriptionSearchModel::headerData(int section, Qt::Orientation orientation,
                                             int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount)
        return QAbstractTableModel::headerData(section, orientation, role);
    if (role == Qt::TextAlignmentRole)
        return QVariant::fromValue((isNumeric(section) ? Qt::AlignRight : Qt::AlignLeft) |
                                   Qt::AlignVCenter);
    static const char *const names[] = {
        QT_TR_NOOP("Subscription"),  QT_TR_NOOP("Id"),       QT_TR_NOOP("Organizations"),
        QT_TR_NOOP("Matched email"), QT_TR_NOOP("Type"),     QT_TR_NOOP("Status"),
        QT_TR_NOOP("Credits"),       QT_TR_NOOP("Incl."),    QT_TR_NOOP("Bought"),
        QT_TR_NOOP("Limit"),         QT_TR_NOOP("Active"),   QT_TR_NOOP("Peak\n24 h"),
        QT_TR_NOOP("Blocked\n24 h"), QT_TR_NOOP("Use\n24 h")};
    static const char *const tips[] = {
        QT_TR_NOOP("Subscription name"),
        QT_TR_NOOP("Subscription id"),
        QT_TR_NOOP("Organizations sharing the subscription"),
        QT_TR_NOOP("The members' emails the search matched"),
        QT_TR_NOOP("Plan type"),
        QT_TR_NOOP("Active or frozen"),
        QT_TR_NOOP("Prepaid credits"),
        QT_TR_NOOP("Lines included in the plan"),
        QT_TR_NOOP("Lines purchased as an add-on"),
        QT_TR_NOOP("Concurrency limit: included + purchased"),
        QT_TR_NOOP("Calls active now"),
        QT_TR_NOOP("Most calls at once in the last 24 hours"),
        QT_TR_NOOP("Calls blocked at the limit in the last 24 hours"),
        QT_TR_NOOP("24-hour peak as a share of today's limit")};
    if (role == Qt::DisplayRole)
        return tr(names[section]);
    if (role == Qt::ToolTipRole)
        return isSortable(section) ? tr("%1 — click to sort").arg(tr(tips[section]))
                                   : tr(tips[section]);
    return {};
}

QHash<int, QByteArray> SubscriptionSearchModel::roleNames() const
{
    QHash<int, QByteArray> roles = QAbstractTableModel::roleNames();
    roles.insert(IdRole, "subscriptionId");
    roles.insert(NameRole, "name");
    roles.insert(OrgNamesRole, "orgNames");
    roles.insert(SummaryRole, "summary");
    roles.insert(ValueRole, "value");
    roles.insert(AlertRole, "alert");
    return roles;
}

QString SubscriptionSearchModel::sortKey(int column)
{
    static const char *const keys[] = {"name",
                                       "id",
                                       "orgs",
                                       "",
                                       "type",
                                       "status",
                                       "credits",
                                       "concurrencyLimitIncluded",
                                       "concurrencyLimitPurchased",
                                       "concurrencyLimit",
                                       "concurrencyCounter",
                                       "peakCalls24h",
                                       "blockedCalls24h",
                                       "utilisationPercent"};
    static_assert(std::size(keys) == ColumnCount);
    return column >= 0 && column < ColumnCount ? QString::fromLatin1(keys[column]) : QString();
}

bool SubscriptionSearchModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && m_cache->canFetchMore();
}

void SubscriptionSearchModel::fetchMore(const QModelIndex &parent)
{
    if (!parent.isValid())
        m_cache->fetchMore();
}

void SubscriptionSearchModel::sort(int column, Qt::SortOrder order)
{
    if (!isSortable(column))
        return;
    const bool asked = m_cache->hasAsked();
    if (column == m_sortColumn && order == m_sortOrder && asked)
        return;
    m_sortColumn = column;
    m_sortOrder = order;
    SubscriptionQuery q = m_cache->query();
    q.sort = (order == Qt::DescendingOrder ? QStringLiteral("-") : QString()) + sortKey(column);
    // A view calls sort() when sorting is switched on: remember the order, but the first
    // query waits until someone asks for the list (reload(), or a search or filter).
    if (asked)
        m_cache->setQuery(q);
    else
        m_cache->presetQuery(q);
}

void SubscriptionSearchModel::setSearch(const QString &text)
{
    SubscriptionQuery q = m_cache->query();
    q.search = text.trimmed();
    setQuery(q);
}

void SubscriptionSearchModel::setFilters(const QStringList &filters)
{
    SubscriptionQuery q = m_cache->query();
    q.filters = filters;
    setQuery(q);
}

void SubscriptionSearchModel::setType(const QString &type)
{
    SubscriptionQuery q = m_cache->query();
    q.type = type;
    setQuery(q);
}

void SubscriptionSearchModel::setQuery(const SubscriptionQuery &query)
{
    if (query == m_cache->query() && m_cache->hasAsked())
        return;
    // Keep the header's indicator and our sort in step with a sort given in the query.
    const bool descending = query.sort.startsWith(QLatin1Char('-'));
    const QString key = descending ? query.sort.mid(1) : query.sort;
    for (int c = 0; c < ColumnCount; ++c)
        if (sortKey(c) == (key.isEmpty() ? QStringLiteral("name") : key)) {
            m_sortColumn = c;
            m_sortOrder = descending ? Qt::DescendingOrder : Qt::AscendingOrder;
        }
    m_cache->presetQuery(query);
    m_cache->reload();
}

QStringList SubscriptionSearchModel::csvHeader()
{
    return {QStringLiteral("id"),
            QStringLiteral("name"),
            QStringLiteral("orgIds"),
            QStringLiteral("orgNames"),
            QStringLiteral("type"),
            QStringLiteral("status"),
            QStringLiteral("credits"),
            QStringLiteral("concurrencyLimitIncluded"),
            QStringLiteral("concurrencyLimitPurchased"),
            QStringLiteral("concurrencyLimit"),
            QStringLiteral("activeNow"),
            QStringLiteral("peakCalls24h"),
            QStringLiteral("blockedCalls24h"),
            QStringLiteral("utilisationPercent"),
            QStringLiteral("currentPeriodStart (UTC)"),
            QStringLiteral("currentPeriodEnd (UTC)"),
            QStringLiteral("linePrice"),
            QStringLiteral("monthlyCharge"),
            QStringLiteral("createdAt (UTC)"),
            QStringLiteral("updatedAt (UTC)"),
            QStringLiteral("version"),
            QStringLiteral("usageAt (UTC)")};
}

QStringList SubscriptionSearchModel::csvFields(const SubscriptionSummary &row)
{
    const Subscription &s = row.subscription;
    QStringList orgIds, orgNames;
    for (const SubscriptionSummary::Org &o : row.orgs) {
        orgIds << o.id;
        orgNames << o.name;
    }
    if (orgIds.isEmpty())
        orgIds = s.orgIds;
    const auto usage = [&row](int n) { return row.hasUsage ? QString::number(n) : QString(); };
    // Several organizations in one cell, separated by "; " (the cell is quoted if needed).
    return {s.id,
            s.name,
            orgIds.join(QStringLiteral("; ")),
            orgNames.join(QStringLiteral("; ")),
            s.type,
            s.status,
            s.credits.toDecimalString(),
            QString::number(s.concurrencyLimitIncluded),
            QString::number(s.concurrencyLimitPurchased),
            QString::number(s.concurrencyLimit()),
            QString::number(s.concurrencyCounter),
            usage(row.peakCalls24h),
            usage(row.blockedCalls24h),
            usage(row.utilisationPercent),
            utcText(s.currentPeriodStart),
            utcText(s.currentPeriodEnd),
            Money::fromCents(s.linePriceCents).toDecimalString(),
            Money::fromCents(s.monthlyChargeCents()).toDecimalString(),
            utcText(s.createdAt),
            utcText(s.updatedAt),
            QString::number(s.version),
            utcText(row.usageAt)};
}

} // namespace linedesk
