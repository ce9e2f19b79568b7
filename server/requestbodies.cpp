#include "requestbodies.h"

#include "apiexception.h"
#include "freetext.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>

#include <cmath>

namespace linedesk::server {

namespace {

[[noreturn]] void badRequest(const QString &code, const QString &message)
{
    throw ApiException(400, code, message);
}

[[noreturn]] void invalidQuery(const QString &message)
{
    badRequest(QStringLiteral("invalid-analytics-query"), message);
}

// A name from the request, quoted and cut short, for a message.
QString quoted(const QString &text)
{
    return QLatin1Char('"') + text.left(100) + QLatin1Char('"');
}

// What a JSON value is, for a message ("a number", "null", …).
QString kind(const QJsonValue &v)
{
    switch (v.type()) {
    case QJsonValue::Null:
        return QStringLiteral("null");
    case QJsonValue::Bool:
        return QStringLiteral("a boolean");
    case QJsonValue::Double:
        return QStringLiteral("a number");
    case QJsonValue::String:
        return QStringLiteral("a string");
    case QJsonValue::Array:
        return QStringLiteral("an array");
    case QJsonValue::Object:
        return QStringLiteral("an object");
    case QJsonValue::Undefined:
        break;
    }
    return QStringLiteral("missing");
}

// Refuses a field of `object` that is not in `known`; `where` names the object.
void refuseUnknownFields(const QJsonObject &object, const QStringList &known, const QString &where)
{
    for (auto it = object.begin(); it != object.end(); ++it)
        if (!known.contains(it.key()))
            invalidQuery(QStringLiteral("Unknown field %1 in %2: it takes %3.")
                             .arg(quoted(it.key()), where, known.join(QStringLiteral(", "))));
}

const QStringList &analyticsSteps()
{
    static const QStringList steps{QStringLiteral("second"), QStringLiteral("minute"),
                                   QStringLiteral("hour"),   QStringLiteral("day"),
                                   QStringLiteral("week"),   QStringLiteral("month")};
    return steps;
}

// The platform's groupBy columns. None is answered here: every result is a total per bucket.
void refuseGroupBy(const QJsonValue &groupBy)
{
    static const QStringList platformColumns{
        QStringLiteral("type"), QStringLiteral("assistantId"), QStringLiteral("endedReason"),
        QStringLiteral("analysis.successEvaluation"), QStringLiteral("status")};
    QJsonArray columns;
    if (groupBy.isString())
        columns.append(groupBy);
    else if (groupBy.isArray())
        columns = groupBy.toArray();
    else
        invalidQuery(
            QStringLiteral("groupBy must be an array of column names, not %1.").arg(kind(groupBy)));
    for (const QJsonValue &c : columns) {
        if (!c.isString())
            invalidQuery(QStringLiteral("groupBy must be an array of column names; it holds %1.")
                             .arg(kind(c)));
        if (!platformColumns.contains(c.toString()))
            invalidQuery(
                QStringLiteral("groupBy %1 is not a column to group by (the platform's "
                               "are %2).")
                    .arg(quoted(c.toString()), platformColumns.join(QStringLiteral(", "))));
        invalidQuery(QStringLiteral("groupBy %1 is not supported: this service answers one total "
                                    "per time bucket. Leave groupBy out.")
                         .arg(quoted(c.toString())));
    }
}

std::optional<qint64> versionOf(const QByteArray &opaqueTag)
{
    // The ETag is "<version>" with the version in decimal: only that spelling is equal.
    if (opaqueTag.isEmpty() || opaqueTag.size() > 19 ||
        (opaqueTag.size() > 1 && opaqueTag.startsWith('0')))
        return std::nullopt;
    for (const char c : opaqueTag)
        if (c < '0' || c > '9')
            return std::nullopt;
    bool ok = false;
    const qint64 v = opaqueTag.toLongLong(&ok);
    return ok ? std::optional<qint64>(v) : std::nullopt;
}

AnalyticsOperation parseOperation(const QJsonValue &value, const QString &table)
{
    if (!value.isObject())
        invalidQuery(QStringLiteral("each operation must be an object like "
                                    "{\"operation\": \"max\", \"column\": \"concurrency\"}."));
    const QJsonObject o = value.toObject();
    refuseUnknownFields(
        o, {QStringLiteral("operation"), QStringLiteral("column"), QStringLiteral("alias")},
        QStringLiteral("an operation"));
    static const QStringList operations{QStringLiteral("max"), QStringLiteral("min"),
                                        QStringLiteral("avg"), QStringLiteral("sum"),
                                        QStringLiteral("count")};
    const QJsonValue operation = o.value(QLatin1String("operation"));
    if (!operation.isString() || !operations.contains(operation.toString()))
        invalidQuery(QStringLiteral("operation must be max, min, avg, sum or count"));
    AnalyticsOperation op;
    op.operation = operation.toString();

    const QStringList columns =
        table == QLatin1String("subscription")
            ? QStringList{QStringLiteral("concurrency"), QStringLiteral("blocked")}
            : QStringList{QStringLiteral("duration"), QStringLiteral("blocked"),
                          QStringLiteral("id")};
    const QJsonValue column = o.value(QLatin1String("column"));
    if (!(column.isUndefined() && op.operation == QLatin1String("count"))) {
        if (!column.isString() || !columns.contains(column.toString()))
            invalidQuery(QStringLiteral("column must be one of %1 for table %2")
                             .arg(columns.join(QStringLiteral(", ")), table));
        op.column = column.toString();
    }
    if (op.column == QLatin1String("concurrency") && op.operation == QLatin1String("sum"))
        invalidQuery(QStringLiteral("concurrency takes max, min, avg or count"));

    const QJsonValue alias = o.value(QLatin1String("alias"));
    if (!alias.isUndefined()) {
        if (!alias.isString() || alias.toString().isEmpty() ||
            freetext::length(alias.toString()) > 100)
            invalidQuery(QStringLiteral("alias must be a name of 1 to 100 characters"));
        op.key = alias.toString();
    } else {
        QString capitalised = op.column;
        if (!capitalised.isEmpty())
            capitalised[0] = capitalised[0].toUpper();
        op.key = op.operation + capitalised;
    }
    return op;
}

AnalyticsQuery parseQuery(const QJsonValue &value)
{
    if (!value.isObject())
        invalidQuery(QStringLiteral("each query must be an object"));
    const QJsonObject q = value.toObject();
    if (q.contains(QLatin1String("groupBy")))
        refuseGroupBy(q.value(QLatin1String("groupBy")));
    if (q.contains(QLatin1String("groupByVariableValue")))
        invalidQuery(QStringLiteral("groupByVariableValue is not supported: this service answers "
                                    "one total per time bucket."));
    refuseUnknownFields(q,
                        {QStringLiteral("name"), QStringLiteral("table"),
                         QStringLiteral("subscriptionId"), QStringLiteral("timeRange"),
                         QStringLiteral("operations"), QStringLiteral("groupBy")},
                        QStringLiteral("a query"));
    AnalyticsQuery query;

    const QJsonValue name = q.value(QLatin1String("name"));
    if (!name.isUndefined() && (!name.isString() || freetext::length(name.toString()) > 100))
        invalidQuery(QStringLiteral("name must be a string of at most 100 characters"));
    query.name = name.toString();

    const QJsonValue table = q.value(QLatin1String("table"));
    if (!table.isString() || (table.toString() != QLatin1String("subscription") &&
                              table.toString() != QLatin1String("call")))
        invalidQuery(QStringLiteral("table must be subscription or call"));
    query.table = table.toString();

    // Left out, it means the caller's only subscription; anything else must be an id.
    const QJsonValue subscriptionId = q.value(QLatin1String("subscriptionId"));
    if (!subscriptionId.isUndefined()) {
        if (!subscriptionId.isString() || subscriptionId.toString().isEmpty())
            invalidQuery(QStringLiteral("subscriptionId must be a subscription's id (a string), "
                                        "not %1; leave it out to ask about your only "
                                        "subscription.")
                             .arg(subscriptionId.isString() ? QStringLiteral("an empty string")
                                                            : kind(subscriptionId)));
        query.subscriptionId = subscriptionId.toString();
    }

    const QJsonValue rangeValue = q.value(QLatin1String("timeRange"));
    if (!rangeValue.isUndefined() && !rangeValue.isObject())
        invalidQuery(QStringLiteral("timeRange must be an object like {\"start\": …, \"end\": …, "
                                    "\"step\": \"hour\"}, not %1.")
                         .arg(kind(rangeValue)));
    const QJsonObject range = rangeValue.toObject();
    refuseUnknownFields(range,
                        {QStringLiteral("start"), QStringLiteral("end"), QStringLiteral("step"),
                         QStringLiteral("timezone")},
                        QStringLiteral("timeRange"));
    const QJsonValue timezone = range.value(QLatin1String("timezone"));
    if (!timezone.isUndefined() &&
        (!timezone.isString() ||
         timezone.toString().compare(QLatin1String("UTC"), Qt::CaseInsensitive) != 0))
        invalidQuery(QStringLiteral("timeRange.timezone: only UTC is supported (buckets start "
                                    "at UTC times); leave it out."));
    for (const char *bound : {"start", "end"}) {
        const QJsonValue v = range.value(QLatin1String(bound));
        if (v.isUndefined())
            continue;
        const auto t = v.isString() ? parseApiTime(v.toString()) : std::nullopt;
        if (!t)
            invalidQuery(QStringLiteral("timeRange needs ISO-8601 start < end"));
        (qstrcmp(bound, "start") == 0 ? query.start : query.end) = *t;
    }
    if (query.start.isValid() && query.end.isValid() && query.start >= query.end)
        invalidQuery(QStringLiteral("timeRange needs ISO-8601 start < end"));
    const QJsonValue step = range.value(QLatin1String("step"));
    if (!step.isUndefined()) {
        if (!step.isString() || !analyticsSteps().contains(step.toString()))
            invalidQuery(QStringLiteral("step must be second, minute, hour, day, week or month"));
        query.step = step.toString();
    }

    const QJsonValue operations = q.value(QLatin1String("operations"));
    if (!operations.isArray() || operations.toArray().isEmpty())
        invalidQuery(QStringLiteral("operations must be a non-empty array"));
    if (operations.toArray().size() > kMaxAnalyticsOperations)
        invalidQuery(
            QStringLiteral("a query takes at most %1 operations").arg(kMaxAnalyticsOperations));
    QSet<QString> keys{QStringLiteral("date")};
    for (const QJsonValue &v : operations.toArray()) {
        AnalyticsOperation op = parseOperation(v, query.table);
        if (keys.contains(op.key))
            invalidQuery(op.key == QLatin1String("date")
                             ? QStringLiteral("alias \"date\" is the bucket's start; choose "
                                              "another alias")
                             : QStringLiteral("two operations would both answer %1; give one "
                                              "of them another alias")
                                   .arg(quoted(op.key)));
        keys.insert(op.key);
        query.operations.append(std::move(op));
    }
    return query;
}

// A GET /call parameter's one value (refused when given more than once).
std::optional<QString> single(const QList<QPair<QString, QString>> &items, const QString &name)
{
    std::optional<QString> value;
    for (const auto &[key, v] : items) {
        if (key != name)
            continue;
        if (value)
            badRequest(QStringLiteral("invalid-parameter"),
                       QStringLiteral("%1 is given more than once; give it once.").arg(name));
        value = v;
    }
    return value;
}

} // namespace

QJsonObject parseJsonObject(const QByteArray &body, bool emptyIsObject,
                            const QString &notAnObjectMessage)
{
    if (emptyIsObject && body.trimmed().isEmpty())
        return {};
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &error);
    if (error.error != QJsonParseError::NoError)
        badRequest(QStringLiteral("malformed-json"),
                   QStringLiteral("The body is not valid JSON (%1 at offset %2).")
                       .arg(error.errorString())
                       .arg(error.offset));
    if (!doc.isObject())
        badRequest(QStringLiteral("invalid-body"),
                   notAnObjectMessage.isEmpty() ? QStringLiteral("The body must be a JSON object.")
                                                : notAnObjectMessage);
    return doc.object();
}

std::optional<QDateTime> parseApiTime(const QString &text)
{
    QDateTime t = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!t.isValid())
        return std::nullopt;
    if (t.timeSpec() == Qt::LocalTime)
        t.setTimeSpec(Qt::UTC); // the same wall-clock time, read as UTC
    return t.toUTC();
}

QuantityBody parseQuantityBody(const QByteArray &body, bool allowNegative)
{
    QuantityBody result;
    result.json = parseJsonObject(body, false,
                                  QStringLiteral("The body must be a JSON object like "
                                                 "{\"quantity\": 1}."));
    for (auto it = result.json.begin(); it != result.json.end(); ++it)
        if (it.key() != QLatin1String("quantity"))
            badRequest(QStringLiteral("unknown-field"),
                       QStringLiteral("Unknown field \"%1\": the body takes only \"quantity\".")
                           .arg(it.key().left(100)));
    const QJsonValue v = result.json.value(QLatin1String("quantity"));
    const QString range = allowNegative ? QStringLiteral("a whole number from -1000 to 1000, not 0")
                                        : QStringLiteral("a whole number from 1 to 1000");
    if (v.isUndefined())
        badRequest(QStringLiteral("missing-quantity"),
                   QStringLiteral("quantity is required: %1").arg(range));
    const double d = v.toDouble(std::nan(""));
    if (!v.isDouble() || std::isnan(d) || std::floor(d) != d || std::fabs(d) > 1000 || d == 0 ||
        (!allowNegative && d < 0))
        badRequest(QStringLiteral("invalid-quantity"),
                   QStringLiteral("quantity must be %1").arg(range));
    result.quantity = int(d);
    return result;
}

IfMatch parseIfMatch(const QByteArray &header)
{
    const auto isOws = [](char c) { return c == ' ' || c == '\t'; };
    qsizetype begin = 0;
    qsizetype end = header.size();
    while (begin < end && isOws(header.at(begin)))
        ++begin;
    while (end > begin && isOws(header.at(end - 1)))
        --end;
    const QByteArray value = header.mid(begin, end - begin);
    IfMatch m;
    if (value.isEmpty())
        return m; // no condition
    m.present = true;
    m.text = QString::fromLatin1(value.left(100));
    if (value == "*") {
        m.any = true;
        return m;
    }
    const auto malformed = [] {
        badRequest(QStringLiteral("invalid-if-match"),
                   QStringLiteral("If-Match must be * or a comma-separated list of entity tags "
                                  "such as \"12\" or W/\"12\" (the ETag of the subscription)."));
    };
    qsizetype i = 0;
    while (i < value.size()) {
        // Empty list elements ("a, , b") are allowed (RFC 9110 §5.6.1).
        if (value.at(i) == ',' || isOws(value.at(i))) {
            ++i;
            continue;
        }
        bool weak = false;
        if (value.mid(i, 2) == "W/") {
            weak = true;
            i += 2;
        }
        if (i >= value.size() || value.at(i) != '"')
            malformed();
        const qsizetype open = ++i;
        // etagc = %x21 / %x23-7E / obs-text
        while (i < value.size() && value.at(i) != '"') {
            const uchar c = uchar(value.at(i));
            if (!(c == 0x21 || (c >= 0x23 && c <= 0x7E) || c >= 0x80))
                malformed();
            ++i;
        }
        if (i >= value.size())
            malformed(); // no closing quote
        const QByteArray opaque = value.mid(open, i - open);
        ++i;
        while (i < value.size() && isOws(value.at(i)))
            ++i;
        if (i < value.size() && value.at(i) != ',')
            malformed();
        if (weak)
            continue; // strong comparison: a weak tag never matches
        if (const auto version = versionOf(opaque); version && !m.versions.contains(*version))
            m.versions.append(*version);
    }
    return m;
}

namespace {

// A `reason` (ending, renaming or deleting a call): plain text, at most 1000 characters once
// trimmed; absent or null is empty.
QString parseReason(const QJsonValue &reason)
{
    if (reason.isUndefined() || reason.isNull())
        return {};
    if (!reason.isString())
        badRequest(QStringLiteral("invalid-reason"), QStringLiteral("reason must be a string"));
    // Checked before trimming: a control character at either end is refused, not dropped.
    const QString problem = freetext::problem(reason.toString(), freetext::Lines::Multiple);
    if (!problem.isEmpty())
        badRequest(QStringLiteral("invalid-reason"),
                   QStringLiteral("reason must be plain text without control characters or "
                                  "bidirectional formatting characters; it has %1.")
                       .arg(problem));
    const QString trimmed = reason.toString().trimmed();
    const qsizetype length = freetext::length(trimmed);
    if (length > kMaxReasonLength)
        badRequest(QStringLiteral("invalid-reason"),
                   QStringLiteral("reason must be at most %1 characters; it has %2.")
                       .arg(kMaxReasonLength)
                       .arg(length));
    return trimmed;
}

} // namespace

EndCallBody parseEndCallBody(const QByteArray &body)
{
    const QJsonObject o = parseJsonObject(body, true);
    EndCallBody result;
    result.reason = parseReason(o.value(QLatin1String("reason")));
    return result;
}

UpdateCallBody parseUpdateCallBody(const QByteArray &body)
{
    // The platform's Call: what a call shows but an update cannot change.
    static const QStringList readOnly{
        QStringLiteral("type"), QStringLiteral("costs"), QStringLiteral("messages"),
        QStringLiteral("phoneCallProvider"), QStringLiteral("phoneCallTransport"),
        QStringLiteral("status"), QStringLiteral("endedReason"), QStringLiteral("endedMessage"),
        QStringLiteral("destination"), QStringLiteral("assistantVersion"),
        QStringLiteral("transport"), QStringLiteral("id"), QStringLiteral("orgId"),
        QStringLiteral("createdAt"), QStringLiteral("updatedAt"), QStringLiteral("startedAt"),
        QStringLiteral("endedAt"), QStringLiteral("cost"), QStringLiteral("costBreakdown"),
        QStringLiteral("artifactPlan"), QStringLiteral("analysis"), QStringLiteral("monitor"),
        QStringLiteral("artifact"), QStringLiteral("compliance"),
        QStringLiteral("phoneCallProviderId"), QStringLiteral("campaignId"),
        QStringLiteral("assistantId"), QStringLiteral("assistant"),
        QStringLiteral("assistantOverrides"), QStringLiteral("squadId"), QStringLiteral("squad"),
        QStringLiteral("squadOverrides"), QStringLiteral("workflowId"), QStringLiteral("workflow"),
        QStringLiteral("workflowOverrides"), QStringLiteral("phoneNumberId"),
        QStringLiteral("phoneNumber"), QStringLiteral("customerId"), QStringLiteral("customer"),
        QStringLiteral("schedulePlan"),
        // Ours.
        QStringLiteral("subscriptionId"), QStringLiteral("subscriptionLimits"),
        QStringLiteral("lastHeartbeatAt"), QStringLiteral("leaseExpiresAt"),
        QStringLiteral("deletedAt")};
    const QJsonObject o = parseJsonObject(body, true);
    for (auto it = o.begin(); it != o.end(); ++it) {
        if (it.key() == QLatin1String("name") || it.key() == QLatin1String("reason"))
            continue;
        if (readOnly.contains(it.key()))
            badRequest(QStringLiteral("read-only-field"),
                       QStringLiteral("%1 cannot be changed after the call's start; only name can.")
                           .arg(quoted(it.key())));
        badRequest(QStringLiteral("unknown-field"),
                   QStringLiteral("Unknown field %1: a call's update takes name (and reason).")
                       .arg(quoted(it.key())));
    }
    UpdateCallBody result;
    const QJsonValue name = o.value(QLatin1String("name"));
    if (!name.isUndefined()) {
        if (!name.isString())
            badRequest(QStringLiteral("invalid-field"),
                       QStringLiteral("name must be a string (\"\" removes it)"));
        const QString problem = freetext::problem(name.toString());
        if (!problem.isEmpty())
            badRequest(
                QStringLiteral("invalid-field"),
                QStringLiteral("name holds a character that is not allowed: %1").arg(problem));
        if (name.toString().size() > kMaxCallTextLength)
            badRequest(QStringLiteral("invalid-field"),
                       QStringLiteral("name is longer than %1 characters").arg(kMaxCallTextLength));
        result.name = name.toString();
    }
    result.reason = parseReason(o.value(QLatin1String("reason")));
    return result;
}

DeleteCallBody parseDeleteCallBody(const QByteArray &body)
{
    const QJsonObject o = parseJsonObject(body, true);
    for (auto it = o.begin(); it != o.end(); ++it)
        if (it.key() != QLatin1String("ids") && it.key() != QLatin1String("reason"))
            badRequest(QStringLiteral("unknown-field"),
                       QStringLiteral("Unknown field %1: deleting calls takes ids (and reason).")
                           .arg(quoted(it.key())));
    DeleteCallBody result;
    const QJsonValue ids = o.value(QLatin1String("ids"));
    if (!ids.isUndefined()) {
        const QJsonArray list = ids.toArray();
        if (!ids.isArray() || list.isEmpty() || list.size() > kMaxDeleteIds)
            badRequest(QStringLiteral("invalid-ids"),
                       QStringLiteral("ids must be an array of 1 to %1 call ids (or left out)")
                           .arg(kMaxDeleteIds));
        for (const QJsonValue &id : list) {
            if (!id.isString() || id.toString().isEmpty() || id.toString().size() > 200 ||
                !freetext::problem(id.toString()).isEmpty())
                badRequest(QStringLiteral("invalid-ids"),
                           QStringLiteral("each of ids must be a call id (a non-empty string of"
                                          " at most 200 printable characters)"));
            if (result.ids.contains(id.toString()))
                badRequest(QStringLiteral("invalid-ids"),
                           QStringLiteral("ids names %1 twice").arg(quoted(id.toString())));
            result.ids << id.toString();
        }
    }
    result.reason = parseReason(o.value(QLatin1String("reason")));
    return result;
}

QList<AnalyticsQuery> parseAnalyticsBody(const QByteArray &body)
{
    const QJsonObject o = parseJsonObject(body, false);
    refuseUnknownFields(o, {QStringLiteral("queries")}, QStringLiteral("the body"));
    const QJsonValue queries = o.value(QLatin1String("queries"));
    if (!queries.isArray() || queries.toArray().isEmpty() ||
        queries.toArray().size() > kMaxAnalyticsQueries)
        invalidQuery(QStringLiteral("queries must be an array of 1 to %1 queries")
                         .arg(kMaxAnalyticsQueries));
    QList<AnalyticsQuery> result;
    for (const QJsonValue &q : queries.toArray())
        result.append(parseQuery(q));
    return result;
}

CallListQuery parseCallListQuery(const QUrlQuery &query)
{
    static const QStringList known{QStringLiteral("id"),
                                   QStringLiteral("assistantId"),
                                   QStringLiteral("phoneNumberId"),
                                   QStringLiteral("limit"),
                                   QStringLiteral("createdAtGt"),
                                   QStringLiteral("createdAtLt"),
                                   QStringLiteral("createdAtGe"),
                                   QStringLiteral("createdAtLe"),
                                   QStringLiteral("updatedAtGt"),
                                   QStringLiteral("updatedAtLt"),
                                   QStringLiteral("updatedAtGe"),
                                   QStringLiteral("updatedAtLe"),
                                   QStringLiteral("subscriptionId"),
                                   QStringLiteral("orgId"),
                                   QStringLiteral("status")};
    const QList<QPair<QString, QString>> items = query.queryItems(QUrl::FullyDecoded);
    for (const auto &[key, value] : items)
        if (!known.contains(key))
            badRequest(QStringLiteral("unknown-parameter"),
                       QStringLiteral("Unknown query parameter %1: GET /call takes %2.")
                           .arg(quoted(key), known.join(QStringLiteral(", "))));
    CallListQuery q;
    if (const auto limit = single(items, QStringLiteral("limit"))) {
        bool ok = false;
        q.limit = limit->toInt(&ok);
        if (!ok || q.limit < 1 || q.limit > 1000)
            badRequest(QStringLiteral("invalid-limit"),
                       QStringLiteral("limit must be a whole number from 1 to 1000"));
    }
    const std::pair<const char *, std::optional<qint64> CallListQuery::*> times[] = {
        {"createdAtGt", &CallListQuery::createdAtGtMs},
        {"createdAtLt", &CallListQuery::createdAtLtMs},
        {"createdAtGe", &CallListQuery::createdAtGeMs},
        {"createdAtLe", &CallListQuery::createdAtLeMs},
        {"updatedAtGt", &CallListQuery::updatedAtGtMs},
        {"updatedAtLt", &CallListQuery::updatedAtLtMs},
        {"updatedAtGe", &CallListQuery::updatedAtGeMs},
        {"updatedAtLe", &CallListQuery::updatedAtLeMs},
    };
    for (const auto &[name, member] : times) {
        const auto value = single(items, QLatin1String(name));
        if (!value)
            continue;
        const auto t = parseApiTime(*value);
        if (!t)
            badRequest(QStringLiteral("invalid-time"),
                       QStringLiteral("%1 must be an ISO-8601 time").arg(QLatin1String(name)));
        q.*member = t->toMSecsSinceEpoch();
    }
    if (const auto status = single(items, QStringLiteral("status"))) {
        if (*status != QLatin1String("in-progress") && *status != QLatin1String("ended"))
            badRequest(QStringLiteral("invalid-status"),
                       QStringLiteral("status must be in-progress or ended, not %1.")
                           .arg(quoted(*status)));
        q.status = *status;
    }
    for (const auto &[name, member] :
         {std::pair{"subscriptionId", &CallListQuery::subscriptionId},
          std::pair{"orgId", &CallListQuery::orgId}, std::pair{"id", &CallListQuery::id},
          std::pair{"assistantId", &CallListQuery::assistantId},
          std::pair{"phoneNumberId", &CallListQuery::phoneNumberId}}) {
        const auto value = single(items, QLatin1String(name));
        if (!value)
            continue;
        if (value->isEmpty())
            badRequest(QStringLiteral("invalid-parameter"),
                       QStringLiteral("%1 must not be empty; leave it out for all calls.")
                           .arg(QLatin1String(name)));
        if (value->size() > 200)
            badRequest(QStringLiteral("invalid-parameter"),
                       QStringLiteral("%1 is longer than 200 characters: no call has such an id.")
                           .arg(QLatin1String(name)));
        if (const QString problem = freetext::problem(*value); !problem.isEmpty())
            badRequest(QStringLiteral("invalid-parameter"),
                       QStringLiteral("%1 holds a character no id has: %2")
                           .arg(QLatin1String(name), problem));
        q.*member = *value;
    }
    return q;
}

CapacityPlanParameters parseCapacityPlanQuery(const QUrlQuery &query)
{
    static const QStringList known{QStringLiteral("from"), QStringLiteral("to"),
                                   QStringLiteral("target")};
    const QList<QPair<QString, QString>> items = query.queryItems(QUrl::FullyDecoded);
    for (const auto &[key, value] : items)
        if (!known.contains(key))
            badRequest(QStringLiteral("unknown-parameter"),
                       QStringLiteral("Unknown query parameter %1: the plan takes %2.")
                           .arg(quoted(key), known.join(QStringLiteral(", "))));
    CapacityPlanParameters p;
    for (const auto &[name, member] : {std::pair{"from", &CapacityPlanParameters::from},
                                       std::pair{"to", &CapacityPlanParameters::to},
                                       std::pair{"target", &CapacityPlanParameters::target}}) {
        const auto value = single(items, QLatin1String(name));
        if (!value)
            continue;
        if (value->isEmpty())
            badRequest(QStringLiteral("invalid-parameter"),
                       QStringLiteral("%1 is empty: give a value or leave it out.")
                           .arg(QLatin1String(name)));
        p.*member = *value;
    }
    return p;
}

namespace {

// A JSON number that is a whole number from lo to hi.
std::optional<int> wholeNumber(const QJsonValue &v, int lo, int hi)
{
    if (!v.isDouble())
        return std::nullopt;
    const double d = v.toDouble();
    if (!std::isfinite(d) || std::floor(d) != d || d < lo || d > hi)
        return std::nullopt;
    return int(d);
}

[[noreturn]] void invalidRules(const QString &message)
{
    badRequest(QStringLiteral("invalid-alert-rules"), message);
}

} // namespace

AlertRulesBody parseAlertRulesBody(const QByteArray &body)
{
    const QJsonObject o = parseJsonObject(
        body, false,
        QStringLiteral("The body must be a JSON object like {\"nearLimitPercent\": 80, "
                       "\"nearLimitSeconds\": 60, \"onBlocked\": true, \"renewalWarningDays\": 3, "
                       "\"onFrozen\": true}."));
    static const QStringList known{QStringLiteral("nearLimitPercent"),
                                   QStringLiteral("nearLimitSeconds"), QStringLiteral("onBlocked"),
                                   QStringLiteral("renewalWarningDays"),
                                   QStringLiteral("onFrozen")};
    for (auto it = o.begin(); it != o.end(); ++it)
        if (!known.contains(it.key()))
            badRequest(QStringLiteral("unknown-field"),
                       QStringLiteral("Unknown field %1: the rules are %2.")
                           .arg(quoted(it.key()), known.join(QStringLiteral(", "))));
    AlertRulesBody r;
    // A number that may be null (the alert off), or a plain whole number.
    const auto number = [&o](const char *name, int lo, int hi, bool nullable,
                             std::optional<int> *out) {
        const QJsonValue v = o.value(QLatin1String(name));
        if (v.isUndefined())
            return;
        if (v.isNull() && nullable) {
            *out = std::nullopt;
            return;
        }
        const auto n = wholeNumber(v, lo, hi);
        if (!n)
            invalidRules(
                QStringLiteral("%1 must be a whole number from %2 to %3%4, not %5.")
                    .arg(QLatin1String(name))
                    .arg(lo)
                    .arg(hi)
                    .arg(nullable ? QStringLiteral(" (or null to switch it off)") : QString(),
                         v.isDouble() ? QString::number(v.toDouble()) : kind(v)));
        *out = n;
    };
    const auto flag = [&o](const char *name, bool *out) {
        const QJsonValue v = o.value(QLatin1String(name));
        if (v.isUndefined())
            return;
        if (!v.isBool())
            invalidRules(QStringLiteral("%1 must be true or false, not %2.")
                             .arg(QLatin1String(name), kind(v)));
        *out = v.toBool();
    };
    number("nearLimitPercent", 1, 100, true, &r.nearLimitPercent);
    std::optional<int> seconds = r.nearLimitSeconds;
    number("nearLimitSeconds", 0, 3600, false, &seconds);
    r.nearLimitSeconds = *seconds;
    flag("onBlocked", &r.onBlocked);
    number("renewalWarningDays", 1, 30, true, &r.renewalWarningDays);
    flag("onFrozen", &r.onFrozen);
    return r;
}

const QStringList kAlertKinds{QStringLiteral("near-limit"), QStringLiteral("blocked"),
                              QStringLiteral("renewal-at-risk"), QStringLiteral("frozen")};

AlertListQuery parseAlertListQuery(const QUrlQuery &query)
{
    static const QStringList known{QStringLiteral("state"), QStringLiteral("kind"),
                                   QStringLiteral("limit"), QStringLiteral("cursor")};
    const QList<QPair<QString, QString>> items = query.queryItems(QUrl::FullyDecoded);
    for (const auto &[key, value] : items)
        if (!known.contains(key))
            badRequest(QStringLiteral("unknown-parameter"),
                       QStringLiteral("Unknown query parameter %1: the alerts take %2.")
                           .arg(quoted(key), known.join(QStringLiteral(", "))));
    for (const QString &name : known)
        single(items, name); // each at most once
    AlertListQuery q;
    if (const auto state = single(items, QStringLiteral("state"))) {
        if (*state != QLatin1String("firing") && *state != QLatin1String("resolved"))
            badRequest(
                QStringLiteral("invalid-parameter"),
                QStringLiteral("state must be firing or resolved, not %1.").arg(quoted(*state)));
        q.state = *state;
    }
    if (const auto kindValue = single(items, QStringLiteral("kind"))) {
        if (!kAlertKinds.contains(*kindValue))
            badRequest(QStringLiteral("invalid-parameter"),
                       QStringLiteral("kind must be one of %1, not %2.")
                           .arg(kAlertKinds.join(QStringLiteral(", ")), quoted(*kindValue)));
        q.kind = *kindValue;
    }
    return q;
}

bool isPublicAddress(const QHostAddress &address)
{
    if (address.isNull())
        return false;
    if (address.protocol() == QAbstractSocket::IPv6Protocol) {
        const Q_IPV6ADDR a = address.toIPv6Address();
        bool mapped = true; // ::ffff:a.b.c.d
        for (int i = 0; i < 10; ++i)
            mapped = mapped && a[i] == 0;
        mapped = mapped && a[10] == 0xff && a[11] == 0xff;
        static const QHostAddress nat64(QStringLiteral("64:ff9b::"));
        if (mapped || address.isInSubnet(nat64, 96))
            return isPublicAddress(QHostAddress(quint32(a[12]) << 24 | quint32(a[13]) << 16 |
                                                quint32(a[14]) << 8 | quint32(a[15])));
        static const QList<QPair<QHostAddress, int>> blocked{
            QHostAddress::parseSubnet(QStringLiteral("::/128")),
            QHostAddress::parseSubnet(QStringLiteral("::1/128")),
            QHostAddress::parseSubnet(QStringLiteral("::/96")),    // IPv4-compatible (deprecated)
            QHostAddress::parseSubnet(QStringLiteral("100::/64")), // discard
            QHostAddress::parseSubnet(QStringLiteral("2001:db8::/32")), // documentation
            QHostAddress::parseSubnet(QStringLiteral("2001::/23")),     // IETF special purpose
            QHostAddress::parseSubnet(QStringLiteral("fc00::/7")),      // unique local
            QHostAddress::parseSubnet(QStringLiteral("fe80::/10")),     // link-local
            QHostAddress::parseSubnet(QStringLiteral("fec0::/10")),     // site-local
            QHostAddress::parseSubnet(QStringLiteral("ff00::/8")),      // multicast
        };
        for (const auto &[net, bits] : blocked)
            if (address.isInSubnet(net, bits))
                return false;
        return true;
    }
    static const QList<QPair<QHostAddress, int>> blocked{
        QHostAddress::parseSubnet(QStringLiteral("0.0.0.0/8")),
        QHostAddress::parseSubnet(QStringLiteral("10.0.0.0/8")),
        QHostAddress::parseSubnet(QStringLiteral("100.64.0.0/10")),
        QHostAddress::parseSubnet(QStringLiteral("127.0.0.0/8")),
        QHostAddress::parseSubnet(QStringLiteral("169.254.0.0/16")),
        QHostAddress::parseSubnet(QStringLiteral("172.16.0.0/12")),
        QHostAddress::parseSubnet(QStringLiteral("192.0.0.0/24")),
        QHostAddress::parseSubnet(QStringLiteral("192.0.2.0/24")),
        QHostAddress::parseSubnet(QStringLiteral("192.168.0.0/16")),
        QHostAddress::parseSubnet(QStringLiteral("198.18.0.0/15")),
        QHostAddress::parseSubnet(QStringLiteral("198.51.100.0/24")),
        QHostAddress::parseSubnet(QStringLiteral("203.0.113.0/24")),
        QHostAddress::parseSubnet(QStringLiteral("224.0.0.0/4")),
        QHostAddress::parseSubnet(QStringLiteral("240.0.0.0/4")),
    };
    for (const auto &[net, bits] : blocked)
        if (address.isInSubnet(net, bits))
            return false;
    return true;
}

WebhookBody parseWebhookBody(const QByteArray &body, bool allowPrivate)
{
    const QJsonObject o = parseJsonObject(
        body, false,
        QStringLiteral(
            "The body must be a JSON object like {\"url\": \"https://example.com/hook\", "
            "\"secret\": \"…\"}."));
    for (auto it = o.begin(); it != o.end(); ++it)
        if (it.key() != QLatin1String("url") && it.key() != QLatin1String("secret"))
            badRequest(QStringLiteral("unknown-field"),
                       QStringLiteral("Unknown field %1: a webhook takes url and secret.")
                           .arg(quoted(it.key())));
    const QJsonValue url = o.value(QLatin1String("url"));
    const QJsonValue secret = o.value(QLatin1String("secret"));
    const auto badUrl = [](const QString &why) {
        badRequest(QStringLiteral("invalid-webhook-url"), why);
    };
    if (!url.isString())
        badUrl(QStringLiteral("url must be a string like \"https://example.com/hook\", not %1.")
                   .arg(kind(url)));
    const QString text = url.toString();
    if (text.size() > 2048)
        badUrl(QStringLiteral("url is %1 characters long; at most 2048.").arg(text.size()));
    for (const QChar c : text)
        if (c.unicode() <= 0x20 || c.unicode() >= 0x7f)
            badUrl(QStringLiteral("url must not hold spaces, control or non-ASCII characters "
                                  "(percent-encode them)."));
    WebhookBody r;
    r.url = QUrl(text, QUrl::StrictMode);
    const QString scheme = r.url.scheme();
    if (!r.url.isValid() || (scheme != QLatin1String("http") && scheme != QLatin1String("https")))
        badUrl(QStringLiteral("url must be an absolute http:// or https:// URL, not %1.")
                   .arg(quoted(text)));
    if (r.url.host().isEmpty())
        badUrl(QStringLiteral("url has no host."));
    if (!r.url.userInfo().isEmpty())
        badUrl(QStringLiteral("url must not carry a user name or password; sign with the secret "
                              "instead."));
    if (r.url.hasFragment())
        badUrl(QStringLiteral("url must not have a #fragment."));
    if (!allowPrivate) {
        const QString host = r.url.host().toLower();
        QHostAddress literal;
        const bool isLiteral = literal.setAddress(host);
        if (host == QLatin1String("localhost") || host.endsWith(QLatin1String(".localhost")) ||
            (isLiteral && !isPublicAddress(literal)))
            badRequest(QStringLiteral("webhook-address-not-allowed"),
                       QStringLiteral("%1 is a loopback, private or otherwise non-public address: "
                                      "this service delivers webhooks only to public addresses "
                                      "(its operator can allow others with "
                                      "--allow-private-webhooks).")
                           .arg(r.url.host()));
    }
    if (!secret.isString())
        badRequest(QStringLiteral("invalid-webhook-secret"),
                   QStringLiteral("secret must be a string of 16 to 256 characters, not %1.")
                       .arg(kind(secret)));
    r.secret = secret.toString();
    if (r.secret.size() < 16 || r.secret.size() > 256)
        badRequest(QStringLiteral("invalid-webhook-secret"),
                   QStringLiteral("secret must be 16 to 256 characters long; it is %1.")
                       .arg(r.secret.size()));
    for (const QChar c : r.secret)
        if (c.unicode() <= 0x20 || c.unicode() >= 0x7f)
            badRequest(QStringLiteral("invalid-webhook-secret"),
                       QStringLiteral("secret must hold printable ASCII characters only, without "
                                      "spaces."));
    return r;
}

} // namespace linedesk::server
