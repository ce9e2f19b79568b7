#include "inspector.h"

#include "accounts.h"
#include "apiexception.h"
#include "database.h"
#include "jsonutil.h"

#include <QJsonArray>
#include <QLoggingCategory>
#include <QRegularExpression>
#include <QSqlQuery>

#include <optional>

Q_LOGGING_CATEGORY(lcInspector, "linedesk.server.inspector", QtInfoMsg)

namespace linedesk::server {

namespace {

struct SortColumn
{
    const char *name;
    const char *expr;  // ordered by (expr, id)
    const char *index; // the index on (expr, id): see migration 4
    bool numeric;
    const char *postgresExpr = nullptr; // where PostgreSQL spells it otherwise
};

const SortColumn kColumns[] = {
    {"name", "s.name COLLATE NOCASE", "subscription_by_name", false, "linedesk_nocase(s.name)"},
    {"id", "s.id", "sqlite_autoindex_subscription_1", false},
    {"orgs", "s.org_names COLLATE NOCASE", "subscription_by_orgs", false,
     "linedesk_nocase(s.org_names)"},
    {"createdAt", "s.created_at", "subscription_by_created", true},
    {"updatedAt", "s.updated_at", "subscription_by_updated", true},
    {"type", "s.type", "subscription_by_type", false},
    {"status", "s.status", "subscription_by_status", false},
    {"credits", "s.credits_cents", "subscription_by_credits", true},
    {"concurrencyCounter", "s.active_calls", "subscription_by_active", true},
    {"concurrencyLimitIncluded", "s.included_lines", "subscription_by_included", true},
    {"concurrencyLimitPurchased", "s.purchased_lines", "subscription_by_purchased", true},
    {"concurrencyLimit", "(s.included_lines + s.purchased_lines)", "subscription_by_limit", true},
    {"peakCalls24h", "s.peak_24h", "subscription_by_peak", true},
    {"blockedCalls24h", "s.blocked_24h", "subscription_by_blocked", true},
    {"utilisationPercent", "s.utilisation_percent", "subscription_by_utilisation", true},
};

// Below this many candidates a page is found by collecting the candidates (search matches
// or filtered rows) and sorting them; above it, by walking the sort column's index and
// checking each row, which stops after one page. Either way a page stays a bounded amount of
// work, whatever the data; SQLite's planner cannot know which case it is in.
constexpr int kSmallSet = 10000;
// When walking an index for a filter or a search, one page looks at this many rows at most:
// a rare match answers a short (even empty) page with a cursor that goes on from there.
constexpr int kScanBudget = 10000;
// PostgreSQL's counterparts (Inspector::searchPostgres), smaller: there a page's row costs
// more (a document checked in another table, 15-20 µs a row at 1,000,000 subscriptions on the
// project's 2-core machine; docs/benchmarks.md). Up to this many candidates are read and
// sorted;
constexpr int kPostgresSmallSet = 1000;
// a walk checks this many documents at most (filters alone: four times as many rows);
constexpr int kPostgresScanBudget = 1000;
// and a search the planner estimates at this many matches or more (1 % of the documents: one
// in its histogram of 100) is not read at all: it would only confirm that it is too many.
constexpr double kPostgresLikelyLarge = 10000;

// In the order their indexes are preferred to find a small filtered set: fewest rows first.
const struct
{
    const char *name;
    const char *condition;
    const char *index;
} kFilters[] = {
    {"at-limit", "s.active_calls >= s.included_lines + s.purchased_lines", "subscription_at_limit"},
    {"frozen", "s.status = 'frozen'", "subscription_by_status"},
    {"blocking", "s.blocked_24h > 0", "subscription_by_blocked"},
};

// Whether pg_trgm's index narrows ILIKE '%text%' down: it keeps runs of letters and digits
// only, and a run shorter than three characters yields no trigram of its own inside the text.
bool trigramSelective(const QString &text)
{
    int run = 0;
    for (const char32_t c : text.toUcs4()) {
        run = QChar::isLetterOrNumber(c) ? run + 1 : 0;
        if (run >= 3)
            return true;
    }
    return false;
}

QString isoUtc(qint64 ms)
{
    return json::isoTime(QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC));
}

// LIKE pattern for "contains" (searches shorter than a trigram), % and _ taken literally.
QString containsPattern(const QString &text)
{
    QString escaped = text;
    escaped.replace(QLatin1Char('\\'), QLatin1String("\\\\"));
    escaped.replace(QLatin1Char('%'), QLatin1String("\\%"));
    escaped.replace(QLatin1Char('_'), QLatin1String("\\_"));
    return QLatin1Char('%') + escaped + QLatin1Char('%');
}

} // namespace

// A text column ordered as SQLite's COLLATE NOCASE orders it.
QString Inspector::caseless(const char *column) const
{
    return m_db.isPostgres() ? QStringLiteral("linedesk_nocase(%1)").arg(QLatin1String(column))
                             : QStringLiteral("%1 COLLATE NOCASE").arg(QLatin1String(column));
}

QDateTime Inspector::usageAt() const
{
    const qint64 ms = m_usageAt->load();
    return ms == kNever ? QDateTime() : QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC);
}

QStringList Inspector::sortColumns()
{
    QStringList names;
    for (const SortColumn &c : kColumns)
        names << QLatin1String(c.name);
    return names;
}

QStringList Inspector::filterNames()
{
    QStringList names;
    for (const auto &f : kFilters)
        names << QLatin1String(f.name);
    return names;
}

QJsonObject Inspector::Results::toJson() const
{
    QJsonObject o = page.toJson();
    if (total >= 0) {
        o.insert(QStringLiteral("total"), total);
        o.insert(QStringLiteral("totalCapped"), totalCapped);
    }
    return o;
}

Inspector::Results Inspector::search(const Query &query, const PageRequest &page)
{
    const bool descending = query.sort.startsWith(QLatin1Char('-'));
    const QString sortName = descending
                                 ? query.sort.mid(1)
                                 : (query.sort.isEmpty() ? QStringLiteral("name") : query.sort);
    const SortColumn *column = nullptr;
    for (const SortColumn &c : kColumns)
        if (sortName == QLatin1String(c.name))
            column = &c;
    if (!column)
        throw ApiException(400, QStringLiteral("invalid-sort"),
                           QStringLiteral("cannot sort by \"%1\"; use one of %2")
                               .arg(sortName, sortColumns().join(QStringLiteral(", "))));

    QStringList where; // the filters, then the search
    QVariantMap binds;
    QStringList seen;
    int filterIndex = -1; // the preferred index among the filters asked for
    for (const QString &name : query.filters) {
        if (name.isEmpty() || seen.contains(name))
            continue;
        seen << name;
        bool known = false;
        for (int i = 0; i < int(std::size(kFilters)); ++i)
            if (name == QLatin1String(kFilters[i].name)) {
                where << QLatin1String(kFilters[i].condition);
                known = true;
                filterIndex = filterIndex < 0 ? i : qMin(filterIndex, i);
            }
        if (!known)
            throw ApiException(400, QStringLiteral("invalid-filter"),
                               QStringLiteral("unknown filter \"%1\"; use %2")
                                   .arg(name, filterNames().join(QStringLiteral(", "))));
    }
    if (!query.type.isEmpty()) {
        if (!Subscription::types().contains(query.type))
            throw ApiException(
                400, QStringLiteral("invalid-type"),
                QStringLiteral("unknown subscription type \"%1\"; use one of %2")
                    .arg(query.type, Subscription::types().join(QStringLiteral(", "))));
        where << QStringLiteral("s.type = :type");
        binds.insert(QStringLiteral(":type"), query.type);
    }
    const QString text = query.search.trimmed();
    if (m_db.isPostgres())
        return {searchPostgres(
            QLatin1String(column->postgresExpr ? column->postgresExpr : column->expr),
            column->numeric, descending, sortName, text, where, binds, page)};
    auto countUpTo = [this](const QString &sql, const QVariantMap &values) {
        QSqlQuery c = m_db.exec(
            QStringLiteral("SELECT COUNT(*) FROM (%1 LIMIT %2)").arg(sql).arg(kSmallSet + 1),
            values);
        return c.next() ? c.value(0).toInt() : 0;
    };
    const bool filtered = !where.isEmpty();
    const QString filterIndexed = filterIndex < 0 ? QString()
                                                  : QStringLiteral("INDEXED BY ") +
                                                        QLatin1String(kFilters[filterIndex].index);
    const bool smallFilter =
        filtered &&
        countUpTo(QStringLiteral("SELECT 1 FROM subscription s %1 WHERE ").arg(filterIndexed) +
                      where.join(QLatin1String(" AND ")),
                  binds) <= kSmallSet;
    bool smallSearch = false;
    if (isWholeId(text)) {
        // A whole id (the subscription's or one of its orgs'): no name contains one.
        where << QStringLiteral("(s.id = :id OR s.id IN (SELECT subscription_id FROM org"
                                " WHERE id = :id))");
        binds.insert(QStringLiteral(":id"), text.toLower());
        smallSearch = true;
    } else if (text.toUcs4().size() >= 3) { // characters, not UTF-16 units: FTS5 counts those
        // Trigram index: the whole text as one phrase is "contains this substring".
        QString phrase = text;
        phrase.replace(QLatin1Char('"'), QLatin1String("\"\""));
        const QString match = QLatin1Char('"') + phrase + QLatin1Char('"');
        // Read the matches once; a small set is handed to the page query as a JSON array.
        QSqlQuery m = m_db.exec(QStringLiteral("SELECT rowid FROM subscription_search WHERE"
                                               " subscription_search MATCH :q LIMIT %1")
                                    .arg(kSmallSet + 1),
                                {{QStringLiteral(":q"), match}});
        QByteArray rowids = "[";
        int matches = 0;
        while (m.next()) {
            if (matches++)
                rowids += ',';
            rowids += QByteArray::number(m.value(0).toLongLong());
        }
        rowids += ']';
        m.finish();
        smallSearch = matches <= kSmallSet;
        if (smallSearch) {
            where << QStringLiteral("s.rowid IN (SELECT value FROM json_each(:rowids))");
            binds.insert(QStringLiteral(":rowids"), QString::fromLatin1(rowids));
        } else {
            // "+s.rowid": many matches must not drive the query; the sort index does.
            where << QStringLiteral("+s.rowid IN (SELECT rowid FROM subscription_search"
                                    " WHERE subscription_search MATCH :q)");
            binds.insert(QStringLiteral(":q"), match);
        }
    } else if (!text.isEmpty()) {
        // Shorter than a trigram: checked row by row (a scan, but one that stops at a page).
        where << QStringLiteral("(SELECT doc FROM subscription_search WHERE rowid = s.rowid)"
                                " LIKE :p ESCAPE '\\'");
        binds.insert(QStringLiteral(":p"), containsPattern(text));
    }
    Results results;
    if (page.after.isEmpty()) {
        // The total, when it costs no more than the page: counting a small set of candidates,
        // or the first kTotalCap rows of everything. A large search with nothing else is
        // "more than kTotalCap" already; a rare match among many (a filter and a search both
        // large, or a short search) would scan every row, and is not counted.
        const bool largeSearchOnly = !smallSearch && !filtered && text.toUcs4().size() >= 3;
        if (smallSearch || smallFilter || where.isEmpty()) {
            const int n =
                countUpTo(QStringLiteral("SELECT 1 FROM subscription s %1 %2")
                              .arg(smallSearch ? QString() : filterIndexed,
                                   where.isEmpty() ? QString()
                                                   : QStringLiteral("WHERE ") +
                                                         where.join(QLatin1String(" AND "))),
                          binds);
            results.total = qMin(n, kTotalCap);
            results.totalCapped = n > kTotalCap;
        } else if (largeSearchOnly) {
            results.total = kTotalCap;
            results.totalCapped = true;
        } else if (countUpTo(QStringLiteral("SELECT 1 FROM subscription s"), {}) <= kSmallSet) {
            // Few subscriptions in all: every count is small.
            QSqlQuery c = m_db.exec(QStringLiteral("SELECT COUNT(*) FROM subscription s WHERE ") +
                                        where.join(QLatin1String(" AND ")),
                                    binds);
            results.total = c.next() ? c.value(0).toInt() : 0;
        }
    }
    // Collect and sort a small set; else walk the sort index.
    const bool walkIndex = !smallSearch && !smallFilter;
    const QString sortExpr = QLatin1String(column->expr);
    const QString expr = walkIndex ? sortExpr : QLatin1Char('+') + sortExpr;
    const QString cmp = descending ? QStringLiteral("<") : QStringLiteral(">");
    const QString sortKey = (descending ? QStringLiteral("-") : QString()) + sortName;
    if (!page.after.isEmpty()) {
        checkCursor(page, sortKey, column->numeric);
        // A row value keeps the range scan on the (expr, id) index.
        where << QStringLiteral("(%1, s.id) %2 (:k, :kid)").arg(expr, cmp);
        binds.insert(QStringLiteral(":k"), column->numeric ? QVariant(page.after.at(1).toLongLong())
                                                           : QVariant(page.after.at(1).toString()));
        binds.insert(QStringLiteral(":kid"), page.after.at(2).toString());
    }
    const QString dir = descending ? QStringLiteral("DESC") : QStringLiteral("ASC");
    QVariantList boundary; // where this page's walk stops: {key, id}
    if (walkIndex && (filtered || !text.isEmpty())) {
        QString keyset;
        if (!page.after.isEmpty())
            keyset = QStringLiteral("WHERE (%1, s.id) %2 (:k, :kid)").arg(expr, cmp);
        QVariantMap keysetBinds;
        for (const char *name : {":k", ":kid"})
            if (binds.contains(QLatin1String(name)))
                keysetBinds.insert(QLatin1String(name), binds.value(QLatin1String(name)));
        QSqlQuery b = m_db.exec(QStringLiteral("SELECT %1, s.id FROM subscription s INDEXED BY %2"
                                               " %3 ORDER BY %1 %4, s.id %4 LIMIT 1 OFFSET %5")
                                    .arg(expr, QLatin1String(column->index), keyset, dir)
                                    .arg(kScanBudget - 1),
                                keysetBinds);
        if (b.next()) {
            boundary = {b.value(0), b.value(1)};
            where << QStringLiteral("(%1, s.id) %2 (:bk, :bid)")
                         .arg(expr, descending ? QStringLiteral(">=") : QStringLiteral("<="));
            binds.insert(QStringLiteral(":bk"), boundary.at(0));
            binds.insert(QStringLiteral(":bid"), boundary.at(1));
        }
    }
    QSqlQuery q = m_db.exec(
        QStringLiteral("SELECT %1, s.peak_24h, s.blocked_24h, s.utilisation_percent, %2"
                       " FROM subscription s %3 %4 ORDER BY %2 %5, s.id %5 LIMIT %6")
            .arg(QLatin1String(kSubscriptionColumns), expr,
                 walkIndex     ? QStringLiteral("INDEXED BY ") + QLatin1String(column->index)
                 : smallSearch ? QString()
                               : filterIndexed,
                 where.isEmpty() ? QString()
                                 : QStringLiteral("WHERE ") + where.join(QLatin1String(" AND ")),
                 dir)
            .arg(page.limit + 1),
        binds);
    results.page = readPage(q, sortKey, page, isWholeId(text) ? QString() : text);
    if (results.page.nextCursor.isEmpty() && !boundary.isEmpty())
        results.page.nextCursor =
            PageRequest::encodeCursor({sortKey, boundary.at(0), boundary.at(1)});
    return results;
}

Page Inspector::searchPostgres(const QString &expr, bool numeric, bool descending,
                               const QString &sortName, const QString &text, QStringList where,
                               QVariantMap binds, const PageRequest &page)
{
    // As on SQLite, the service decides how a page is found, not the planner: the planner
    // cannot know where in the sort order a search's matches lie (an org name's matches all
    // sort together by name) and walked the whole name index for them (up to 55 s at
    // 1,000,000 subscriptions). A small set of candidates (search matches or filtered rows)
    // is read once and sorted; otherwise the sort column's index is walked, row by row, at
    // most kPostgresScanBudget rows a page: a short (even empty) page then comes with a
    // cursor that goes on from there, as on SQLite.
    const QString sortKey = (descending ? QStringLiteral("-") : QString()) + sortName;
    if (!page.after.isEmpty())
        checkCursor(page, sortKey, numeric);
    const QStringList filters = where; // filters and type: cheap conditions on the row
    const QVariantMap filterBinds = binds;
    std::optional<QStringList> candidates; // the ids of a small set, when there is one
    auto collect = [this](const QString &sql, const QVariantMap &values) {
        QSqlQuery q =
            m_db.exec(sql + QStringLiteral(" LIMIT %1").arg(kPostgresSmallSet + 1), values);
        QStringList ids;
        while (q.next())
            ids << q.value(0).toString();
        q.finish();
        return ids.size() > kPostgresSmallSet ? std::nullopt : std::make_optional(ids);
    };
    bool byId = false;
    bool matchesRead = false;
    const qsizetype characters = text.toUcs4().size();
    // The check of a document, row by row, when the search is not a small set of matches.
    const QString docMatches = QStringLiteral(
        "(SELECT f.doc FROM subscription_search f WHERE f.sid = s.id) ILIKE :p ESCAPE '\\'");
    if (isWholeId(text)) {
        // A whole id (the subscription's or one of its orgs'): at most two rows, read by id
        // (an OR of the two made the planner scan every subscription: 4 s).
        where << QStringLiteral("s.id IN (SELECT :id UNION ALL SELECT subscription_id FROM org"
                                " WHERE id = :id)");
        binds.insert(QStringLiteral(":id"), text.toLower());
        byId = true;
    } else if (characters >= 3 && !trigramSelective(text)) {
        // pg_trgm indexes runs of letters and digits only: "i.00@a" (part of an email) finds
        // its few matches among every document with a word "00" (~700,000 to recheck, 1 s).
        // Checked row by row instead, as a short search is.
        where << docMatches;
        binds.insert(QStringLiteral(":p"), containsPattern(text));
    } else if (characters >= 3) {
        // The trigram index answers ILIKE '%text%'; ILIKE folds case as FTS5's trigram
        // tokenizer does (Unicode too).
        binds.insert(QStringLiteral(":p"), containsPattern(text));
        // Reading the matches up to the cap costs the index's whole lists of the text's
        // trigrams (15-30 ms for a common word, 30-150 ms for two words, at 1,000,000
        // subscriptions). When the planner's estimate from its statistics of the documents is
        // far above the cap (kPostgresLikelyLarge), that read would only confirm it: the sort
        // index is walked at once. (Misjudged, a search is answered the other way: the same
        // rows, in pages shorter or found later.)
        const QString matching =
            QStringLiteral("SELECT sid FROM subscription_search WHERE doc ILIKE :p ESCAPE '\\'");
        const QVariantMap pattern{{QStringLiteral(":p"), binds.value(QStringLiteral(":p"))}};
        QSqlQuery plan = m_db.exec(QStringLiteral("EXPLAIN ") + matching, pattern);
        static const QRegularExpression rows(QStringLiteral(" rows=(\\d+) "));
        const double estimate =
            plan.next() ? rows.match(plan.value(0).toString()).captured(1).toDouble() : 0;
        plan.finish();
        // Planned for all its rows, read until the cap: with only the cap in view the planner
        // reads the documents one by one (2 µs each) rather than the index.
        if (estimate < kPostgresLikelyLarge) {
            matchesRead = true;
            candidates = collect(
                QStringLiteral("WITH m AS MATERIALIZED (%1) SELECT sid FROM m").arg(matching),
                pattern);
        }
        if (!candidates)
            where << docMatches;
    } else if (!text.isEmpty()) {
        // Shorter than a trigram: checked row by row with ASCII folding only, as SQLite's LIKE:
        // ILIKE under the C collation folds A-Z and nothing else, as linedesk_nocase() (whose
        // translate() takes ~50 µs a document) on both sides of a LIKE did.
        where << QStringLiteral("((SELECT f.doc FROM subscription_search f WHERE f.sid = s.id)"
                                " COLLATE \"C\") ILIKE :p ESCAPE '\\'");
        binds.insert(QStringLiteral(":p"), containsPattern(text));
    }
    if (!filters.isEmpty() && !candidates && !byId)
        candidates = collect(QStringLiteral("SELECT s.id FROM subscription s WHERE ") +
                                 filters.join(QLatin1String(" AND ")),
                             filterBinds);
    if (candidates && candidates->isEmpty())
        return {};

    const QString dir = descending ? QStringLiteral("DESC") : QStringLiteral("ASC");
    const QString cmp = descending ? QStringLiteral("<") : QStringLiteral(">");
    if (!page.after.isEmpty()) {
        binds.insert(QStringLiteral(":k"), numeric ? QVariant(page.after.at(1).toLongLong())
                                                   : QVariant(page.after.at(1).toString()));
        binds.insert(QStringLiteral(":kid"), page.after.at(2).toString());
    }
    auto keyset = [&](const QString &key) {
        return page.after.isEmpty() ? QString()
                                    : QStringLiteral("(%1, s.id) %2 (:k, :kid)").arg(key, cmp);
    };
    auto whereClause = [](const QStringList &conditions) {
        return conditions.isEmpty()
                   ? QString()
                   : QStringLiteral("WHERE ") + conditions.join(QLatin1String(" AND "));
    };
    QString sql;
    const bool walk = !candidates && !byId && !where.isEmpty();
    // The budget is for rows whose document is checked (15-20 µs each); filters alone cost
    // a few µs a row and walk four times as far. A search whose matches were read, and were
    // too many to sort, walks a quarter of it: the read took its time already, and its
    // matches are many but sparse here, or lie together farther on in this order (an org's
    // name, sorted by name), where a page's walk would not reach them either.
    const bool checksDocuments = !text.isEmpty() && !byId;
    const int budget = !checksDocuments ? 4 * kPostgresScanBudget
                       : matchesRead    ? qMax(1, kPostgresScanBudget / 4)
                                        : kPostgresScanBudget;
    if (candidates) {
        // Read by id, then sorted (the planner would rather walk the sort index looking for
        // them, which reads most of it when they sort together far from its start). The key
        // is linedesk_nocase(x) = translate(x, A-Z, a-z) spelled as lower() under the C
        // collation: the same text, compared under the same (default) collation, ~50 times
        // cheaper; only the index needs linedesk_nocase() itself.
        static const QRegularExpression nocase(QStringLiteral("^linedesk_nocase\\((.*)\\)$"));
        const QRegularExpressionMatch m = nocase.match(expr);
        const QString key =
            m.hasMatch()
                ? QStringLiteral("(lower(%1 COLLATE \"C\") COLLATE \"default\")").arg(m.captured(1))
                : expr;
        where << QStringLiteral("s.id = ANY (string_to_array(:ids, ','))");
        if (!page.after.isEmpty())
            where << keyset(key);
        binds.insert(QStringLiteral(":ids"), candidates->join(QLatin1Char(',')));
        sql = QStringLiteral("WITH s AS MATERIALIZED (SELECT s.*, %2 AS sort_key FROM"
                             " subscription s %3) SELECT %1, s.peak_24h, s.blocked_24h,"
                             " s.utilisation_percent, s.sort_key FROM s"
                             " ORDER BY s.sort_key %4, s.id %4 LIMIT %5")
                  .arg(QLatin1String(kSubscriptionColumns), key, whereClause(where), dir)
                  .arg(page.limit + 1);
    } else if (walk) {
        // The inner LIMIT keeps the walk on the sort index and bounds it; the outer query
        // stops as soon as the page is full. The last row walked comes too, matching or not
        // (it can only come last): a short page's cursor goes on after it.
        QStringList start;
        if (!page.after.isEmpty())
            start << keyset(expr);
        // (The row number is ordered like the walk, in the same query level as the check:
        // the planner then knows the rows stay in that order and adds no sort, which would
        // read the whole walk before the first row.)
        sql = QStringLiteral(
                  "SELECT %1, s.peak_24h, s.blocked_24h, s.utilisation_percent, s.sort_key,"
                  " s.matched, s.walked FROM (SELECT s.*, (%6) AS matched, row_number() OVER "
                  "(ORDER BY"
                  " s.sort_key %4, s.id %4) AS walked FROM (SELECT s.*, %2 AS sort_key"
                  " FROM subscription s %3 ORDER BY %2 %4, s.id %4 LIMIT %5) s) s"
                  " WHERE s.matched OR s.walked = %5 ORDER BY s.sort_key %4, s.id %4 LIMIT %7")
                  .arg(QLatin1String(kSubscriptionColumns), expr, whereClause(start), dir)
                  .arg(budget)
                  .arg(where.join(QLatin1String(" AND ")))
                  .arg(page.limit + 1);
    } else {
        // No condition (the sort index alone), or a whole id.
        if (!page.after.isEmpty())
            where << keyset(expr);
        sql = QStringLiteral("SELECT %1, s.peak_24h, s.blocked_24h, s.utilisation_percent, %2"
                             " FROM subscription s %3 ORDER BY %2 %4, s.id %4 LIMIT %5")
                  .arg(QLatin1String(kSubscriptionColumns), expr, whereClause(where), dir)
                  .arg(page.limit + 1);
    }
    QSqlQuery q = m_db.exec(sql, binds);
    QVariantList walkedTo; // {key, id} of the walk's last row, when the walk reached it
    bool lastMatches = true;
    if (walk && q.last() && q.value(19).toLongLong() == budget) {
        walkedTo = {q.value(17), q.value(0)};
        lastMatches = q.value(18).toBool();
    }
    q.seek(QSql::BeforeFirstRow);
    Page result = readPage(q, sortKey, page, isWholeId(text) ? QString() : text);
    if (!walkedTo.isEmpty() && result.nextCursor.isEmpty()) {
        // A short page: the walk stopped at its budget, the next page goes on from there.
        if (!lastMatches)
            result.results.removeLast();
        result.nextCursor = PageRequest::encodeCursor({sortKey, walkedTo.at(0), walkedTo.at(1)});
    }
    return result;
}

bool Inspector::isWholeId(const QString &text)
{
    static const QRegularExpression uuid(QStringLiteral(
        "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"));
    return uuid.match(text).hasMatch();
}

void Inspector::checkCursor(const PageRequest &page, const QString &sortKey, bool numeric)
{
    if (page.after.size() != 3 || page.after.at(0).toString() != sortKey ||
        page.after.at(2).toString().isEmpty() ||
        (numeric ? page.after.at(1).typeId() != QMetaType::LongLong &&
                       page.after.at(1).typeId() != QMetaType::Double
                 : page.after.at(1).typeId() != QMetaType::QString))
        throw ApiException(400, QStringLiteral("invalid-cursor"),
                           QStringLiteral("cursor belongs to another sort order"));
}

Page Inspector::readPage(QSqlQuery &q, const QString &sortKey, const PageRequest &page,
                         const QString &search)
{
    struct Row
    {
        Subscription s;
        int peak, blocked, utilisation;
    };
    QList<Row> rows;
    QVariant lastKey;
    Page result;
    const int keyColumn = 17;
    while (q.next()) {
        if (rows.size() == page.limit) {
            result.nextCursor = PageRequest::encodeCursor({sortKey, lastKey, rows.last().s.id});
            break;
        }
        Row row{Accounts::readSubscription(q), q.value(14).toInt(), q.value(15).toInt(),
                q.value(16).toInt()};
        // The calls active now are part of the 24-hour peak even before the next refresh.
        if (row.s.concurrencyCounter > row.peak) {
            row.peak = row.s.concurrencyCounter;
            const int limit = row.s.concurrencyLimit();
            row.utilisation = limit > 0 ? row.peak * 100 / limit : 100;
        }
        rows.append(row);
        lastKey = q.value(keyColumn);
    }
    q.finish();

    // The page's orgs in one read.
    QHash<QString, QJsonArray> orgs;
    QHash<QString, QJsonArray> emails;
    if (!rows.isEmpty()) {
        QStringList placeholders;
        QVariantMap orgBinds;
        for (int i = 0; i < rows.size(); ++i) {
            placeholders << QStringLiteral(":s%1").arg(i);
            orgBinds.insert(placeholders.last(), rows.at(i).s.id);
        }
        QSqlQuery o = m_db.exec(QStringLiteral("SELECT subscription_id, id, name FROM org WHERE"
                                               " subscription_id IN (%1)"
                                               " ORDER BY %2, id")
                                    .arg(placeholders.join(QLatin1Char(',')), caseless("name")),
                                orgBinds);
        while (o.next())
            orgs[o.value(0).toString()].append(QJsonObject{
                {QStringLiteral("id"), o.value(1).toString()},
                {QStringLiteral("name"), o.value(2).toString()},
            });
        if (!search.isEmpty()) {
            // Which members' emails the search matched, so a row found by an email says whose
            // (the names and ids are on the row already). Compared here as the search compares:
            // 3+ characters fold case by Unicode rules, 1 or 2 by ASCII only.
            const bool unicode = search.toUcs4().size() >= 3;
            const auto fold = [unicode](const QString &t) {
                if (unicode)
                    return t.toCaseFolded();
                QString lower = t;
                for (QChar &c : lower)
                    if (c.unicode() < 128)
                        c = c.toLower();
                return lower;
            };
            const QString needle = fold(search);
            QSqlQuery e =
                m_db.exec(QStringLiteral("SELECT DISTINCT o.subscription_id, u.email FROM org o"
                                         " JOIN membership m ON m.org_id = o.id"
                                         " JOIN app_user u ON u.id = m.user_id"
                                         " WHERE o.subscription_id IN (%1) ORDER BY u.email")
                              .arg(placeholders.join(QLatin1Char(','))),
                          orgBinds);
            while (e.next()) {
                const QString email = e.value(1).toString();
                if (fold(email).contains(needle))
                    emails[e.value(0).toString()].append(email);
            }
        }
    }
    const QDateTime usageTime = usageAt();
    const QJsonValue usageAt =
        usageTime.isValid() ? QJsonValue(json::isoTime(usageTime)) : QJsonValue();
    for (Row &row : rows) {
        const QJsonArray orgList = orgs.value(row.s.id);
        for (const QJsonValue &org : orgList)
            row.s.orgIds << org.toObject().value(QLatin1String("id")).toString();
        QJsonObject json = row.s.toJson();
        json.insert(QStringLiteral("orgs"), orgList);
        json.insert(QStringLiteral("peakCalls24h"), row.peak);
        json.insert(QStringLiteral("blockedCalls24h"), row.blocked);
        json.insert(QStringLiteral("utilisationPercent"), row.utilisation);
        json.insert(QStringLiteral("usageAt"), usageAt);
        if (!search.isEmpty())
            json.insert(QStringLiteral("matchedEmails"), emails.value(row.s.id));
        result.results.append(json);
    }
    return result;
}

std::optional<QJsonObject> Inspector::members(const QString &subscriptionId)
{
    if (!m_accounts.subscription(subscriptionId))
        return std::nullopt;
    QSqlQuery q = m_db.exec(
        QStringLiteral("SELECT o.id, o.name, o.created_at, o.updated_at, u.id, u.email, u.name,"
                       " m.role FROM org o LEFT JOIN membership m ON m.org_id = o.id"
                       " LEFT JOIN app_user u ON u.id = m.user_id WHERE o.subscription_id = :s"
                       " ORDER BY %1, o.id, u.email")
            .arg(caseless("o.name")),
        {{":s", subscriptionId}});
    QJsonArray results;
    QString currentOrg;
    QJsonObject org;
    QJsonArray users;
    auto flush = [&] {
        if (currentOrg.isEmpty())
            return;
        org.insert(QStringLiteral("users"), users);
        results.append(org);
        users = QJsonArray();
    };
    while (q.next()) {
        const QString orgId = q.value(0).toString();
        if (orgId != currentOrg) {
            flush();
            currentOrg = orgId;
            org = QJsonObject{
                {QStringLiteral("id"), orgId},
                {QStringLiteral("name"), q.value(1).toString()},
                {QStringLiteral("subscriptionId"), subscriptionId},
                {QStringLiteral("createdAt"), isoUtc(q.value(2).toLongLong())},
                {QStringLiteral("updatedAt"), isoUtc(q.value(3).toLongLong())},
            };
        }
        if (!q.value(4).isNull())
            users.append(QJsonObject{
                {QStringLiteral("id"), q.value(4).toString()},
                {QStringLiteral("email"), q.value(5).toString()},
                {QStringLiteral("name"), q.value(6).toString()},
                {QStringLiteral("role"), q.value(7).toString()},
            });
    }
    flush();
    return QJsonObject{{QStringLiteral("results"), results}};
}

int Inspector::refreshUsage(const QDateTime &now)
{
    const qint64 nowMs = now.toMSecsSinceEpoch();
    const qint64 nowSec = nowMs / 1000;
    const qint64 fromSec = nowSec - 24 * 3600;
    // The first time (or if the clock went back) every subscription is a candidate: any with
    // history in the window, calls now, or figures that must decay to zero. After that only
    // those whose window changed: rows written since the last refresh (a second's row can
    // still change, hence the margin) and rows that have left the window since.
    const QDateTime before = usageAt();
    const bool full = !before.isValid() || now < before;
    const qint64 lastSec = full ? 0 : before.toMSecsSinceEpoch() / 1000;
    // The window's peak includes the calls active now (a call held all day leaves no row in
    // the window).
    QVariantMap binds{{QStringLiteral(":from"), fromSec}, {QStringLiteral(":now"), nowMs}};
    QString figures;
    if (full) {
        // One pass over the window's rows, grouped.
        figures =
            QStringLiteral(
                "w AS (SELECT subscription_id AS sid, MAX(max_active) AS peak,"
                "  SUM(blocked) AS blocked FROM concurrency_second WHERE t >= :from"
                "  GROUP BY subscription_id),"
                " c AS (SELECT sid FROM w UNION SELECT id FROM subscription WHERE active_calls > 0"
                "  UNION SELECT id FROM subscription WHERE peak_24h > 0"
                "  UNION SELECT id FROM subscription WHERE blocked_24h > 0),"
                " n AS (SELECT s.id AS id, %1(s.active_calls, coalesce(w.peak, 0)) AS peak,"
                "  coalesce(w.blocked, 0) AS blocked, s.included_lines + s.purchased_lines AS lim"
                "  FROM c JOIN subscription s ON s.id = c.sid LEFT JOIN w ON w.sid = c.sid)")
                .arg(m_db.greatestFunction());
    } else {
        // A range read of each candidate's own rows.
        figures =
            QStringLiteral(
                "c AS (SELECT subscription_id AS sid FROM concurrency_second"
                "  WHERE t >= :lastFrom AND t < :from"
                "  UNION SELECT subscription_id FROM concurrency_second WHERE t >= :lastSec),"
                " n AS (SELECT s.id AS id, %1(s.active_calls, coalesce((SELECT MAX(x.max_active)"
                "  FROM concurrency_second x WHERE x.subscription_id = s.id AND x.t >= :from), 0))"
                "  AS peak, coalesce((SELECT SUM(x.blocked) FROM concurrency_second x"
                "  WHERE x.subscription_id = s.id AND x.t >= :from), 0) AS blocked,"
                "  s.included_lines + s.purchased_lines AS lim"
                "  FROM c JOIN subscription s ON s.id = c.sid)")
                .arg(m_db.greatestFunction());
        binds.insert(QStringLiteral(":lastFrom"), lastSec - 24 * 3600 - 2);
        binds.insert(QStringLiteral(":lastSec"), lastSec - 2);
    }
    Database::Transaction tx(m_db);
    QSqlQuery q = m_db.exec(
        QStringLiteral("WITH %1,"
                       " v AS (SELECT id, peak, blocked, CASE WHEN lim > 0 THEN peak * 100 / lim"
                       "  WHEN peak > 0 THEN 100 ELSE 0 END AS util FROM n)"
                       " UPDATE subscription SET peak_24h = v.peak, blocked_24h = v.blocked,"
                       "  utilisation_percent = v.util, usage_at = :now FROM v"
                       " WHERE subscription.id = v.id AND (subscription.peak_24h <> v.peak OR"
                       "  subscription.blocked_24h <> v.blocked OR"
                       "  subscription.utilisation_percent <> v.util)")
            .arg(figures),
        binds);
    const int changed = q.numRowsAffected();
    q.finish();
    tx.commit();
    m_usageAt->store(now.toMSecsSinceEpoch());
    qCDebug(lcInspector) << (full ? "full" : "incremental") << "usage refresh," << changed
                         << "subscriptions changed";
    return changed;
}

} // namespace linedesk::server
